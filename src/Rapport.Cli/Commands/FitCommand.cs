using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using Rapport.Storage.Analytics;

namespace Rapport.Cli.Commands;

internal static class FitCommand
{
    public static Command Create(RapportCli cli) =>
        new("fit", "Fit a customer-base model to a file and print its parameters.") { Model(cli, "bgnbd", spend: false), Model(cli, "gammagamma", spend: true) };

    private static Command Model(RapportCli cli, string name, bool spend)
    {
        var summary = new Option<string?>("--summary")
        {
            Description = spend
                ? "A summary file with columns frequency (or x), recency (or t_x), T and monetary_value (or zbar)."
                : "A summary file with columns frequency (or x), recency (or t_x) and T, one row per customer.",
            HelpName = "FILE.csv",
        };
        var transactions = new Option<string?>("--transactions")
        {
            Description = "Purchases in the purchases.csv format (customer_id, at and amount are enough).",
            HelpName = "FILE.csv",
        };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "With --transactions: the last day counted (YYYY-MM-DD), inclusive.", HelpName = "DATE" };
        var unit = new Option<string>("--unit") { Description = "With --transactions: the unit of recency and age.", DefaultValueFactory = _ => "weeks" };
        unit.AcceptOnlyFromAmong("weeks", "days");
        var json = JsonOption.Create();
        var description = spend
            ? "Fit the Gamma-Gamma spend model (Fader & Hardie 2013): prints p, q, gamma."
            : "Fit the BG/NBD purchase model (Fader, Hardie & Lee 2005): prints r, alpha, a, b.";
        var command = new Command(name, description) { summary, transactions, calibrationEnd, unit, json };
        command.Validators.Add(result =>
        {
            var hasSummary = result.GetValue(summary) is not null;
            var hasTransactions = result.GetValue(transactions) is not null;
            if (hasSummary == hasTransactions)
            {
                result.AddError("Give either --summary FILE or --transactions FILE --calibration-end DATE.");
            }
            else if (hasTransactions && result.GetValue(calibrationEnd) is null)
            {
                result.AddError("--transactions needs --calibration-end DATE.");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            FitInput input;
            if (parsed.GetValue(summary) is { } summaryPath)
            {
                input = FitInput.FromSummaryFile(cli.FullPath(summaryPath), spend);
            }
            else
            {
                var end = IsoTime.ParseDate(parsed.GetValue(calibrationEnd)!);
                if (!end.Success)
                {
                    await environment.Error.WriteLineAsync($"rapport: --calibration-end: {end.Error}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                var timeUnit = parsed.GetValue(unit) == "days" ? HistoryTimeUnit.Days : HistoryTimeUnit.Weeks;
                input = await Task.Run(() => FitInput.FromTransactionsFile(cli.FullPath(parsed.GetValue(transactions)!), end.Value, timeUnit), cancellationToken).ConfigureAwait(false);
            }

            if (input.Problem is { } problem)
            {
                await environment.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            return spend
                ? await WriteAsync(environment, GammaGammaModel.Fit(input.Spend!), parsed.GetValue(json), m => [("p", m.P), ("q", m.Q), ("gamma", m.Gamma)], "repeat buyers").ConfigureAwait(false)
                : await WriteAsync(environment, BgNbdModel.Fit(input.Histories!), parsed.GetValue(json), m => [("r", m.R), ("alpha", m.Alpha), ("a", m.A), ("b", m.B)], "customers").ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> WriteAsync<TModel>(CliEnvironment environment, ModelFit<TModel> fit, bool json, Func<TModel, (string Name, double Value)[]> parameters, string who)
        where TModel : class
    {
        if (!fit.Success)
        {
            await environment.Error.WriteLineAsync($"rapport: the model cannot be fitted: {fit.Error}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var named = parameters(fit.Model);
        if (json)
        {
            var values = named.ToDictionary(p => p.Name, p => (object)p.Value);
            values["log_likelihood"] = fit.LogLikelihood;
            values["customers"] = fit.CustomerCount;
            Json.Write(environment.Out, values);
            return ExitCodes.Success;
        }

        var text = string.Join(", ", named.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} = {p.Value:0.0000}")));
        await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{text}; log-likelihood {fit.LogLikelihood:0.0} over {fit.CustomerCount:N0} {who}; {(fit.Converged ? "converged" : "did NOT converge")} in {fit.Iterations} iterations.")).ConfigureAwait(false);
        return fit.Converged ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
