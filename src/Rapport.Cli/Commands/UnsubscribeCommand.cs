using System.CommandLine;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Storage.Customers;

namespace Rapport.Cli.Commands;

internal static class UnsubscribeCommand
{
    public static Command Create(RapportCli cli)
    {
        var customer = new Argument<string>("CUSTOMER") { Description = "The customer's id." };
        var channel = new Option<string?>("--channel") { Description = "Only this channel (email, print, phone, sms, social). Default: every channel.", HelpName = "CHANNEL" };
        var evidence = new Option<string?>("--evidence") { Description = "The proof: what the customer said or sent, where and when. Default: a note that it was recorded on the command line.", HelpName = "TEXT" };
        var source = new Option<string>("--source") { Description = "Where the request came from (phone, letter, e-mail, in-store).", HelpName = "SOURCE", DefaultValueFactory = _ => "command-line" };
        var command = new Command("unsubscribe", "Records that a customer withdrew consent, with its evidence: it takes effect for every later plan and send.") { customer, channel, evidence, source };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            Channel? only = null;
            if (parsed.GetValue(channel) is { } text)
            {
                var read = EnumText.Parse<Channel>(text, "channel");
                if (!read.Success)
                {
                    await environment.Error.WriteLineAsync($"rapport: --channel: {read.Error}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                only = read.Value;
            }

            var id = parsed.GetValue(customer)!;
            var now = environment.Time.GetUtcNow();
            var proof = parsed.GetValue(evidence) ?? $"recorded with 'rapport unsubscribe' by {System.Environment.UserName} at {IsoTime.Format(now)}";
            var reason = only == Channel.Phone ? SuppressionReason.DoNotCall : SuppressionReason.Unsubscribed;
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var records = await Unsubscriptions.RecordAsync(database, id, only, reason, parsed.GetValue(source)!, proof, now, cancellationToken).ConfigureAwait(false);
            if (records is null)
            {
                await environment.Error.WriteLineAsync($"rapport: no customer '{id}' in {database.Location.Display}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var what = only is { } c ? EnumText.ToText(c) : "every channel";
            await environment.Out.WriteLineAsync($"Customer {id}: consent withdrawn for {what} at {IsoTime.Format(now)} ({EnumText.ToText(reason)}); evidence: {proof}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
