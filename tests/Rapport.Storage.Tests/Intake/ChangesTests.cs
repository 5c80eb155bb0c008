using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Storage.Access;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Intake;

/// <summary>
/// The services the web app and the API write through: customers created and edited, consent
/// recorded, purchases and touches taken in with their moments — within the caller's scope, with
/// errors by field, audited, and safe to repeat. On each provider (see the subclasses at the end).
/// </summary>
public abstract class ChangesTests : IAsyncLifetime, IDisposable
{
    private const int SampleConsents = 6;

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly AccessScope Admin = AccessScope.Everything("staff:ADMIN");
    private static readonly AccessScope BranchOne = new("staff:S1", new HashSet<string>(StringComparer.Ordinal) { "B1" });
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Now);
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var importer = new Importer(_database, _time);
        foreach (var (kind, name, content) in SampleBusiness.Files)
        {
            var result = await importer.ImportAsync(Enum.Parse<ImportKind>(kind, ignoreCase: true), SampleBusiness.WriteFile(_folder, name, content), new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    private CustomerChanges Customers => new(_database, _time);

    private Rapport.Storage.Intake.Intake Intake => new(_database, _time, ContactPolicy.Default, PublicHolidays.None);

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndAuditsOldAndNew()
    {
        var change = await Customers.UpdateAsync("C2", new Dictionary<string, string?> { ["email"] = "sean.new@example.com", ["preferred_frequency"] = "monthly" }, BranchOne, CancellationToken.None);

        Assert.True(change.Success, string.Join("; ", change.Problems));
        Assert.Equal(["email", "preferred_frequency"], change.Changed);
        await using var context = _database.CreateContext();
        var stored = await context.Customers.SingleAsync(c => c.Id == "C2");
        Assert.Equal("sean.new@example.com", stored.Emails.Single().Value);
        Assert.Equal("Seán", stored.FirstName);
        Assert.Equal("C1", stored.ReferredBy);
        var audit = await context.AuditLog.SingleAsync(a => a.Action == "update-customer");
        Assert.Equal(("staff:S1", "customer:C2"), (audit.Actor, audit.Subject));
        Assert.Contains("sean@example.com", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("sean.new@example.com", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_BadValues_AreRefusedByFieldAndNothingIsStored()
    {
        var change = await Customers.UpdateAsync("C2", new Dictionary<string, string?> { ["email"] = "sean@", ["preferred_channels"] = "email;pigeon", ["favourite_colour"] = "blue" }, Admin, CancellationToken.None);

        Assert.False(change.Success);
        Assert.Contains(change.Problems, p => p.Field == "favourite_colour");
        change = await Customers.UpdateAsync("C2", new Dictionary<string, string?> { ["email"] = "sean@", ["preferred_channels"] = "email;pigeon" }, Admin, CancellationToken.None);
        Assert.Contains(change.Problems, p => p.Field == "email" && p.Message.Contains("sean@", StringComparison.Ordinal));
        Assert.Contains(change.Problems, p => p.Field == "preferred_channels" && p.Message.Contains("pigeon", StringComparison.Ordinal));
        await using var context = _database.CreateContext();
        Assert.Equal("sean@example.com", (await context.Customers.SingleAsync(c => c.Id == "C2")).Emails.Single().Value);
        Assert.False(await context.AuditLog.AnyAsync());
    }

    [Fact]
    public async Task Update_CustomerOfAnotherBranch_IsNotFound_LikeAnUnknownId()
    {
        var other = await Customers.UpdateAsync("C1", new Dictionary<string, string?> { ["first_name"] = "Mallory" }, BranchOne, CancellationToken.None);
        var unknown = await Customers.UpdateAsync("C404", new Dictionary<string, string?> { ["first_name"] = "Mallory" }, BranchOne, CancellationToken.None);

        Assert.True(other.NotFound);
        Assert.Equal(other, unknown);
        await using var context = _database.CreateContext();
        Assert.Equal("Zoë", (await context.Customers.SingleAsync(c => c.Id == "C1")).FirstName);
    }

    [Fact]
    public async Task Update_MovingACustomerToABranchOutsideTheScope_IsRefused()
    {
        var change = await Customers.UpdateAsync("C2", new Dictionary<string, string?> { ["home_branch_id"] = "B2" }, BranchOne, CancellationToken.None);

        Assert.Contains(change.Problems, p => p.Field == "home_branch_id");
    }

    [Fact]
    public async Task Create_WithinTheScope_DefaultsTheBranch_AndRefusesADuplicate()
    {
        var created = await Customers.CreateAsync(new Dictionary<string, string?> { ["customer_id"] = "C9", ["first_name"] = "Ines", ["email"] = "ines@example.com", ["referred_by"] = "C2" }, BranchOne, ContactPolicy.Default, PublicHolidays.None, CancellationToken.None);
        var again = await Customers.CreateAsync(new Dictionary<string, string?> { ["customer_id"] = "C9" }, BranchOne, ContactPolicy.Default, PublicHolidays.None, CancellationToken.None);
        var unknownReferrer = await Customers.CreateAsync(new Dictionary<string, string?> { ["customer_id"] = "C10", ["referred_by"] = "C404" }, BranchOne, ContactPolicy.Default, PublicHolidays.None, CancellationToken.None);

        Assert.True(created.Success, string.Join("; ", created.Problems));
        Assert.Equal("B1", created.Customer!.HomeBranchId);
        Assert.Equal(Now, created.Customer.CreatedAt);
        Assert.Contains(again.Problems, p => p.Field == "customer_id" && p.Message.Contains("already exists", StringComparison.Ordinal));
        Assert.Contains(unknownReferrer.Problems, p => p.Field == "referred_by");
        await using var context = _database.CreateContext();

        // The new customer named C2 as referrer: C2's referral thanks is made at once.
        Assert.True(await context.Moments.AnyAsync(m => m.Key == "referral:C9:referral-thanks" && m.CustomerId == "C2"));
    }

    [Fact]
    public async Task Consent_IsAppendedWithItsEvidence_AndOnlyInScope()
    {
        var records = await ConsentChanges.RecordAsync(_database, BranchOne, "C2", [Channel.Email, Channel.Sms], ConsentStatus.Withdrawn, SuppressionReason.Unsubscribed, "preference-page", "ticked 'no more e-mail'", Now, CancellationToken.None);
        var refused = await ConsentChanges.RecordAsync(_database, BranchOne, "C1", [Channel.Email], ConsentStatus.Granted, null, "preference-page", "x", Now, CancellationToken.None);

        Assert.Equal(2, records!.Count);
        Assert.Null(refused);
        await using var context = _database.CreateContext();
        Assert.Equal(2, await context.Consents.CountAsync(c => c.CustomerId == "C2" && c.Evidence == "ticked 'no more e-mail'"));
        Assert.Equal(SampleConsents + 2, await context.Consents.CountAsync());
        Assert.True(await context.AuditLog.AnyAsync(a => a.Action == "withdraw-consent" && a.Subject == "customer:C2"));
    }

    [Fact]
    public async Task Purchase_IsStoredOnce_AndItsThankYouIsMadeAtOnce()
    {
        var fields = new Dictionary<string, string?> { ["purchase_id"] = "P100", ["customer_id"] = "C2", ["at"] = "2026-11-23T10:00:00Z", ["amount"] = "49.90", ["currency"] = "CHF", ["product"] = "Lamp" };

        var first = await Intake.PurchaseAsync(fields, BranchOne, CancellationToken.None);
        var retry = await Intake.PurchaseAsync(fields, BranchOne, CancellationToken.None);
        var changed = await Intake.PurchaseAsync(new Dictionary<string, string?>(fields) { ["amount"] = "1" }, BranchOne, CancellationToken.None);

        Assert.True(first.Success, string.Join("; ", first.Problems));
        Assert.Contains(first.Moments!, m => m.Key == "purchase:P100:thank-you");
        Assert.True(retry.AlreadyRecorded);
        Assert.Contains(changed.Problems, p => p.Field == "purchase_id");
        await using var context = _database.CreateContext();
        Assert.Equal(1, await context.Purchases.CountAsync(p => p.Id == "P100"));
        Assert.Equal(1, await context.Moments.CountAsync(m => m.Key == "purchase:P100:thank-you"));
    }

    [Fact]
    public async Task Purchase_PostedWithoutATime_AndRetriedLater_IsTheSamePurchase_KeepingItsFirstTime()
    {
        var fields = new Dictionary<string, string?> { ["purchase_id"] = "P120", ["customer_id"] = "C2", ["amount"] = "12.00", ["product"] = "Candle" };

        var first = await Intake.PurchaseAsync(fields, BranchOne, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        var retry = await Intake.PurchaseAsync(fields, BranchOne, CancellationToken.None);
        var changed = await Intake.PurchaseAsync(new Dictionary<string, string?>(fields) { ["amount"] = "13.00" }, BranchOne, CancellationToken.None);
        var timed = await Intake.PurchaseAsync(new Dictionary<string, string?>(fields) { ["at"] = "2026-11-23T12:00:30Z" }, BranchOne, CancellationToken.None);

        Assert.True(first.Success && !first.AlreadyRecorded, string.Join("; ", first.Problems));
        Assert.True(retry.AlreadyRecorded);
        Assert.Equal(Now, retry.Item!.At);
        Assert.True(changed.Conflict);

        // A time given explicitly is one of the values compared.
        Assert.True(timed.Conflict);
    }

    [Fact]
    public async Task Purchase_PostedManyTimesAtOnce_IsStoredAndAuditedOnce_WithOneThankYou()
    {
        var fields = new Dictionary<string, string?> { ["purchase_id"] = "P110", ["customer_id"] = "C2", ["at"] = "2026-11-23T10:00:00Z", ["amount"] = "19.90", ["product"] = "Vase" };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Intake.PurchaseAsync(fields, BranchOne, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Success, string.Join("; ", r.Problems)));
        Assert.Single(results, r => !r.AlreadyRecorded);
        Assert.Contains(results.Single(r => !r.AlreadyRecorded).Moments!, m => m.Key == "purchase:P110:thank-you");
        await using var context = _database.CreateContext();
        Assert.Equal(1, await context.Purchases.CountAsync(p => p.Id == "P110"));
        Assert.Equal(1, await context.AuditLog.CountAsync(a => a.Action == "record-purchase" && a.Detail == "purchase P110"));
        Assert.Equal(1, await context.Moments.CountAsync(m => m.Key == "purchase:P110:thank-you"));
    }

    [Fact]
    public async Task Purchases_OfSeveralCustomersAtOnce_AreEachStoredAndAuditedOnce_WithTheirOwnThankYou()
    {
        // Enough at once that, on SQLite, several are written in one transaction (group commit).
        var customers = new[] { "C1", "C2", "C3" };
        var posts = Enumerable.Range(0, 90).Select(i => new Dictionary<string, string?>
        {
            ["purchase_id"] = $"PM{i:00}",
            ["customer_id"] = customers[i % customers.Length],
            ["at"] = "2026-11-23T09:00:00Z",
            ["amount"] = $"{i}.25",
            ["product"] = $"Item {i}",
        }).ToArray();

        var results = await Task.WhenAll(posts.Select(fields => Task.Run(() => Intake.PurchaseAsync(fields, Admin, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Success && !r.AlreadyRecorded, string.Join("; ", r.Problems)));
        Assert.All(results, r => Assert.Contains(r.Moments!, m => m.Key == $"purchase:{r.Item!.Id}:thank-you" && m.CustomerId == r.Item.CustomerId));
        await using var context = _database.CreateContext();
        var stored = await context.Purchases.AsNoTracking().Where(p => p.Id.StartsWith("PM")).ToDictionaryAsync(p => p.Id);
        Assert.Equal(90, stored.Count);
        Assert.All(posts, f => Assert.Equal((f["customer_id"], decimal.Parse(f["amount"]!, System.Globalization.CultureInfo.InvariantCulture), f["product"]), (stored[f["purchase_id"]!].CustomerId, stored[f["purchase_id"]!].Amount, stored[f["purchase_id"]!].Product)));
        Assert.Equal(90, await context.AuditLog.CountAsync(a => a.Action == "record-purchase" && a.Detail!.StartsWith("purchase PM")));
        Assert.Equal(90, await context.Moments.CountAsync(m => m.Key.StartsWith("purchase:PM") && m.Key.EndsWith(":thank-you")));
    }

    [Fact]
    public async Task Purchase_AtABranchImportedAMomentAgo_IsAccepted()
    {
        var before = await Intake.PurchaseAsync(new Dictionary<string, string?> { ["purchase_id"] = "P120", ["customer_id"] = "C2", ["amount"] = "5", ["branch_id"] = "B-NEW" }, Admin, CancellationToken.None);
        var file = SampleBusiness.WriteFile(_folder, "new-branch.csv", "branch_id,name\nB-NEW,New shop\n");
        Assert.True((await new Importer(_database, _time).ImportAsync(ImportKind.Branches, file, new ImportOptions(), CancellationToken.None)).Committed);

        var after = await Intake.PurchaseAsync(new Dictionary<string, string?> { ["purchase_id"] = "P120", ["customer_id"] = "C2", ["amount"] = "5", ["branch_id"] = "B-NEW" }, Admin, CancellationToken.None);

        Assert.Contains(before.Problems, p => p.Field == "branch_id");
        Assert.True(after.Success, string.Join("; ", after.Problems));
    }

    [Fact]
    public async Task Purchase_ForACustomerOutsideTheScope_IsNotFound_AndBadFieldsAreNamed()
    {
        var other = await Intake.PurchaseAsync(new Dictionary<string, string?> { ["purchase_id"] = "P101", ["customer_id"] = "C1", ["amount"] = "5" }, BranchOne, CancellationToken.None);
        var bad = await Intake.PurchaseAsync(new Dictionary<string, string?> { ["purchase_id"] = "P102", ["customer_id"] = "C2", ["amount"] = "12,34x", ["at"] = "2099-01-01T00:00:00Z" }, BranchOne, CancellationToken.None);

        Assert.True(other.NotFound);
        Assert.Contains(bad.Problems, p => p.Field == "amount");
        Assert.Contains(bad.Problems, p => p.Field == "at" && p.Message.Contains("future", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InboundComplaint_IsStoredAsATouch_AndTriggersTheFollowUpCall()
    {
        var recorded = await Intake.TouchAsync(new Dictionary<string, string?> { ["customer_id"] = "C2", ["channel"] = "print", ["direction"] = "in", ["kind"] = "complaint", ["staff_id"] = "S1", ["note"] = "The lamp arrived broken" }, BranchOne, CancellationToken.None);

        Assert.True(recorded.Success, string.Join("; ", recorded.Problems));
        Assert.Equal(Now, recorded.Item!.At);
        Assert.Contains(recorded.Moments!, m => m.Kind == Core.Touches.TouchKind.CareCall && m.Key.EndsWith(":care-call", StringComparison.Ordinal));
        await using var context = _database.CreateContext();
        Assert.True(await context.AuditLog.AnyAsync(a => a.Action == "record-touch" && a.Subject == "customer:C2"));

        // Posted again with its id, it is found stored with the same values; with another note it is a conflict.
        var again = new Dictionary<string, string?> { ["touch_id"] = recorded.Item.Id, ["at"] = "2026-11-23T12:00:00Z", ["customer_id"] = "C2", ["channel"] = "print", ["direction"] = "in", ["kind"] = "complaint", ["staff_id"] = "S1", ["note"] = "The lamp arrived broken" };
        Assert.True((await Intake.TouchAsync(again, BranchOne, CancellationToken.None)).AlreadyRecorded);
        var other = await Intake.TouchAsync(new Dictionary<string, string?>(again) { ["note"] = "Something else" }, BranchOne, CancellationToken.None);
        Assert.True(other.Conflict);
        Assert.Contains(other.Problems, p => p.Field == "touch_id");
        Assert.Equal(1, await context.Touches.CountAsync(t => t.Id == recorded.Item.Id));
    }
}

public sealed class SqliteChangesTests : ChangesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresChangesTests : ChangesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
