using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Storage.Demo;
using Rapport.Storage.Import;

namespace Rapport.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create(RapportCli cli)
    {
        var customers = new Option<int>("--customers") { Description = "How many customers (1 to 2,000,000; about ten purchases each).", DefaultValueFactory = _ => 2000 };
        customers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 2_000_000)
            {
                r.AddError("--customers must lie between 1 and 2000000.");
            }
        });
        var seed = new Option<int>("--seed") { Description = "The random seed; the same seed and date give the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The folder for the six CSV files.", DefaultValueFactory = _ => "demo", HelpName = "DIR" };
        var asOf = AsOfOption.Create("The demo's 'today' (YYYY-MM-DD): history runs up to the day before. Default: today.");
        var noImport = new Option<bool>("--no-import") { Description = "Only write the files; do not import them." };
        var command = new Command("demo", "Write a realistic synthetic business as CSV files and import them.") { customers, seed, output, asOf, noImport };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (!AsOfOption.TryRead(parsed, asOf, environment, out var today))
            {
                return ExitCodes.BadUsage;
            }

            var folder = cli.FullPath(parsed.GetValue(output)!);
            var options = new DemoOptions(parsed.GetValue(customers), parsed.GetValue(seed), today);
            DemoFiles files;
            using (var bar = new ProgressBar(environment, "demo"))
            {
                files = await Task.Run(
                    () => DemoBusiness.Write(folder, options, new Progress(bar, options.Customers), cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }

            var counts = files.Counts;
            await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote a demo business to {folder}: {counts.Branches:N0} branches, {counts.Staff:N0} staff, {counts.Customers:N0} customers, {counts.Consents:N0} consent records, {counts.Purchases:N0} purchases, {counts.Touches:N0} touches (seed {options.Seed}, as of {IsoTime.Format(today)}).")).ConfigureAwait(false);
            if (parsed.GetValue(noImport))
            {
                return ExitCodes.Success;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            await environment.Out.WriteLineAsync($"Importing into {database.Location.Display}:").ConfigureAwait(false);
            foreach (var (kind, path) in new[]
            {
                (ImportKind.Branches, files.Branches), (ImportKind.Staff, files.Staff), (ImportKind.Customers, files.Customers),
                (ImportKind.Consents, files.Consents), (ImportKind.Purchases, files.Purchases), (ImportKind.Touches, files.Touches),
            })
            {
                var result = await ImportCommand.RunAsync(cli, database, kind, path, null, cancellationToken).ConfigureAwait(false);
                if (!result.Committed)
                {
                    return ExitCodes.BadInput;
                }
            }

            await environment.Out.WriteLineAsync("Done. Try 'rapport stats' or 'rapport customers list'.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class Progress(ProgressBar bar, int total) : IProgress<long>
    {
        public void Report(long value) => bar.Report((double)value / total, value, "customers");
    }
}
