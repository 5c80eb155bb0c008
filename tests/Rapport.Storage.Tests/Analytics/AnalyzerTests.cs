using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Analytics;
using Rapport.Storage.Analytics;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Storage.Demo;
using Rapport.Storage.Import;
using Rapport.Storage.Statistics;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Analytics;

/// <summary>Analysing a stored business, run against each provider (see the subclasses at the end).</summary>
public abstract class AnalyzerTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var files = DemoBusiness.Write(_folder.File("demo"), new DemoOptions(400, 5, AsOf));
        var importer = new Importer(_database, _time);
        foreach (var (kind, path) in new[] { (ImportKind.Branches, files.Branches), (ImportKind.Staff, files.Staff), (ImportKind.Customers, files.Customers), (ImportKind.Purchases, files.Purchases) })
        {
            var result = await importer.ImportAsync(kind, path, new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Analyze_ScoresEveryCustomer_AndStoresTheScores()
    {
        var run = await new CustomerBaseAnalyzer(_database).RunAsync(AsOf, AnalyticsPolicy.Default, null, CancellationToken.None);

        var stats = await new StatisticsQuery(_database).RunAsync(CancellationToken.None);
        Assert.Equal(stats.Customers, run.Report.Customers.Count);
        Assert.Equal(stats.Purchases, run.Purchases);
        Assert.True(run.Report.PurchaseModel.Success, run.Report.PurchaseModel.Error);
        Assert.True(run.Report.SpendModel.Success, run.Report.SpendModel.Error);
        Assert.Equal(stats.Customers, run.Report.Tiers.Values.Sum(t => t.Customers));
        Assert.InRange(run.Report.Pareto.TopFifthShareOfLifetime, 0.6, 0.9);

        await using var context = _database.CreateContext();
        Assert.Equal(stats.Customers, await context.CustomerScores.CountAsync());
        var key = run.Report.Customers.First(c => c.Tier == ValueTier.Key);
        var profile = await new CustomerDirectory(_database, _time).FindAsync(key.CustomerId, CancellationToken.None);
        Assert.Equal("key", profile!.Scores!.Tier);
        Assert.Equal(key.ProbabilityAlive!.Value, profile.Scores.ProbabilityAlive!.Value, 9);
    }

    [Fact]
    public async Task Analyze_Twice_ReplacesTheScoresAsAWhole()
    {
        var analyzer = new CustomerBaseAnalyzer(_database);
        await analyzer.RunAsync(AsOf.AddDays(-30), AnalyticsPolicy.Default, null, CancellationToken.None);
        var second = await analyzer.RunAsync(AsOf, AnalyticsPolicy.Default, null, CancellationToken.None);

        await using var context = _database.CreateContext();
        Assert.Equal(second.Report.Customers.Count, await context.CustomerScores.CountAsync());
        Assert.Equal([AsOf], await context.CustomerScores.Select(s => s.AsOf).Distinct().ToListAsync());
    }

    [Fact]
    public async Task Snapshot_HoldsEveryPurchase_GroupedByCustomerInDayOrder()
    {
        var snapshot = await PurchaseSnapshot.ReadAsync(_database, null, CancellationToken.None);
        var stats = await new StatisticsQuery(_database).RunAsync(CancellationToken.None);

        Assert.Equal(stats.Purchases, snapshot.PurchaseCount);
        Assert.Equal(snapshot.CustomerIds.OrderBy(id => id, StringComparer.Ordinal), snapshot.CustomerIds);
        var total = 0.0;
        for (var i = 0; i < snapshot.CustomerIds.Count; i++)
        {
            var purchases = snapshot.PurchasesOf(i).ToArray();
            Assert.Equal(purchases.OrderBy(p => p.Day).Select(p => p.Day), purchases.Select(p => p.Day));
            total += purchases.Sum(p => p.Amount);
        }

        Assert.Equal((double)stats.Revenue.Sum(r => r.Total), total, 2);
    }
}

public sealed class SqliteAnalyzerTests : AnalyzerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAnalyzerTests : AnalyzerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
