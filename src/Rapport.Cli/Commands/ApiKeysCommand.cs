using System.CommandLine;
using System.Globalization;
using Rapport.Web.Access;

namespace Rapport.Cli.Commands;

internal static class ApiKeysCommand
{
    public static Command Create(RapportCli cli)
    {
        var branch = new Option<string?>("--branch") { Description = "The branch whose customers the key reaches, with the branches that report to it.", HelpName = "ID" };
        var all = new Option<bool>("--all") { Description = "The key reaches every customer, like an administrator." };
        var name = new Option<string?>("--name") { Description = "What the key is for (shown in lists), such as 'web shop checkout'.", HelpName = "TEXT" };
        var add = new Command("add", "Makes an API key for the HTTP API and prints it once: only a hash of it is kept.") { branch, all, name };
        add.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var branchId = parsed.GetValue(branch);
            var everything = parsed.GetValue(all);
            if ((branchId is null) == !everything)
            {
                await environment.Error.WriteLineAsync("rapport: apikeys add: give either --branch ID or --all").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            NewApiKey key;
            try
            {
                key = await new ApiKeys(database, environment.Time).AddAsync(branchId, parsed.GetValue(name), Actor, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiKeyRefusedException e)
            {
                await environment.Error.WriteLineAsync($"rapport: apikeys add: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await environment.Out.WriteLineAsync(key.Key).ConfigureAwait(false);
            await environment.Error.WriteLineAsync(
                $"API key {key.KeyId} for {(key.BranchId is null ? "every branch" : "branch " + key.BranchId)}. Store it now: it is shown only this once " +
                "(only a hash is kept). Send it as 'Authorization: Bearer KEY'; 'rapport apikeys revoke " + key.KeyId + "' withdraws it.").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var list = new Command("list", "Lists the API keys: id, reach, name, when made and when revoked (never the key itself).");
        list.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var keys = await new ApiKeys(database, environment.Time).ListAsync(cancellationToken).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                await environment.Out.WriteLineAsync("No API keys. Make one with: rapport apikeys add --branch ID | --all").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await environment.Out.WriteLineAsync("key id              reach         created               revoked               name").ConfigureAwait(false);
            foreach (var key in keys)
            {
                await environment.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{key.KeyId,-19} {(key.AllBranches ? "all" : "branch " + key.BranchId),-13} {Core.Common.IsoTime.Format(key.CreatedAt),-21} {(key.RevokedAt is { } r ? Core.Common.IsoTime.Format(r) : "-"),-21} {key.Name}").TrimEnd()).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });

        var keyId = new Argument<string>("KEYID") { Description = "The key's id (rk_…), as 'rapport apikeys list' shows it." };
        var revoke = new Command("revoke", "Withdraws an API key: every later request with it is refused.") { keyId };
        revoke.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            try
            {
                var key = await new ApiKeys(database, environment.Time).RevokeAsync(parsed.GetValue(keyId)!, Actor, cancellationToken).ConfigureAwait(false);
                await environment.Out.WriteLineAsync($"API key {key.KeyId} revoked at {Core.Common.IsoTime.Format(key.RevokedAt!.Value)}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (ApiKeyRefusedException e)
            {
                await environment.Error.WriteLineAsync($"rapport: apikeys revoke: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
        });

        return new Command("apikeys", "Keys for the HTTP API of 'rapport serve' (machine clients such as a shop's checkout).") { add, list, revoke };
    }

    private static string Actor => $"cli:{System.Environment.UserName}";
}
