using System.CommandLine;
using Rapport.Storage.Policy;

namespace Rapport.Cli.Commands;

internal static class PolicyCommand
{
    public static Command Create(RapportCli cli)
    {
        var check = new Command("check", "Read the policy file and its holidays, and say what is wrong, with the line.");
        check.SetAction(async (parsed, cancellationToken) =>
        {
            var path = cli.ResolvePolicy(parsed);
            var result = PolicyStore.Load(path, Path.GetFileName(path));
            if (result.Loaded is not { } loaded)
            {
                foreach (var problem in result.Problems)
                {
                    await cli.Environment.Error.WriteLineAsync(problem).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }

            await cli.Environment.Out.WriteLineAsync(loaded.Path is null
                ? $"No policy file at {path}: the defaults apply ('rapport init' writes one to edit)."
                : $"{loaded.Path}: OK{(loaded.Holidays.Count > 0 ? $", with {loaded.Holidays.Count} public holidays" : string.Empty)}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("policy", "The contact policy: the rules the plan follows (docs/policy.md).") { check };
    }
}
