using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Analytics;
using Rapport.Core.Planning;
using Rapport.Storage.Access;
using Rapport.Storage.Analytics;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Storage.Demo;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Access;

/// <summary>The web app's scoped queries (customer search, segments, plan calendar), run against each provider (see the subclasses at the end).</summary>
public abstract class ScopedQueryTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;
    private CustomerBaseReport _report = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var files = DemoBusiness.Write(_folder.File("demo"), new DemoOptions(400, 3, AsOf));
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

        _report = (await new CustomerBaseAnalyzer(_database).RunAsync(AsOf, AnalyticsPolicy.Default, null, CancellationToken.None)).Report;
        await PlanMaker.RunAsync(_database, new LoadedPolicy(ContactPolicy.Default, PublicHolidays.None, null), AsOf, 60, _time.GetUtcNow(), null, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CustomerSearch_BranchScope_FindsAndCountsOnlyThatBranch_WithEachFilter()
    {
        var branch = await BusiestBranchAsync();
        var scope = new AccessScope("test", new HashSet<string>(StringComparer.Ordinal) { branch });
        var inScope = await InScopeAsync(scope);
        var scores = _report.Customers.Where(c => inScope.Contains(c.CustomerId)).ToArray();
        var search = new CustomerSearch(_database);

        foreach (var (query, expected) in new[]
        {
            (new CustomerQuery(), inScope.AsEnumerable()),
            (new CustomerQuery(Tier: ValueTier.Core), scores.Where(s => s.Tier == ValueTier.Core).Select(s => s.CustomerId)),
            (new CustomerQuery(Stage: LifecycleStage.Lost), scores.Where(s => s.Stage == LifecycleStage.Lost).Select(s => s.CustomerId)),
            (new CustomerQuery(WarningsOnly: true), scores.Where(s => s.Warning is not null).Select(s => s.CustomerId)),
            (new CustomerQuery(Search: "c00001"), inScope.Where(id => id.StartsWith("C00001", StringComparison.Ordinal))),
        })
        {
            var want = expected.Order(StringComparer.Ordinal).ToArray();
            var found = await search.FindAsync(scope, query with { PageSize = 1000 }, CancellationToken.None);
            Assert.Equal(want, found.Customers.Select(c => c.CustomerId));
            Assert.Equal((want.Length, false), (found.Total, found.TotalIsLowerBound));
            Assert.All(found.Customers, c => Assert.Equal(branch, c.BranchId));
        }
    }

    [Fact]
    public async Task CustomerSearch_Pages_AreConsecutiveSlicesInIdOrder()
    {
        var everyone = AccessScope.Everything("test");
        var search = new CustomerSearch(_database);

        var first = await search.FindAsync(everyone, new CustomerQuery(PageSize: 30), CancellationToken.None);
        var second = await search.FindAsync(everyone, new CustomerQuery(Page: 2, PageSize: 30), CancellationToken.None);
        var all = await search.FindAsync(everyone, new CustomerQuery(PageSize: CustomerSearch.MaxPageSize * 10), CancellationToken.None);

        Assert.Equal(CustomerSearch.MaxPageSize, all.PageSize);
        Assert.Equal(all.Customers.Take(60).Select(c => c.CustomerId), first.Customers.Concat(second.Customers).Select(c => c.CustomerId));
        Assert.Equal((400, true, (int?)14), (first.Total, first.HasNext, first.Pages));
    }

    [Fact]
    public async Task CustomerSearch_CustomerWithoutHomeBranch_BelongsToThePlansBranch()
    {
        await using var context = _database.CreateContext();
        var owned = await context.PlanCustomers.AsNoTracking().Where(p => p.BranchId != null).OrderBy(p => p.CustomerId).FirstAsync();
        await context.Database.ExecuteSqlAsync($"UPDATE customers SET home_branch_id = NULL WHERE customer_id = {owned.CustomerId}");
        var other = await context.Branches.AsNoTracking().Where(b => b.Id != owned.BranchId).Select(b => b.Id).FirstAsync();
        var search = new CustomerSearch(_database);

        var mine = await search.FindAsync(new AccessScope("test", new HashSet<string> { owned.BranchId! }), new CustomerQuery(Search: owned.CustomerId), CancellationToken.None);
        var theirs = await search.FindAsync(new AccessScope("test", new HashSet<string> { other }), new CustomerQuery(Search: owned.CustomerId), CancellationToken.None);

        Assert.Equal(owned.BranchId, Assert.Single(mine.Customers, c => c.CustomerId == owned.CustomerId).BranchId);
        Assert.DoesNotContain(theirs.Customers, c => c.CustomerId == owned.CustomerId);
    }

    [Fact]
    public async Task Segments_Everything_AgreesWithTheAnalysis()
    {
        var view = await new ScopeSegments(_database).ReadAsync(AccessScope.Everything("test"), AnalyticsPolicy.Default, 10, CancellationToken.None);

        Assert.Equal((AsOf, 400, 400), (view.AsOf!.Value, view.Customers, view.Analysed));
        Assert.Equal(_report.Tiers.ToDictionary(t => t.Key, t => (t.Value.Customers, Math.Round(t.Value.TrailingYearRevenue, 2))), view.Tiers.ToDictionary(t => t.Tier, t => (t.Total.Customers, Math.Round(t.Total.TrailingYearRevenue, 2))));
        Assert.Equal(_report.Stages.ToDictionary(s => s.Key, s => s.Value.Customers), view.Stages.ToDictionary(s => s.Stage, s => s.Customers));
        Assert.Equal(_report.Pareto.TopFifthShareOfLifetime, view.Pareto.TopFifthShareOfLifetime, 9);
        Assert.Equal(_report.Pareto.TopFifthShareOfTrailingYear, view.Pareto.TopFifthShareOfTrailingYear, 9);
        Assert.Equal(_report.Flows, view.Flows);
        Assert.Equal(_report.Customers.Count(c => c.ProbabilityAlive is not null), view.ProbabilityAlive.Sum());
        Assert.Equal(_report.Customers.Count(c => c.Warning is not null), view.WarningCount);
        Assert.Equal(_report.Warnings.Take(10).Select(w => (w.CustomerId, w.Warning!.Reason)), view.Warnings.Select(w => (w.CustomerId, w.Reason)));
        Assert.Equal((1.0, 1.0), (view.ParetoCurve[^1].CustomerShare, Math.Round(view.ParetoCurve[^1].RevenueShare, 9)));
    }

    [Fact]
    public async Task Segments_BranchScope_CountsOnlyThatBranchsCustomers()
    {
        var branch = await BusiestBranchAsync();
        var scope = new AccessScope("test", new HashSet<string>(StringComparer.Ordinal) { branch });
        var inScope = await InScopeAsync(scope);
        var scores = _report.Customers.Where(c => inScope.Contains(c.CustomerId)).ToArray();

        var view = await new ScopeSegments(_database).ReadAsync(scope, AnalyticsPolicy.Default, 1000, CancellationToken.None);

        Assert.Equal((inScope.Count, scores.Length), (view.Customers, view.Analysed));
        Assert.Equal(scores.Count(s => s.Tier == ValueTier.Key), view.Tiers.Single(t => t.Tier == ValueTier.Key).Total.Customers);
        Assert.Equal(scores.Count(s => s.Summary.FirstPurchase >= view.Flows[0].Month), view.Flows.Sum(f => f.Won));
        Assert.Equal(scores.Where(s => s.Warning is not null).Select(s => s.CustomerId).Order(StringComparer.Ordinal), view.Warnings.Select(w => w.CustomerId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PlanCalendar_StaffWeek_CountsTheirCallsAndCapacity_AndTheShortfallIsTheStoredOne()
    {
        var plan = (await PlanStore.RunAsync(_database, CancellationToken.None))!;
        await using var context = _database.CreateContext();
        var calls = await context.PlanTouches.AsNoTracking().Where(t => t.StartMinute != null).Select(t => new { t.StaffId, t.Day }).ToListAsync();
        var busiest = calls.GroupBy(c => (c.StaffId, c.Day)).MaxBy(g => g.Count())!.Key;
        var member = await context.Staff.AsNoTracking().SingleAsync(s => s.Id == busiest.StaffId);
        var scope = new AccessScope("test", new HashSet<string>(StringComparer.Ordinal) { member.BranchId });

        var week = (await PlanCalendar.ReadAsync(_database, scope, plan, null, member.Id, busiest.Day, CalendarSpan.Week, CancellationToken.None))!;
        var elsewhere = await PlanCalendar.ReadAsync(_database, new AccessScope("test", new HashSet<string> { "NOT-" + member.BranchId }), plan, null, member.Id, busiest.Day, CalendarSpan.Week, CancellationToken.None);
        var shortfalls = await PlanCalendar.ShortfallsAsync(_database, scope, CancellationToken.None);

        Assert.Null(elsewhere);
        Assert.Equal(7, week.Days.Count);
        Assert.Equal(DayOfWeek.Monday, week.From.DayOfWeek);
        Assert.All(week.Days, d =>
        {
            Assert.Equal(calls.Count(c => c.StaffId == member.Id && c.Day == d.Day), d.Calls);
            Assert.Equal(d.InPlan ? CallCapacity.OnDay(member, d.Day, plan.Policy) : 0, d.Capacity);
        });
        Assert.Equal(
            BranchShortfall.Of((await PlanStore.CapacityAsync(_database, CancellationToken.None)).Where(w => w.BranchId == member.BranchId)),
            shortfalls);
    }

    private async Task<string> BusiestBranchAsync()
    {
        await using var context = _database.CreateContext();
        return (await context.Customers.AsNoTracking().Where(c => c.HomeBranchId != null).Select(c => c.HomeBranchId!).ToListAsync())
            .GroupBy(b => b).MaxBy(g => g.Count())!.Key;
    }

    private async Task<HashSet<string>> InScopeAsync(AccessScope scope)
    {
        await using var context = _database.CreateContext();
        return (await scope.Customers(context).Select(c => c.Id).ToListAsync()).ToHashSet(StringComparer.Ordinal);
    }
}

public sealed class SqliteScopedQueryTests : ScopedQueryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresScopedQueryTests : ScopedQueryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
