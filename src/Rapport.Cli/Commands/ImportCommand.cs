using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Storage.Database;
using Rapport.Storage.Import;

namespace Rapport.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(RapportCli cli)
    {
        var kind = new Argument<string>("KIND")
        {
            Description = "What the file holds: " + string.Join(", ", EnumText.AllTexts<ImportKind>()) + ". Import them in that order.",
        };
        kind.AcceptOnlyFromAmong([.. EnumText.AllTexts<ImportKind>()]);
        var file = new Argument<string>("FILE") { Description = "A UTF-8 CSV file with a header row (see docs/data-format.md)." };
        var skip = new Option<string?>("--skip-bad-rows")
        {
            Description = "Import the good rows and write the bad ones, with the reason, to this CSV file. Without it, one bad row stops the whole file and nothing is written.",
            HelpName = "REJECTS.csv",
        };
        var command = new Command("import", "Import branches, staff, customers, consents, purchases or touches from a CSV file.") { kind, file, skip };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var importKind = EnumText.Parse<ImportKind>(parsed.GetRequiredValue(kind), "kind of file").Value;
            var rejects = parsed.GetValue(skip) is { } path ? cli.FullPath(path) : null;
            var result = await RunAsync(cli, database, importKind, parsed.GetRequiredValue(file), rejects, cancellationToken).ConfigureAwait(false);
            return result.Committed ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }

    /// <summary>Imports one file, showing progress, and reports the outcome: a summary on stdout, problems on stderr.</summary>
    public static async Task<ImportResult> RunAsync(RapportCli cli, RapportDatabase database, ImportKind kind, string file, string? rejectsPath, CancellationToken cancellationToken)
    {
        var environment = cli.Environment;
        var path = Path.IsPathRooted(file) ? file : Path.Combine(environment.WorkingDirectory, file);
        ImportResult result;
        using (var bar = new ProgressBar(environment, $"{EnumText.ToText(kind)}"))
        {
            var options = new ImportOptions
            {
                RejectsPath = rejectsPath,
                Progress = new Progress(bar),
            };
            result = await new Importer(database, environment.Time).ImportAsync(kind, path, options, cancellationToken).ConfigureAwait(false);
        }

        foreach (var warning in result.Warnings)
        {
            await environment.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        var name = file;
        foreach (var problem in result.Problems)
        {
            await environment.Error.WriteLineAsync((problem with { File = name }).ToString()).ConfigureAwait(false);
        }

        if (!result.Committed)
        {
            if (result.Problems.Count >= new ImportOptions().MaxProblems)
            {
                await environment.Error.WriteLineAsync($"Stopped after {result.Problems.Count} problems.").ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync($"Nothing was imported from {name}; the database is as it was.").ConfigureAwait(false);
            return result;
        }

        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Rows:N0} rows read, {result.Imported:N0} imported ({result.Added:N0} new, {result.Imported - result.Added:N0} already present), {result.Rejected:N0} rejected — {seconds:0.00} s, {result.Rows / seconds:N0} rows/s")).ConfigureAwait(false);
        if (result.Rejected > 0)
        {
            await environment.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.Rejected:N0} rows were skipped; they are in {rejectsPath} with the reason for each.")).ConfigureAwait(false);
        }

        return result;
    }

    private sealed class Progress(ProgressBar bar) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) =>
            bar.Report(value.TotalBytes == 0 ? 1 : (double)value.BytesRead / value.TotalBytes, value.Rows, "rows");
    }
}
