using System.CommandLine;
using Rapport.Web.Access;

namespace Rapport.Cli.Commands;

internal static class UsersCommand
{
    public static Command Create(RapportCli cli)
    {
        var staff = new Argument<string>("STAFF_ID") { Description = "The member of staff (their id in staff.csv)." };
        var setPassword = new Command("set-password", $"Sets a member of staff's password for the web app, read from standard input (one line, at least {StaffAccounts.MinPasswordLength} characters); ends a lockout.") { staff };
        setPassword.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var password = await environment.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(password))
            {
                await environment.Error.WriteLineAsync("rapport: users set-password: no password on standard input (for example: printf '%s\\n' \"$PASSWORD\" | rapport users set-password S-001)").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var id = parsed.GetValue(staff)!;
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            try
            {
                await new StaffAccounts(database, environment.Time).SetPasswordAsync(id, password, $"cli:{System.Environment.UserName}", cancellationToken).ConfigureAwait(false);
            }
            catch (PasswordRefusedException e)
            {
                await environment.Error.WriteLineAsync($"rapport: users set-password: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await environment.Out.WriteLineAsync($"Password set for {id}: they can sign in to 'rapport serve' now.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("users", "Staff sign-ins for the web app.") { setPassword };
    }
}
