using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Moments;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Moments;

/// <summary>Moments read from and stored in the database, on each provider (see the subclasses at the end).</summary>
public abstract class MomentMakerTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Now);
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var importer = new Importer(_database, _time);
        var files = SampleBusiness.Files.Select(f => f.Kind switch
        {
            // Yesterday: a return purchase by C2, a first purchase in a new line by C1, a suggestion from C2.
            "purchases" => (f.Kind, f.Content + "P5,C2,2026-11-22T15:00:00Z,80,CHF,Lamp,lighting,furniture,B1\nP6,C1,2026-11-22T16:00:00Z,20,CHF,Mug,kitchen,home,B2\n"),
            "touches" => (f.Kind, f.Content + "T4,C2,2026-11-22T10:00:00Z,email,in,suggestion,,,Open on Sundays\n"),
            _ => (f.Kind, f.Content),
        });
        foreach (var (kind, content) in files)
        {
            var path = SampleBusiness.WriteFile(_folder, kind + ".csv", content);
            var result = await importer.ImportAsync(Enum.Parse<ImportKind>(kind, ignoreCase: true), path, new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_TwiceOverTheSameEvents_StoresEachTouchOnce()
    {
        var first = await MomentMaker.RunAsync(_database, ContactPolicy.Default, PublicHolidays.None, Now, CancellationToken.None);
        var second = await MomentMaker.RunAsync(_database, ContactPolicy.Default, PublicHolidays.None, Now.AddHours(3), CancellationToken.None);

        // C2's return purchase: a thank-you, by phone, C2's first choice. C1 withdrew e-mail and allows only the phone: the
        // thank-you is a call, and the welcome kit to a new line, which no call carries, is held.
        // C2's suggestion: an acknowledgement and a gift.
        Assert.Equal(["purchase:P5:thank-you", "purchase:P6:thank-you", "touch:T4:acknowledgement", "touch:T4:reward"], first.Added.Select(t => t.Key));
        Assert.Equal("phone", first.Added[1].Channel.ToString().ToLowerInvariant());
        Assert.Contains(first.Held, h => h.Key == "purchase:P6:welcome-kit");
        Assert.Empty(second.Added);
        Assert.Equal(4, second.Known);
        await using var context = _database.CreateContext();
        Assert.Equal(4, await context.Moments.CountAsync());
        var thanks = await context.Moments.SingleAsync(m => m.Key == "purchase:P5:thank-you");
        Assert.Equal(("C2", "phone", "Lamp", new DateOnly(2026, 11, 24)), (thanks.CustomerId, thanks.Channel, thanks.Product, thanks.Due));
    }

    [Fact]
    public async Task Plan_HoldsTheTriggeredTouchesAsReplies()
    {
        var made = await PlanMaker.RunAsync(_database, new LoadedPolicy(ContactPolicy.Default, PublicHolidays.None, null), new DateOnly(2026, 11, 23), 90, Now, null, CancellationToken.None);

        Assert.Equal(4, made.Moments!.Added.Count);
        var plan = await PlanStore.RunAsync(_database, CancellationToken.None);
        var touches = new List<StoredTouch>();
        await foreach (var touch in PlanStore.TouchesAsync(_database, plan!, CancellationToken.None))
        {
            if (touch.CustomerId == "C2")
            {
                touches.Add(touch);
            }
        }

        Assert.Contains(touches, t => t.Kind == TouchKind.ThankYou && t.IsCall && t.Day <= new DateOnly(2026, 11, 24) && t.Rule == PlanRule.Reply);
        Assert.Contains(touches, t => t.Kind == TouchKind.Acknowledgement && t.Rule == PlanRule.Reply);
    }
}

public sealed class SqliteMomentMakerTests : MomentMakerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMomentMakerTests : MomentMakerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
