using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Organisation;
using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Demo;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;
using Rapport.TestSupport;
using Rapport.Web.Access;

namespace Rapport.Web.Tests;

/// <summary>
/// The real web app on 127.0.0.1 (a free port), on a SQLite database holding a small demo business
/// with a plan, every member of staff with the password <see cref="Password"/>. Shared by the tests
/// of a class; tests that change data make their own changes only.
/// </summary>
public sealed class RapportSite : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;

    public TempFolder Folder { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public RapportDatabase Database { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The options the app was built with: another app on the same database can start from them.</summary>
    public WebOptions Options { get; private set; } = null!;

    /// <summary>The staff, with their role and branch.</summary>
    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    public StaffMember Admin => Staff.First(s => s.Role == StaffRole.Admin);

    public async Task InitializeAsync()
    {
        var files = DemoBusiness.Write(Folder.File("demo"), new DemoOptions(400, 7, DateOnly.FromDateTime(Now.UtcDateTime)));
        Database = await RapportDatabase.OpenAsync(DatabaseLocation.SqliteFile(Folder.File("rapport.db")), CancellationToken.None);
        var importer = new Importer(Database, Time);
        foreach (var (kind, path) in new[]
        {
            (ImportKind.Branches, files.Branches), (ImportKind.Staff, files.Staff), (ImportKind.Customers, files.Customers),
            (ImportKind.Consents, files.Consents), (ImportKind.Purchases, files.Purchases), (ImportKind.Touches, files.Touches),
        })
        {
            var result = await importer.ImportAsync(kind, path, new ImportOptions(), CancellationToken.None);
            Assert.True(result.Problems.Count == 0, string.Join('\n', result.Problems));
        }

        var policy = new LoadedPolicy(Core.Planning.ContactPolicy.Default, Core.Planning.PublicHolidays.None, null);
        await PlanMaker.RunAsync(Database, policy, DateOnly.FromDateTime(Now.UtcDateTime), 90, Now, null, CancellationToken.None);

        await using (var context = Database.CreateContext())
        {
            Staff = await context.Staff.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        }

        var accounts = new StaffAccounts(Database, Time);
        foreach (var member in Staff)
        {
            await accounts.SetPasswordAsync(member.Id, Password, "test", CancellationToken.None);
        }

        Options = new WebOptions(Database, policy, TemplateLibrary.Defaults, "http://127.0.0.1:0", null, Time);
        _app = RapportWebApp.Build(Options);
        await _app.StartAsync();
        BaseAddress = RapportWebApp.Addresses(_app)[0];
    }

    /// <summary>A browser-like client of its own: cookies, no automatic redirects.</summary>
    public WebClient NewClient() => new(BaseAddress);

    /// <summary>A client already signed in as this member of staff.</summary>
    public async Task<WebClient> SignedInAsync(StaffMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var client = NewClient();
        using var response = await client.SignInAsync(member.Id, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
