using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Common;
using Rapport.Core.Planning;
using Rapport.Storage.Database;
using Rapport.Storage.Demo;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Planning;

/// <summary>Storing and reading the plan, on each provider (see the subclasses at the end).</summary>
public abstract class PlanStoreTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private static readonly DateTimeOffset MadeAt = new(2026, 11, 23, 6, 30, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var files = DemoBusiness.Write(_folder.File("demo"), new DemoOptions(400, 7, AsOf));
        var importer = new Importer(_database, _time);
        foreach (var (kind, path) in new[]
        {
            (ImportKind.Branches, files.Branches), (ImportKind.Staff, files.Staff), (ImportKind.Customers, files.Customers),
            (ImportKind.Consents, files.Consents), (ImportKind.Purchases, files.Purchases), (ImportKind.Touches, files.Touches),
        })
        {
            var result = await importer.ImportAsync(kind, path, new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_NoPlanYet_IsNull() =>
        Assert.Null(await PlanStore.RunAsync(_database, CancellationToken.None));

    [Fact]
    public async Task SavedPlan_RoundTrips_CountsTouchesReasonsAndCapacity()
    {
        var plan = await MakeAsync(365);
        Assert.Contains(plan.Touches, t => t.IsCall);
        Assert.NotEmpty(plan.Held);
        await PlanStore.SaveAsync(_database, plan, MadeAt, null, CancellationToken.None);

        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        Assert.Equal((AsOf, 365, MadeAt), (run.AsOf, run.HorizonDays, run.MadeAt));
        Assert.Equal(
            (plan.Input.Customers.Count, plan.Touches.Length, plan.Touches.Count(t => t.IsCall), plan.Held.Length, plan.Unreachable.Length, plan.CallsMissing),
            (run.Customers, run.Touches, run.Calls, run.Held, run.Unreachable, run.CallsMissing));
        Assert.Equal(plan.Input.Policy, run.Policy);

        var all = new List<StoredTouch>();
        await foreach (var touch in PlanStore.TouchesAsync(_database, run, CancellationToken.None))
        {
            all.Add(touch);
        }

        Assert.Equal(plan.Touches.Select(t => Expected(plan, t)), all.Select(Comparable));
        Assert.Equal(all.Count, all.Select(t => t.TouchId).Distinct().Count());
        Assert.Equal(
            plan.Capacity.OrderBy(w => w.BranchId, StringComparer.Ordinal).ThenBy(w => w.WeekStart),
            await PlanStore.CapacityAsync(_database, CancellationToken.None));
        Assert.Equal(
            plan.Unreachable.Select(u => new StoredUnreachable(plan.Input.Customers[u.Customer].Id, u.Why)).OrderBy(u => u.CustomerId, StringComparer.Ordinal),
            await PlanStore.UnreachableAsync(_database, int.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task CustomerPlan_BetweenTwoDays_HoldsThatCustomersTouchesAndHeldTouches()
    {
        var plan = await MakeAsync(365);
        await PlanStore.SaveAsync(_database, plan, MadeAt, null, CancellationToken.None);
        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;

        // A customer with a call and a touch held back.
        var index = plan.Touches.Where(t => t.IsCall).Select(t => t.Customer).First(c => plan.Held.Any(h => h.Customer == c));
        var customer = plan.Input.Customers[index];
        var (from, until) = (AsOf.AddDays(10), AsOf.AddDays(300));

        var part = (await PlanStore.CustomerAsync(_database, run, customer.Id, from, until, CancellationToken.None))!;

        Assert.Equal(plan.Input.Branches[plan.Owners[index]].Id, part.BranchId);
        Assert.Equal(PlanReasons.Summary(plan.Input, index), part.Summary);
        Assert.Equal(
            plan.Touches.Where(t => t.Customer == index && t.Day >= from && t.Day <= until).Select(t => Expected(plan, t)),
            part.Touches.Select(t => Comparable(t.Touch)));
        Assert.All(part.Touches.Where(t => t.Touch.IsCall), t => Assert.False(string.IsNullOrEmpty(t.StaffName)));
        Assert.Equal(
            plan.Held.Where(h => h.Customer == index && h.Day >= from && h.Day <= until).Select(h => PlanReasons.Describe(plan.Input, h)),
            part.Held.Select(h => h.Reason));
        Assert.Null(await PlanStore.CustomerAsync(_database, run, "no-such-customer", from, until, CancellationToken.None));
    }

    [Fact]
    public async Task Save_Again_ReplacesThePreviousPlanAsAWhole()
    {
        await PlanStore.SaveAsync(_database, await MakeAsync(365), MadeAt, null, CancellationToken.None);
        var shorter = await MakeAsync(30);

        await PlanStore.SaveAsync(_database, shorter, MadeAt.AddHours(1), null, CancellationToken.None);

        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        Assert.Equal((30, shorter.Touches.Length, MadeAt.AddHours(1)), (run.HorizonDays, run.Touches, run.MadeAt));
        await using var context = _database.CreateContext();
        Assert.Equal(shorter.Touches.Length, await context.PlanTouches.CountAsync());
        Assert.Equal(shorter.Held.Length, await context.PlanHeld.CountAsync());
        Assert.Equal(1, await context.PlanRuns.CountAsync());
        Assert.True(await context.PlanTouches.AllAsync(t => t.Day <= AsOf.AddDays(29)));
    }

    [Fact]
    public async Task Save_CancelledHalfWay_LeavesThePreviousPlan()
    {
        var first = await MakeAsync(365);
        await PlanStore.SaveAsync(_database, first, MadeAt, null, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        // Cancelled once the first table of the new plan is written.
        var save = PlanStore.SaveAsync(_database, await MakeAsync(30), MadeAt.AddHours(1), new CancelOnReport(cancellation), cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        Assert.Equal((365, first.Touches.Length, MadeAt), (run.HorizonDays, run.Touches, run.MadeAt));
        await using var context = _database.CreateContext();
        Assert.Equal(first.Touches.Length, await context.PlanTouches.CountAsync());
        Assert.Equal(first.Input.Customers.Count, await context.PlanCustomers.CountAsync());
    }

    [Fact]
    public async Task Save_PlanOfNoCustomers_StoresAnEmptyPlan()
    {
        var empty = Planner.Make(new PlanInput([], [], [], ContactPolicy.Default, PublicHolidays.None, AsOf, 7));

        await PlanStore.SaveAsync(_database, empty, MadeAt, null, CancellationToken.None);

        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        Assert.Equal((0, 0, 7), (run.Customers, run.Touches, run.HorizonDays));
    }

    [Fact]
    public async Task WorkQueue_ForADay_ListsThatDaysCallsWithReasons_AndCountsLettersAndMessages()
    {
        var plan = await MakeAsync(365);
        await PlanStore.SaveAsync(_database, plan, MadeAt, null, CancellationToken.None);
        var run = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        var day = plan.Touches.Where(t => t.IsCall).GroupBy(t => t.Day).MaxBy(g => g.Count())!.Key;
        var staff = plan.Input.Staff[plan.Touches.First(t => t.IsCall && t.Day == day).Staff];

        var everyone = await WorkQueue.ReadAsync(_database, run, day, null, 2, CancellationToken.None);
        var one = await WorkQueue.ReadAsync(_database, run, day, staff.Id, 2, CancellationToken.None);

        Assert.Equal(plan.Touches.Count(t => t.IsCall && t.Day == day), everyone.Calls.Count);
        Assert.All(everyone.Calls, c => Assert.Equal(PlanReasons.Describe(plan.Input.Policy, Planned(plan, c.Touch)), c.Touch.Reason));
        Assert.All(everyone.Calls, c => Assert.InRange(c.TalkingPoints.Count, 2, 3));
        Assert.Equal(everyone.Calls.Select(c => (c.Touch.StaffId, c.Touch.StartMinute)).Order(), everyone.Calls.Select(c => (c.Touch.StaffId, c.Touch.StartMinute)));
        Assert.Equal(everyone.Calls.Where(c => c.Touch.StaffId == staff.Id).Select(c => c.Touch.TouchId), one.Calls.Select(c => c.Touch.TouchId));
        Assert.Equal(staff.BranchId, one.BranchId);

        var notCalls = plan.Touches.Where(t => !t.IsCall && t.Day == day).ToArray();
        Assert.Equal(notCalls.Count(t => t.Channel == Core.Contact.Channel.Print), everyone.Letters.Sum(l => l.Count));
        Assert.Equal(notCalls.Count(t => t.Channel != Core.Contact.Channel.Print), everyone.Messages.Sum(m => m.Count));
        Assert.All(everyone.Messages.Concat(everyone.Letters), g => Assert.Equal(Math.Min(2, g.Count), g.Examples.Count));
        var branch = plan.Input.Branches.ToList().FindIndex(b => b.Id == staff.BranchId);
        Assert.Equal(notCalls.Count(t => t.Branch == branch), one.Letters.Concat(one.Messages).Sum(g => g.Count));
    }

    private async Task<Plan> MakeAsync(int horizonDays)
    {
        var read = await PlanSnapshot.ReadAsync(_database, ContactPolicy.Default, PublicHolidays.None, AsOf, horizonDays, null, CancellationToken.None);
        return Planner.Make(read.Input);
    }

    private static (string Customer, DateOnly Day, short Start, string Channel, string Kind, string? Staff, string? Branch, PlanRule Rule, string Reason) Expected(Plan plan, PlannedTouch t) =>
        (plan.Input.Customers[t.Customer].Id, t.Day, t.StartMinute, EnumText.ToText(t.Channel), EnumText.ToText(t.Kind),
         t.Staff >= 0 ? plan.Input.Staff[t.Staff].Id : null, t.Branch >= 0 ? plan.Input.Branches[t.Branch].Id : null, t.Rule,
         PlanReasons.Describe(plan.Input.Policy, t));

    private static (string Customer, DateOnly Day, short Start, string Channel, string Kind, string? Staff, string? Branch, PlanRule Rule, string Reason) Comparable(StoredTouch t) =>
        (t.CustomerId, t.Day, t.StartMinute ?? -1, EnumText.ToText(t.Channel), EnumText.ToText(t.Kind), t.StaffId, t.BranchId, t.Rule, t.Reason);

    private static PlannedTouch Planned(Plan plan, StoredTouch stored) =>
        plan.Touches.Single(t => plan.Input.Customers[t.Customer].Id == stored.CustomerId && t.Day == stored.Day && t.Kind == stored.Kind && t.IsCall);

    private sealed class CancelOnReport(CancellationTokenSource cancellation) : IProgress<double>
    {
        public void Report(double value) => cancellation.Cancel();
    }
}

public sealed class SqlitePlanStoreTests : PlanStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPlanStoreTests : PlanStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
