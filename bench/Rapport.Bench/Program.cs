using System.Diagnostics;
using System.Globalization;
using Rapport.Core.Analytics;
using Rapport.Storage.Analytics;
using Rapport.Storage.Database;

// Times each step of the analysis on a database (bench/analytics-benchmark.sh runs it):
//   dotnet run -c Release --project bench/Rapport.Bench -- DATABASE AS-OF
// Prints one tab-separated line per step: name, seconds, and a note.
//   dotnet run -c Release --project bench/Rapport.Bench -- planner CUSTOMERS
// times the planner alone on a synthetic business in memory (bench/plan-benchmark.sh).
//   dotnet run -c Release --project bench/Rapport.Bench -- render MESSAGES
// renders varied touches with the shipped templates (bench/render-benchmark.sh).

//   dotnet run -c Release --project bench/Rapport.Bench -- smtp SMTP-URI N CONNECTIONS
// sends N composed e-mails over that many connections (bench/smtp-benchmark.sh).
if (args is ["planner", var size])
{
    return Rapport.Bench.PlannerBench.Run(int.Parse(size, CultureInfo.InvariantCulture));
}

if (args is ["render", var messages])
{
    return Rapport.Bench.RenderBench.Run(int.Parse(messages, CultureInfo.InvariantCulture));
}

if (args is ["smtp", var uri, var count, var connections])
{
    return await Rapport.Bench.SmtpBench.RunAsync(uri, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(connections, CultureInfo.InvariantCulture));
}

//   dotnet run -c Release --project bench/Rapport.Bench -- pages BASE-URL LOGIN PASSWORD IDS-FILE REQUESTS
// times Today and customer pages of a running rapport serve (bench/web-benchmark.sh).
if (args is ["pages", var baseUrl, var login, var password, var idsFile, var requests])
{
    return await Rapport.Bench.PageBench.RunAsync(baseUrl, login, password, idsFile, int.Parse(requests, CultureInfo.InvariantCulture));
}

//   dotnet run -c Release --project bench/Rapport.Bench -- api DATABASE URL KEY N CONCURRENCY RUN-ID
// posts N purchases through the HTTP API of a running `rapport serve` (bench/api-benchmark.sh).
if (args is ["api", var apiDatabase, var url, var key, var purchases, var concurrency, var runId])
{
    return await Rapport.Bench.ApiBench.RunAsync(apiDatabase, url, key, int.Parse(purchases, CultureInfo.InvariantCulture), int.Parse(concurrency, CultureInfo.InvariantCulture), runId);
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Rapport.Bench DATABASE AS-OF (YYYY-MM-DD)");
    return 2;
}

var database = await RapportDatabase.OpenAsync(DatabaseLocation.Resolve(args[0], null, Directory.GetCurrentDirectory()), CancellationToken.None);
var asOf = DateOnly.ParseExact(args[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
var clock = Stopwatch.StartNew();
void Step(string name, string note = "")
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{clock.Elapsed.TotalSeconds:0.000}\t{note}"));
    clock.Restart();
}

var snapshot = await PurchaseSnapshot.ReadAsync(database, null, CancellationToken.None);
Step("read purchases", string.Create(CultureInfo.InvariantCulture, $"{snapshot.CustomerIds.Count:N0} customers, {snapshot.PurchaseCount:N0} purchases"));

var summaries = new CustomerSummary[snapshot.CustomerIds.Count];
Parallel.For(0, summaries.Length, i => summaries[i] = CustomerSummary.From(snapshot.PurchasesOf(i), asOf));
Step("summaries");

var histories = RepeatPurchaseData.From(summaries.Where(s => s.HasPurchased).Select(CustomerBaseAnalysis.ToHistory));
Step("group histories", string.Create(CultureInfo.InvariantCulture, $"{histories.Groups.Count:N0} distinct (x, t_x, T)"));
var bgnbd = BgNbdModel.Fit(histories);
Step("fit BG/NBD", bgnbd.ToString());

var spend = RepeatSpendData.From(summaries.Where(s => s.RepeatDays > 0 && s.AverageRepeatSpend > 0).Select(s => new CustomerSpend(s.RepeatDays, s.AverageRepeatSpend)));
Step("group spend", string.Create(CultureInfo.InvariantCulture, $"{spend.Groups.Count:N0} distinct (x, z̄)"));
var gammaGamma = GammaGammaModel.Fit(spend);
Step("fit Gamma-Gamma", gammaGamma.ToString());

var model = bgnbd.Model;
var spendModel = gammaGamma.Model;
var scored = new double[summaries.Length];
Parallel.For(0, summaries.Length, i =>
{
    var s = summaries[i];
    if (!s.HasPurchased)
    {
        return;
    }

    var history = CustomerBaseAnalysis.ToHistory(s);
    var value = model.ExpectedPurchases(365 / 7.0, history) * (s.RepeatDays > 0 && s.AverageRepeatSpend > 0 ? spendModel.ExpectedAverageSpend(new CustomerSpend(s.RepeatDays, s.AverageRepeatSpend)) : spendModel.MeanSpend);
    scored[i] = model.ProbabilityAlive(history) + model.ExpectedPurchases(90 / 7.0, history) + value;
});
Step("score every customer", "probability alive, expected purchases in 90 days and 12 months, expected spend");

var report = CustomerBaseAnalysis.Run(snapshot.CustomerIds, snapshot.PurchasesOf, asOf, AnalyticsPolicy.Default);
Step("whole analysis in Core", "summaries, RFM, tiers, stages, both fits, scores, warnings, flows");

await new ScoreStore(database).SaveAsync(report.Customers, CancellationToken.None);
Step("store scores");
return 0;
