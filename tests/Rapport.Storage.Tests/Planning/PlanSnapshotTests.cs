using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Planning;

/// <summary>What the planner is given, read from a stored business, on each provider (see the subclasses at the end).</summary>
public abstract class PlanSnapshotTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        foreach (var (kind, name, content) in new[]
        {
            (ImportKind.Branches, "branches.csv", SampleBusiness.Branches),
            (ImportKind.Staff, "staff.csv", SampleBusiness.Staff),
            (ImportKind.Customers, "customers.csv", SampleBusiness.Customers),
            (ImportKind.Consents, "consents.csv", SampleBusiness.Consents),
            (ImportKind.Purchases, "purchases.csv", SampleBusiness.Purchases),
            (ImportKind.Touches, "touches.csv", SampleBusiness.Touches),

            // Purchases around the edges of the year before the as-of day (2025-11-24 to 2026-11-23, UTC days).
            (ImportKind.Purchases, "recent-purchases.csv",
                "purchase_id,customer_id,at,amount\n" +
                "R1,C1,2025-11-23T23:59:59Z,10\n" + // the day before the year: not counted
                "R2,C1,2025-11-24T00:00:00Z,10\n" + // the first day of the year
                "R3,C1,2026-06-01T10:00:00Z,10\n" +
                "R4,C1,2026-06-01T15:00:00Z,10\n" + // the same day again: one purchase day
                "R5,C1,2026-11-23T23:00:00Z,10\n" + // the as-of day itself
                "R6,C1,2026-11-24T00:00:00Z,10\n"), // after the as-of day: not counted

            // Touches around the edges of the 400 days of history (from 2025-10-19) before the as-of day.
            (ImportKind.Touches, "recent-touches.csv",
                "touch_id,customer_id,at,channel,direction,kind\n" +
                "H1,C2,2025-10-18T12:00:00Z,phone,out,care-call\n" + // 401 days before: not read
                "H2,C2,2025-10-19T00:00:00Z,phone,out,care-call\n" +
                "H3,C2,2026-10-02T09:00:00Z,email,in,complaint\n" + // inbound: not a touch we made
                "H4,C2,2026-11-22T08:00:00Z,email,out,thank-you\n" + // a reply
                "H5,C2,2026-10-01T09:00:00Z,email,out,newsletter\n" + // out of time order in the file
                "H6,C2,2026-11-23T08:00:00Z,email,out,check-in\n"), // on the as-of day: not history
        })
        {
            var result = await new Importer(_database, _time).ImportAsync(kind, SampleBusiness.WriteFile(_folder, name, content), new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Snapshot_WithoutScores_ScoresFirstAndSaysSo()
    {
        var notes = new List<string>();
        var read = await ReadAsync(new ListProgress(notes));

        Assert.True(read.ScoredFirst);
        Assert.Contains(notes, n => n.Contains("analysing", StringComparison.Ordinal));
        await using var context = _database.CreateContext();
        Assert.Equal(4, await context.CustomerScores.CountAsync());

        var again = await ReadAsync(null);
        Assert.False(again.ScoredFirst);
    }

    [Fact]
    public async Task Snapshot_CustomersInIdOrder_WithTheirProfile()
    {
        var input = (await ReadAsync(null)).Input;

        Assert.Equal(["C1", "C2", "C3", "C4"], input.Customers.Select(c => c.Id));
        var c1 = input.Customers[0];
        Assert.Equal([Channel.Email, Channel.Phone], c1.PreferredChannels);
        Assert.Equal(ContactFrequency.Monthly, c1.Frequency);
        Assert.Equal(new DateOnly(1984, 2, 29), c1.BirthDate);
        Assert.Equal(new DateOnly(2010, 6, 12), c1.AnniversaryDate);
        Assert.Equal(("CH", "B2", "S2"), (c1.Country, c1.HomeBranchId, c1.AccountManagerId));
        Assert.Equal(46.2, c1.Location!.Value.Latitude, 9);

        // Repeated strings are one instance, shared with the branch.
        Assert.Same(c1.Country, input.Customers[1].Country);
        Assert.Same(input.Branches.Single(b => b.Id == "B2").Id, c1.HomeBranchId);
        Assert.Equal(["B1", "B2"], input.Branches.Select(b => b.Id));
        Assert.Equal(["S1", "S2"], input.Staff.Select(s => s.Id));
        Assert.Equal((AsOf, 365), (input.AsOf, input.HorizonDays));
    }

    [Fact]
    public async Task Snapshot_Permissions_FollowTheNewestConsentRecordPerChannel()
    {
        var customers = (await ReadAsync(null)).Input.Customers;

        // C1 withdrew e-mail in 2024 and kept the phone.
        Assert.False(customers[0].Permissions.MayContact(Channel.Email));
        Assert.Equal(ConsentStatus.Withdrawn, customers[0].Permissions.StatusOf(Channel.Email));
        Assert.True(customers[0].Permissions.MayContact(Channel.Phone));
        Assert.True(customers[1].Permissions.MayContact(Channel.Email));
        Assert.Equal([Channel.Print], Enum.GetValues<Channel>().Where(customers[2].Permissions.MayContact));

        // No record at all: no consent.
        Assert.False(customers[3].Permissions.AnyOpen);
    }

    [Fact]
    public async Task Snapshot_ConsentAfterTheAsOfDay_DoesNotCountYet()
    {
        await ImportAsync(ImportKind.Consents, "later.csv", "customer_id,channel,status,at\nC4,sms,granted,2026-11-24T00:00:00Z\nC3,print,withdrawn,2026-11-23T23:00:00Z\n");

        var customers = (await ReadAsync(null)).Input.Customers;

        Assert.False(customers[3].Permissions.AnyOpen);
        Assert.False(customers[2].Permissions.MayContact(Channel.Print));
    }

    [Fact]
    public async Task Snapshot_TierStageAndLastPurchase_ComeFromTheScores()
    {
        await ReadAsync(null);
        await ImportAsync(ImportKind.Customers, "new.csv", "customer_id,first_name\nC5,Neu\n");

        var customers = (await ReadAsync(null)).Input.Customers;

        await using var context = _database.CreateContext();
        var c1 = await context.CustomerScores.SingleAsync(s => s.CustomerId == "C1");
        Assert.Equal(c1.Tier, Core.Common.EnumText.ToText(customers[0].Tier));
        Assert.Equal(c1.Stage, Core.Common.EnumText.ToText(customers[0].Stage));
        Assert.Equal(new DateOnly(2026, 11, 23), customers[0].LastPurchase);

        // Added since the last analysis: no score row yet.
        var c5 = customers.Single(c => c.Id == "C5");
        Assert.Equal((ValueTier.Fringe, LifecycleStage.Prospect, (DateOnly?)null), (c5.Tier, c5.Stage, c5.LastPurchase));
    }

    [Fact]
    public async Task Snapshot_PurchaseDaysLastYear_CountsDistinctUtcDaysOfTheYearUpToTheAsOfDay()
    {
        var customers = (await ReadAsync(null)).Input.Customers;

        Assert.Equal(3, customers[0].PurchaseDaysLastYear);
        Assert.Equal(0, customers[1].PurchaseDaysLastYear);
    }

    [Fact]
    public async Task Snapshot_Booked_HoldsOutboundTouchesOfTheHistoryInDayOrder()
    {
        var customers = (await ReadAsync(null)).Input.Customers;

        Assert.Equal(
            [
                new BookedTouch(new DateOnly(2025, 10, 19), TouchKind.CareCall, Channel.Phone),
                new BookedTouch(new DateOnly(2026, 10, 1), TouchKind.Newsletter, Channel.Email),
                new BookedTouch(new DateOnly(2026, 11, 22), TouchKind.ThankYou, Channel.Email, IsReply: true),
            ],
            customers[1].Booked.ToArray());

        // Touches of 2016 and 2024 are older than the history the planner needs.
        Assert.True(customers[0].Booked.IsEmpty);
    }

    private async Task<PlanSnapshotResult> ReadAsync(IProgress<string>? notes) =>
        await PlanSnapshot.ReadAsync(_database, ContactPolicy.Default, PublicHolidays.None, AsOf, 365, notes, CancellationToken.None);

    private async Task ImportAsync(ImportKind kind, string name, string content)
    {
        var result = await new Importer(_database, _time).ImportAsync(kind, SampleBusiness.WriteFile(_folder, name, content), new ImportOptions(), CancellationToken.None);
        Assert.True(result.Committed, string.Join("\n", result.Problems));
    }

    private sealed class ListProgress(List<string> notes) : IProgress<string>
    {
        public void Report(string value) => notes.Add(value);
    }
}

public sealed class SqlitePlanSnapshotTests : PlanSnapshotTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPlanSnapshotTests : PlanSnapshotTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
