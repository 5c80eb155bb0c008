using System.CommandLine;
using Rapport.Storage.Policy;

namespace Rapport.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(RapportCli cli)
    {
        var command = new Command("init", "Create the database, or bring its schema up to date.");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var output = cli.Environment.Out;
            var state = database.AppliedMigrations.Count == 0
                ? "schema already up to date"
                : $"schema created or updated ({string.Join(", ", database.AppliedMigrations)})";
            await output.WriteLineAsync($"Rapport database ready: {database.Location.Display} — {state}.").ConfigureAwait(false);
            var policy = cli.ResolvePolicy(parsed);
            await output.WriteLineAsync(PolicyStore.WriteDefaultIfMissing(policy)
                ? $"Contact policy written to {policy}: every rule with its default; edit it to suit (docs/policy.md)."
                : $"Contact policy kept as it is: {policy}.").ConfigureAwait(false);
            await output.WriteLineAsync("Next: 'rapport import branches FILE' (then staff, customers, consents, purchases, touches), or 'rapport demo' for a demo business.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
