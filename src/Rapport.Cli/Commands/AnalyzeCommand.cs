using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Cli.Reports;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using Rapport.Storage.Analytics;
using Rapport.Storage.Policy;

namespace Rapport.Cli.Commands;

internal static class AnalyzeCommand
{
    private const int WarningsShown = 10;

    public static Command Create(RapportCli cli)
    {
        var asOf = AsOfOption.Create("The day to analyse at (YYYY-MM-DD), inclusive. Default: today.");
        var json = JsonOption.Create();
        var report = new Option<string?>("--report") { Description = "Also write a web page with charts (Pareto curve, revenue by tier, probability still active, customers won and lost per month) into this folder.", HelpName = "DIR" };
        var command = new Command("analyze", "Score every customer: RFM, value tiers, lifecycle stages, the BG/NBD and Gamma-Gamma models, defection warnings.") { asOf, json, report };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (!AsOfOption.TryRead(parsed, asOf, environment, out var day))
            {
                return ExitCodes.BadUsage;
            }

            // Tiers, stages and warnings follow the policy file, the same as rapport plan's.
            var policyPath = cli.ResolvePolicy(parsed);
            var policy = PolicyStore.Load(policyPath, Path.GetFileName(policyPath));
            if (policy.Loaded is not { } loaded)
            {
                foreach (var problem in policy.Problems)
                {
                    await environment.Error.WriteLineAsync(problem).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var run = await new CustomerBaseAnalyzer(database).RunAsync(day, loaded.Policy.Analytics, new StepProgress(environment), cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                Json.Write(environment.Out, ToJson(run));
            }
            else
            {
                await WriteTextAsync(environment.Out, run).ConfigureAwait(false);
            }

            if (parsed.GetValue(report) is { } folder)
            {
                var page = AnalysisReport.Write(cli.FullPath(folder), run.Report);
                await environment.Error.WriteLineAsync($"Report written to {page}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static object ToJson(AnalysisRun run)
    {
        var report = run.Report;
        return new
        {
            AsOf = IsoTime.Format(report.AsOf),
            Customers = report.Customers.Count,
            run.Purchases,
            Seconds = new { Read = run.Timings.Read.TotalSeconds, Analyse = run.Timings.Analyse.TotalSeconds, Store = run.Timings.Store.TotalSeconds },
            Tiers = report.Tiers.ToDictionary(t => EnumText.ToText(t.Key), t => new { t.Value.Customers, t.Value.TrailingYearRevenue, t.Value.RevenueShare }),
            Stages = report.Stages.ToDictionary(s => EnumText.ToText(s.Key), s => s.Value.Customers),
            Pareto = new { report.Pareto.TopFifthShareOfLifetime, report.Pareto.TopFifthShareOfTrailingYear },
            Bgnbd = report.PurchaseModel.Success
                ? (object)new { report.PurchaseModel.Model.R, report.PurchaseModel.Model.Alpha, report.PurchaseModel.Model.A, report.PurchaseModel.Model.B, report.PurchaseModel.LogLikelihood, report.PurchaseModel.CustomerCount, report.PurchaseModel.Iterations, report.PurchaseModel.Converged, Unit = "weeks" }
                : new { report.PurchaseModel.Error },
            GammaGamma = report.SpendModel.Success
                ? (object)new { report.SpendModel.Model.P, report.SpendModel.Model.Q, report.SpendModel.Model.Gamma, report.SpendModel.LogLikelihood, report.SpendModel.CustomerCount, report.SpendModel.Iterations, report.SpendModel.Converged }
                : new { report.SpendModel.Error },
            Warnings = report.Customers.Count(c => c.Warning is not null),
            TopWarnings = report.Warnings.Take(WarningsShown).Select(c => new { c.CustomerId, c.Summary.TrailingYearSpend, c.ProbabilityAlive, c.Warning!.Reason }),
        };
    }

    private static async Task WriteTextAsync(TextWriter output, AnalysisRun run)
    {
        var report = run.Report;
        string L(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        await output.WriteLineAsync(L($"Analysed {report.Customers.Count:N0} customers and {run.Purchases:N0} purchases as of {IsoTime.Format(report.AsOf)} (read {run.Timings.Read.TotalSeconds:0.0} s, analyse {run.Timings.Analyse.TotalSeconds:0.0} s, store {run.Timings.Store.TotalSeconds:0.0} s).")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Value tiers, by spend in the last 12 months:").ConfigureAwait(false);
        foreach (var tier in new[] { ValueTier.Key, ValueTier.Core, ValueTier.Fringe })
        {
            var total = report.Tiers[tier];
            await output.WriteLineAsync(L($"  {EnumText.ToText(tier),-8} {total.Customers,10:N0} customers  {total.RevenueShare * 100,5:0.0}% of the year's revenue")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(L($"The top fifth of customers brings {report.Pareto.TopFifthShareOfLifetime * 100:0.0}% of all revenue ({report.Pareto.TopFifthShareOfTrailingYear * 100:0.0}% of the last year's).")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Lifecycle stages:").ConfigureAwait(false);
        foreach (var (stage, total) in report.Stages)
        {
            await output.WriteLineAsync(L($"  {EnumText.ToText(stage),-12} {total.Customers,10:N0}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var purchases = report.PurchaseModel;
        await output.WriteLineAsync(purchases.Success
            ? L($"Purchase model (BG/NBD, weeks): r = {purchases.Model.R:0.000}, α = {purchases.Model.Alpha:0.000}, a = {purchases.Model.A:0.000}, b = {purchases.Model.B:0.000}; log-likelihood {purchases.LogLikelihood:N1} over {purchases.CustomerCount:N0} customers; {(purchases.Converged ? "converged" : "NOT converged")} in {purchases.Iterations} iterations.")
            : $"Purchase model (BG/NBD): not fitted — {purchases.Error}").ConfigureAwait(false);
        var spend = report.SpendModel;
        await output.WriteLineAsync(spend.Success
            ? L($"Spend model (Gamma-Gamma): p = {spend.Model.P:0.00}, q = {spend.Model.Q:0.00}, γ = {spend.Model.Gamma:0.00}; log-likelihood {spend.LogLikelihood:N1} over {spend.CustomerCount:N0} repeat buyers; {(spend.Converged ? "converged" : "NOT converged")} in {spend.Iterations} iterations.")
            : $"Spend model (Gamma-Gamma): not fitted — {spend.Error}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);

        var warnings = report.Customers.Count(c => c.Warning is not null);
        await output.WriteLineAsync(L($"Defection warnings: {warnings:N0} customers. The most valuable:")).ConfigureAwait(false);
        foreach (var customer in report.Warnings.Take(WarningsShown))
        {
            await output.WriteLineAsync(L($"  {customer.CustomerId,-12} {customer.Summary.TrailingYearSpend,12:N2} last year  {customer.Warning!.Reason}")).ConfigureAwait(false);
        }
    }

    /// <summary>Prints each step's name on standard error when it is a terminal.</summary>
    private sealed class StepProgress(CliEnvironment environment) : IProgress<string>
    {
        public void Report(string value)
        {
            if (environment.ErrorIsTerminal)
            {
                environment.Error.Write($"\r{value}…                    ");
                environment.Error.Flush();
            }
        }
    }
}

/// <summary>The <c>--as-of DATE</c> option several commands share.</summary>
internal static class AsOfOption
{
    public static Option<string?> Create(string description) => new("--as-of") { Description = description, HelpName = "DATE" };

    /// <summary>Reads a date option (<c>--as-of</c>, <c>--date</c>), else today (UTC); says what is wrong on standard error when it is not a date.</summary>
    public static bool TryRead(System.CommandLine.ParseResult parsed, Option<string?> option, CliEnvironment environment, out DateOnly day)
    {
        day = DateOnly.FromDateTime(environment.Time.GetUtcNow().UtcDateTime);
        if (parsed.GetValue(option) is not { } text)
        {
            return true;
        }

        var date = IsoTime.ParseDate(text);
        if (!date.Success)
        {
            environment.Error.WriteLine($"rapport: {option.Name}: {date.Error}");
            return false;
        }

        day = date.Value;
        return true;
    }
}
