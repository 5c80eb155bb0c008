using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Messaging.Email;
using Rapport.Messaging.Sending;
using Rapport.Messaging.Templates;
using Rapport.Storage.Outbox;

namespace Rapport.Cli.Commands;

internal static class SendCommand
{
    public const string SmtpVariable = "RAPPORT_SMTP";

    public const string PublicUrlVariable = "RAPPORT_PUBLIC_URL";

    /// <summary>Rows listed by --uncertain and --needs-attention.</summary>
    private const int ListLimit = 1000;

    public static Command Create(RapportCli cli)
    {
        var date = new Option<string?>("--date") { Description = "The day whose touches go (YYYY-MM-DD), with up to a week of late ones. Default: today.", HelpName = "DATE" };
        var channel = new Option<string?>("--channel") { Description = "Only this channel: email, print, sms or social. Default: all of them (calls are on the call list).", HelpName = "CHANNEL" };
        var smtp = new Option<string?>("--smtp") { Description = $"The SMTP server: smtp://HOST:PORT, smtps://…, user:password@ allowed. Default: ${SmtpVariable}. Without one, e-mails wait.", HelpName = "URI" };
        var publicUrl = new Option<string?>("--public-url") { Description = $"Where the web app serves customers' links (preferences, one-click unsubscribe). Default: ${PublicUrlVariable}. Needed for e-mail.", HelpName = "URL" };
        var output = new Option<string>("--out") { Description = "Where the letters PDF, the address list and the hand-sent messages go. Default: ./outbox.", HelpName = "DIR", DefaultValueFactory = _ => "outbox" };
        var connections = new Option<int>("--connections") { Description = "Parallel SMTP connections (1–32).", DefaultValueFactory = _ => SmtpDelivery.DefaultConnections };
        var uncertain = new Option<bool>("--uncertain") { Description = "Send nothing: list the touches caught mid-delivery, which are never resent by themselves." };
        var attention = new Option<bool>("--needs-attention") { Description = "Send nothing: list the touches whose message could not be made, with the template and the field." };
        var json = JsonOption.Create();
        var command = new Command("send", "Renders and delivers what is due: e-mail over SMTP, letters as one PDF, SMS and social messages as a CSV to send by hand. Consent is checked again; nothing goes twice.")
        {
            date, channel, smtp, publicUrl, output, connections, uncertain, attention, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (parsed.GetValue(uncertain) || parsed.GetValue(attention))
            {
                var listDatabase = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
                var state = parsed.GetValue(uncertain) ? OutboxState.Uncertain : OutboxState.NeedsAttention;
                var rows = await OutboxStore.InStateAsync(listDatabase, state, ListLimit, cancellationToken).ConfigureAwait(false);
                if (parsed.GetValue(json))
                {
                    Json.Write(environment.Out, rows.Select(r => new { r.Key, r.CustomerId, r.Kind, r.Channel, Day = IsoTime.Format(r.Day), r.Template, r.Field, r.Recipient, r.MessageId, r.Detail, r.UpdatedAt }));
                    return ExitCodes.Success;
                }

                await environment.Out.WriteLineAsync(rows.Count == 0 ? $"No touches {OutboxStore.State(state)}." : $"{rows.Count} touches {OutboxStore.State(state)}:").ConfigureAwait(false);
                foreach (var row in rows)
                {
                    var where = state == OutboxState.Uncertain ? $"to {row.Recipient}, Message-ID {row.MessageId}" : $"template {row.Template ?? "(none)"}{(row.Field is null ? string.Empty : $", field {row.Field}")}";
                    await environment.Out.WriteLineAsync($"  {row.Key}  customer {row.CustomerId}  {row.Kind} by {row.Channel}  {where}: {row.Detail}").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            if (!AsOfOption.TryRead(parsed, date, environment, out var day))
            {
                return ExitCodes.BadUsage;
            }

            Channel? only = null;
            if (parsed.GetValue(channel) is { } channelText)
            {
                var read = EnumText.Parse<Channel>(channelText, "channel");
                if (!read.Success || read.Value == Channel.Phone)
                {
                    await environment.Error.WriteLineAsync($"rapport: --channel: '{channelText}' is not one of email, print, sms, social (calls are on 'rapport today')").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                only = read.Value;
            }

            SmtpEndpoint? endpoint = null;
            if ((parsed.GetValue(smtp) ?? environment.GetEnvironmentVariable(SmtpVariable)) is { Length: > 0 } smtpText)
            {
                var read = SmtpEndpoint.Parse(smtpText);
                if (!read.Success)
                {
                    await environment.Error.WriteLineAsync($"rapport: --smtp: {read.Error}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                endpoint = read.Value;
            }

            Uri? url = null;
            if ((parsed.GetValue(publicUrl) ?? environment.GetEnvironmentVariable(PublicUrlVariable)) is { Length: > 0 } urlText)
            {
                if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0)
                {
                    await environment.Error.WriteLineAsync($"rapport: --public-url: '{urlText}' is not an absolute http(s) URL without query or fragment").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }
            }

            var parallel = parsed.GetValue(connections);
            if (parallel is < 1 or > 32)
            {
                await environment.Error.WriteLineAsync("rapport: --connections: must be between 1 and 32").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            if (await cli.LoadPolicyAsync(parsed).ConfigureAwait(false) is not { } policy)
            {
                return ExitCodes.BadInput;
            }

            if (await TemplatesCommand.LoadAsync(cli, parsed).ConfigureAwait(false) is not { } library)
            {
                return ExitCodes.BadInput;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var sender = new Sender(database, policy, new TemplateRenderer(library), environment.Time);
            SendReport report;
            try
            {
                report = await sender.RunAsync(new SendOptions(day, only, cli.FullPath(parsed.GetValue(output)!), endpoint, url, parallel), null, cancellationToken).ConfigureAwait(false);
            }
            catch (SendLockedException e)
            {
                await environment.Error.WriteLineAsync($"rapport: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parsed.GetValue(json))
            {
                Json.Write(environment.Out, report);
            }
            else
            {
                await WriteTextAsync(environment, report, day).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteTextAsync(CliEnvironment environment, SendReport report, DateOnly day)
    {
        var o = environment.Out;
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Send for {IsoTime.Format(day)}: {report.Due:N0} touches due, {report.Sent:N0} sent in {report.Elapsed.TotalSeconds:0.0} s.")).ConfigureAwait(false);
        if (report.Recovered > 0)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {report.Recovered:N0} caught mid-delivery by an earlier stop: now uncertain, never resent by themselves (rapport send --uncertain)")).ConfigureAwait(false);
        }

        foreach (var (count, what) in new[]
        {
            (report.NeedsAttention, "need attention: no personal message could be made (rapport send --needs-attention)"),
            (report.Withheld, "withheld: the customer withdrew consent for the channel"),
            (report.Failed, "failed for good (a 5xx answer; a refused address is suppressed)"),
            (report.Deferred, "deferred (a 4xx answer or no connection): retried later"),
            (report.Uncertain, "uncertain: the connection broke mid-delivery (rapport send --uncertain)"),
        })
        {
            if (count > 0)
            {
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {count:N0} {what}")).ConfigureAwait(false);
            }
        }

        if (report.EmailsWaiting > 0)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {report.EmailsWaiting:N0} e-mails wait: set --smtp (or ${SmtpVariable}) and --public-url (or ${PublicUrlVariable})")).ConfigureAwait(false);
        }

        foreach (var file in report.Files)
        {
            await o.WriteLineAsync($"  wrote {file}").ConfigureAwait(false);
        }
    }
}
