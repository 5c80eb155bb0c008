using System.Diagnostics;
using Rapport.Core.Analytics;
using Rapport.Storage.Database;

namespace Rapport.Storage.Analytics;

/// <summary>How long each step of an analysis took.</summary>
/// <param name="Read">Reading the purchases.</param>
/// <param name="Analyse">Summaries, scores, model fits and per-customer figures.</param>
/// <param name="Store">Storing the scores.</param>
public sealed record AnalysisTimings(TimeSpan Read, TimeSpan Analyse, TimeSpan Store);

/// <summary>An analysis and what it took.</summary>
/// <param name="Report">The analysis.</param>
/// <param name="Purchases">How many purchases were read.</param>
/// <param name="Timings">How long each step took.</param>
public sealed record AnalysisRun(CustomerBaseReport Report, int Purchases, AnalysisTimings Timings);

/// <summary>Reads the database, analyses the customer base as of a date, and stores every customer's scores.</summary>
public sealed class CustomerBaseAnalyzer(RapportDatabase database)
{
    public async Task<AnalysisRun> RunAsync(DateOnly asOf, AnalyticsPolicy policy, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report("reading purchases");
        var snapshot = await PurchaseSnapshot.ReadAsync(database, null, cancellationToken).ConfigureAwait(false);
        var read = clock.Elapsed;

        progress?.Report("analysing");
        var report = CustomerBaseAnalysis.Run(snapshot.CustomerIds, snapshot.PurchasesOf, asOf, policy);
        var analysed = clock.Elapsed;

        progress?.Report("storing scores");
        await new ScoreStore(database).SaveAsync(report.Customers, cancellationToken).ConfigureAwait(false);
        return new AnalysisRun(report, snapshot.PurchaseCount, new AnalysisTimings(read, analysed - read, clock.Elapsed - analysed));
    }
}
