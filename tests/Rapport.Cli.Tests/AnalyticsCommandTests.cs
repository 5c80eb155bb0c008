using System.Globalization;
using System.Text.Json;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

public sealed class AnalyticsCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task FitBgNbd_OnTheCdnowSummary_GivesThePublishedParameters()
    {
        var outcome = await _cli.RunAsync("fit", "bgnbd", "--summary", SharedDataFolder.PathOf("cdnow/cdnow_customers_summary.csv"), "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var json = JsonDocument.Parse(outcome.Out);
        var root = json.RootElement;

        // Fader, Hardie & Lee (2005), table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        Assert.Equal(0.243, Math.Round(root.GetProperty("r").GetDouble(), 3));
        Assert.Equal(4.414, Math.Round(root.GetProperty("alpha").GetDouble(), 3));
        Assert.Equal(0.793, Math.Round(root.GetProperty("a").GetDouble(), 3));
        Assert.Equal(2.426, Math.Round(root.GetProperty("b").GetDouble(), 3));
        Assert.Equal(-9582.4, Math.Round(root.GetProperty("log_likelihood").GetDouble(), 1));
        Assert.Equal(2357, root.GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task FitBgNbd_OnTheCdnowTransactions_GivesThePublishedParameters()
    {
        // CDNOW_sample.txt as purchases.csv: sample id, date, dollars.
        var lines = File.ReadLines(SharedDataFolder.PathOf("cdnow/CDNOW_sample.txt"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => $"{f[1]},{DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture):yyyy-MM-dd}T12:00:00Z,{f[4]}");
        var path = _cli.Folder.Write("cdnow.csv", "customer_id,at,amount\n" + string.Join('\n', lines) + "\n");

        var outcome = await _cli.RunAsync("fit", "bgnbd", "--transactions", path, "--calibration-end", "1997-09-30", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(0.243, Math.Round(json.RootElement.GetProperty("r").GetDouble(), 3));
        Assert.Equal(2.426, Math.Round(json.RootElement.GetProperty("b").GetDouble(), 3));
        Assert.Equal(-9582.4, Math.Round(json.RootElement.GetProperty("log_likelihood").GetDouble(), 1));

        var spend = await _cli.RunAsync("fit", "gammagamma", "--transactions", path, "--calibration-end", "1997-09-30", "--json");
        using var spendJson = JsonDocument.Parse(spend.Out);

        // Fader & Hardie (2013): p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers.
        Assert.Equal(6.25, Math.Round(spendJson.RootElement.GetProperty("p").GetDouble(), 2));
        Assert.Equal(3.74, Math.Round(spendJson.RootElement.GetProperty("q").GetDouble(), 2));
        Assert.Equal(15.44, Math.Round(spendJson.RootElement.GetProperty("gamma").GetDouble(), 2));
        Assert.Equal(946, spendJson.RootElement.GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task FitGammaGamma_OnTheSummaryWithSpend_GivesThePublishedParameters()
    {
        var outcome = await _cli.RunAsync("fit", "gammagamma", "--summary", SharedDataFolder.PathOf("lifetimes-datasets/cdnow_customers_summary_with_transactions.csv"), "--json");
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(6.25, Math.Round(json.RootElement.GetProperty("p").GetDouble(), 2));

        // The file's mean spends are rounded to cents; its maximum is at γ = 15.4477, within the
        // last printed digit of the published 15.44 (see GammaGammaModelTests in Core).
        Assert.Equal(15.44, json.RootElement.GetProperty("gamma").GetDouble(), 0.01);
    }

    [Theory]
    // Neither source given.
    [InlineData("fit", "bgnbd")]
    // Transactions without a calibration end.
    [InlineData("fit", "bgnbd", "--transactions", "x.csv")]
    [InlineData("fit", "bgnbd", "--transactions", "x.csv", "--calibration-end", "1997-09-30", "--unit", "months")]
    public async Task Fit_BadUsage_ExitsTwo(params string[] args) => Assert.Equal(2, (await _cli.RunAsync(args)).ExitCode);

    [Fact]
    public async Task Fit_BadSummaryValue_NamesFileLineAndColumn()
    {
        var path = _cli.Folder.Write("summary.csv", "ID,frequency,recency,T\n1,2,30.43,38.86\n2,1,40,38.86\n");
        var outcome = await _cli.RunAsync("fit", "bgnbd", "--summary", path);
        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"{path}:3: ", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_MissingColumn_IsNamed()
    {
        var path = _cli.Folder.Write("summary.csv", "ID,frequency,T\n1,2,38.86\n");
        var outcome = await _cli.RunAsync("fit", "bgnbd", "--summary", path);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"{path}:1: required column 'recency' is missing", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_EmptyDatabase_SaysWhyNoModelWasFitted()
    {
        var outcome = await _cli.RunAsync("analyze", "--as-of", "2026-11-23");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("Analysed 0 customers", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("Purchase model (BG/NBD): not fitted — ", outcome.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_FollowsThePolicyFile_AndRefusesABadOne()
    {
        Assert.Equal(0, (await _cli.RunAsync("demo", "--customers", "400", "--as-of", "2026-11-23", "--out", "demo")).ExitCode);
        int KeyCustomers(JsonDocument json) => json.RootElement.GetProperty("tiers").GetProperty("key").GetProperty("customers").GetInt32();

        using var standard = JsonDocument.Parse((await _cli.RunAsync("analyze", "--as-of", "2026-11-23", "--json")).Out);
        _cli.Folder.Write("rapport.policy", "[tiers]\nkey_share = 5%\n");
        using var narrow = JsonDocument.Parse((await _cli.RunAsync("analyze", "--as-of", "2026-11-23", "--json")).Out);
        Assert.True(KeyCustomers(narrow) < KeyCustomers(standard), $"{KeyCustomers(narrow)} key customers with a 5% share, {KeyCustomers(standard)} with 20%");

        _cli.Folder.Write("rapport.policy", "[tiers]\nkey_share = lots\n");
        var bad = await _cli.RunAsync("analyze", "--as-of", "2026-11-23");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("rapport.policy: tiers.key_share: ", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_BadDate_ExitsTwo()
    {
        var outcome = await _cli.RunAsync("analyze", "--as-of", "2026-02-30");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--as-of: '2026-02-30' is not a date", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_DemoBusiness_ShowsTiersStagesModelsAndWarnings_AndCustomersShowGainsScores()
    {
        Assert.Equal(0, (await _cli.RunAsync("demo", "--customers", "500", "--as-of", "2026-11-23", "--out", "demo")).ExitCode);

        var text = await _cli.RunAsync("analyze", "--as-of", "2026-11-23");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("Value tiers", text.Out, StringComparison.Ordinal);
        Assert.Contains("Purchase model (BG/NBD, weeks): r = ", text.Out, StringComparison.Ordinal);
        Assert.Contains("Defection warnings:", text.Out, StringComparison.Ordinal);

        var json = await _cli.RunAsync("analyze", "--as-of", "2026-11-23", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(500, document.RootElement.GetProperty("customers").GetInt32());
        var customer = document.RootElement.GetProperty("top_warnings")[0].GetProperty("customer_id").GetString()!;

        var report = await _cli.RunAsync("analyze", "--as-of", "2026-11-23", "--report", "report");
        Assert.Equal(0, report.ExitCode);
        foreach (var file in new[] { "index.html", "pareto.png", "tiers.png", "probability-alive.png", "won-and-lost.png" })
        {
            Assert.True(new FileInfo(_cli.Folder.File($"report/{file}")).Length > 1000, file);
        }

        Assert.Contains("<h2>Value tiers</h2>", File.ReadAllText(_cli.Folder.File("report/index.html")), StringComparison.Ordinal);

        var show = await _cli.RunAsync("customers", "show", customer);
        Assert.Contains("Scores (as of 2026-11-23", show.Out, StringComparison.Ordinal);
        Assert.Contains("WARNING: ", show.Out, StringComparison.Ordinal);
    }
}
