using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.Messaging.Links;
using Rapport.Messaging.Print;
using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Moments;
using Rapport.Storage.Outbox;
using Rapport.Storage.Policy;

namespace Rapport.Messaging.Sending;

/// <summary>What <c>rapport send</c> is asked to do.</summary>
/// <param name="Day">The day whose touches go (and up to <see cref="OutboxStore.CatchUpDays"/> days of late ones).</param>
/// <param name="Only">One channel only, or all but the phone.</param>
/// <param name="Folder">Where the run's letters PDF and CSV files are written.</param>
/// <param name="Smtp">The SMTP server; null: e-mails are left for a run that has one.</param>
/// <param name="PublicUrl">Where the web app serves the customers' links; needed for e-mail (one-click unsubscribe).</param>
/// <param name="Connections">Parallel SMTP connections.</param>
public sealed record SendOptions(DateOnly Day, Channel? Only, string Folder, SmtpEndpoint? Smtp, Uri? PublicUrl, int Connections = SmtpDelivery.DefaultConnections);

/// <summary>What a send run did, in numbers, with the files it wrote.</summary>
public sealed record SendReport(
    int Due,
    int Sent,
    int NeedsAttention,
    int Withheld,
    int Failed,
    int Deferred,
    int Uncertain,
    int Recovered,
    int EmailsWaiting,
    IReadOnlyList<string> Files,
    TimeSpan Elapsed);

/// <summary>
/// Renders and delivers what is due (SPEC R7, R8): each touch moves through the outbox
/// (rendered → sending → sent, failed, needs-attention, withheld or uncertain), with consent
/// checked again just before it goes, and never twice.
/// </summary>
/// <remarks>
/// Never twice: a touch's key is the outbox's primary key, and a touch is marked <c>sending</c>
/// (committed) before it is handed to the channel and <c>sent</c> (committed) after the channel
/// took it. A sender stopped in between leaves it <c>sending</c>; the next sender marks it
/// <c>uncertain</c> and lists it, and never sends it again by itself. E-mails go in small groups
/// (four per connection), so a stop leaves at most that many uncertain.
/// </remarks>
public sealed class Sender(RapportDatabase database, LoadedPolicy policy, TemplateRenderer renderer, TimeProvider time)
{
    /// <summary>Touches read and rendered together.</summary>
    public const int BatchSize = 500;

    /// <summary>Attempts before a passing failure (4xx) becomes final.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Runs one send.</summary>
    /// <exception cref="SendLockedException">Another sender is running on this database.</exception>
    public async Task<SendReport> RunAsync(SendOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var locked = await OutboxStore.AcquireAsync(database, now, cancellationToken).ConfigureAwait(false);
        if (!locked.Acquired)
        {
            throw new SendLockedException($"another 'rapport send' is running on this database: {locked.Holder}");
        }

        try
        {
            var tally = new Tally { Recovered = locked.Recovered };
            await MomentMaker.RunAsync(database, policy.Policy, policy.Holidays, now, cancellationToken).ConfigureAwait(false);
            var due = await OutboxStore.DueAsync(database, options.Day, options.Only, cancellationToken).ConfigureAwait(false);
            var retries = await OutboxStore.RetriesAsync(database, now, options.Only, cancellationToken).ConfigureAwait(false);
            tally.Due = due.Count + retries.Count;

            var emailReady = options.Smtp is not null && options.PublicUrl is not null;
            if (!emailReady)
            {
                tally.EmailsWaiting = due.Count(d => d.Channel == Channel.Email) + retries.Count(r => r.Channel == "email");
                due = due.Where(d => d.Channel != Channel.Email).ToArray();
                retries = retries.Where(r => r.Channel != "email").ToArray();
            }

            var key = await LinkKey.GetOrCreateAsync(database, cancellationToken).ConfigureAwait(false);
            var links = options.PublicUrl is { } url ? new PreferenceLinks(key, url, time) : null;
            var reader = new MessageFactsReader(database, policy.Policy, links is null ? null : id => links.PreferencesUrl(id, LinkScope.All));
            await using var smtp = emailReady ? new SmtpDelivery(options.Smtp!, options.Connections) : null;
            var composer = links is not null ? new EmailComposer(links, time) : null;
            var letters = new List<(OutboxRow Row, PrintedLetter Letter)>();
            var handSent = new List<(OutboxRow Row, HandSentMessage Message)>();

            var retryByKey = retries.ToDictionary(r => r.Key, StringComparer.Ordinal);
            var retriedMoments = await OutboxStore.MomentsAsync(database, retries.Where(r => r.Source == "moment").Select(r => r.Key).ToArray(), cancellationToken).ConfigureAwait(false);
            var work = due.Concat(retries.Select(r => ToDue(r, retriedMoments.GetValueOrDefault(r.Key)))).ToArray();
            foreach (var batch in work.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var addressed = await reader.ReadAsync(batch, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                var added = new List<OutboxRow>();
                var updated = new List<OutboxRow>();
                var emails = new List<(OutboxRow Row, Addressed Touch, RenderedMessage Message)>();
                foreach (var touch in addressed)
                {
                    var row = retryByKey.TryGetValue(touch.Touch.Key, out var retry) ? retry : NewRow(touch.Touch, now);
                    (retry is null ? added : updated).Add(row);
                    Prepare(row, touch, tally, out var message);
                    if (message is null)
                    {
                        continue;
                    }

                    switch (touch.Touch.Channel)
                    {
                        case Channel.Email:
                            emails.Add((row, touch, message));
                            break;
                        case Channel.Print:
                            letters.Add((row, Letter(touch, message, links)));
                            break;
                        case Channel.Sms:
                            handSent.Add((row, HandSentMessage.Sms(row.Key, row.CustomerId, touch.Customer!.Phones[0], touch.Customer.DisplayName ?? row.CustomerId, message.Text)));
                            break;
                        case Channel.Social:
                            handSent.Add((row, HandSentMessage.Social(row.Key, row.CustomerId, touch.Customer!.SocialHandles[0], touch.Customer.DisplayName ?? row.CustomerId, message.Text)));
                            break;
                    }
                }

                await OutboxStore.SaveAsync(database, added, updated, cancellationToken).ConfigureAwait(false);
                if (emails.Count > 0)
                {
                    await DeliverEmailsAsync(emails, smtp!, composer!, tally, cancellationToken).ConfigureAwait(false);
                }

                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{tally.Sent:N0} sent, {tally.NeedsAttention:N0} need attention"));
            }

            var files = new List<string>();
            if (letters.Count > 0)
            {
                files.AddRange(await PrintAsync(letters, options, now, tally, cancellationToken).ConfigureAwait(false));
            }

            if (handSent.Count > 0)
            {
                files.Add(await WriteHandSentAsync(handSent, options, now, tally, cancellationToken).ConfigureAwait(false));
            }

            return new SendReport(tally.Due, tally.Sent, tally.NeedsAttention, tally.Withheld, tally.Failed, tally.Deferred, tally.Uncertain, tally.Recovered, tally.EmailsWaiting, files, clock.Elapsed);
        }
        finally
        {
            await OutboxStore.ReleaseAsync(database, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Checks consent and the address, and renders: the row is then rendered, withheld or needs-attention.</summary>
    private void Prepare(OutboxRow row, Addressed touch, Tally tally, out RenderedMessage? message)
    {
        message = null;
        row.UpdatedAt = time.GetUtcNow();
        var channel = touch.Touch.Channel;
        if (touch.Customer is null || touch.Facts is null)
        {
            NeedsAttention(row, tally, null, null, $"customer '{row.CustomerId}' is no longer on record");
            return;
        }

        if (!touch.Consent.MayContact(channel))
        {
            row.State = OutboxStore.State(OutboxState.Withheld);
            row.Detail = WhyNot(touch.Consent[channel], channel);
            row.NextAttemptAt = null;
            tally.Withheld++;
            return;
        }

        var (recipient, field) = channel switch
        {
            Channel.Email => (touch.Customer.Emails.FirstOrDefault()?.Value, "customer.email"),
            Channel.Sms => (touch.Customer.Phones.FirstOrDefault()?.Value, "customer.phone"),
            Channel.Social => (touch.Customer.SocialHandles.FirstOrDefault()?.ToString(), "customer.social_handles"),
            Channel.Print => (touch.Customer.Address.IsComplete ? touch.Customer.Address.Street : null, "customer.address"),
            _ => (null, "channel"),
        };
        if (recipient is null)
        {
            NeedsAttention(row, tally, null, field, $"no {field.Replace("customer.", string.Empty, StringComparison.Ordinal).Replace('_', ' ')} on record for {EnumText.ToText(channel)}");
            return;
        }

        var result = renderer.Render(touch.Facts);
        if (result.Problem is { } problem)
        {
            NeedsAttention(row, tally, problem.Template, problem.Field, problem.Message);
            return;
        }

        message = result.Message!;
        row.State = OutboxStore.State(OutboxState.Rendered);
        row.Template = message.Template;
        row.Subject = message.Subject;
        row.Recipient = recipient;
        row.Detail = null;
        row.Field = null;
    }

    private async Task DeliverEmailsAsync(List<(OutboxRow Row, Addressed Touch, RenderedMessage Message)> emails, SmtpDelivery smtp, EmailComposer composer, Tally tally, CancellationToken cancellationToken)
    {
        // Small groups: each is marked sending before it goes, so a stop leaves only a group uncertain.
        foreach (var group in emails.Chunk(Math.Max(1, smtp.Connections * 4)))
        {
            var composed = new List<(OutboxRow Row, MimeKit.MimeMessage Message)>();
            foreach (var (row, touch, message) in group)
            {
                var from = SenderOf(touch);
                var to = new EmailParty(touch.Customer!.DisplayName, touch.Customer.Emails[0]);
                var mime = composer.Compose(message, from, to);
                row.MessageId = mime.MessageId;
                row.State = OutboxStore.State(OutboxState.Sending);
                row.Attempts++;
                row.UpdatedAt = time.GetUtcNow();
                composed.Add((row, mime));
            }

            await OutboxStore.UpdateAsync(database, composed.Select(c => c.Row), cancellationToken).ConfigureAwait(false);

            // Once handed over, the answers are recorded even if the run is being cancelled.
            var results = await Task.WhenAll(composed.Select(c => smtp.SendAsync(c.Message, CancellationToken.None))).ConfigureAwait(false);
            var consents = new List<ConsentRecord>();
            var sent = new List<OutboxRow>();
            for (var i = 0; i < composed.Count; i++)
            {
                var row = composed[i].Row;
                var at = time.GetUtcNow();
                row.UpdatedAt = at;
                switch (results[i])
                {
                    case DeliveryResult.Accepted accepted:
                        row.State = OutboxStore.State(OutboxState.Sent);
                        row.SentAt = at;
                        row.Detail = accepted.Response;
                        row.NextAttemptAt = null;
                        sent.Add(row);
                        tally.Sent++;
                        break;
                    case DeliveryResult.Rejected rejected:
                        row.State = OutboxStore.State(OutboxState.Failed);
                        row.Detail = Answer(rejected.Code, rejected.Text);
                        row.NextAttemptAt = null;
                        tally.Failed++;
                        if (rejected.AboutRecipient)
                        {
                            // A permanent refusal of the address: no more e-mail to it until the customer gives a new one.
                            consents.Add(new ConsentRecord(row.CustomerId, Channel.Email, ConsentStatus.Withdrawn, at, SuppressionReason.Bounced)
                            {
                                Source = "smtp",
                                Evidence = $"{row.Recipient}: {row.Detail} (touch {row.Key})",
                            });
                        }

                        break;
                    case DeliveryResult.Deferred deferred:
                        row.State = OutboxStore.State(OutboxState.Failed);
                        row.Detail = Answer(deferred.Code, deferred.Text);
                        row.NextAttemptAt = row.Attempts >= MaxAttempts ? null : at + Backoff(row.Attempts);
                        tally.Deferred++;
                        break;
                    case DeliveryResult.Uncertain uncertain:
                        row.State = OutboxStore.State(OutboxState.Uncertain);
                        row.Detail = uncertain.Text;
                        tally.Uncertain++;
                        break;
                }
            }

            await OutboxStore.CompleteAsync(database, composed.Select(c => c.Row).ToArray(), sent.Select(r => SentTouch(r)).ToArray(), consents, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<string>> PrintAsync(List<(OutboxRow Row, PrintedLetter Letter)> letters, SendOptions options, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Folder);
        var stamp = Stamp(options.Day, now);
        var pdf = Path.Combine(options.Folder, $"letters-{stamp}.pdf");
        var csv = Path.Combine(options.Folder, $"addresses-{stamp}.csv");
        foreach (var (row, _) in letters)
        {
            row.State = OutboxStore.State(OutboxState.Sending);
            row.Recipient = pdf;
            row.Attempts++;
            row.UpdatedAt = time.GetUtcNow();
        }

        await OutboxStore.UpdateAsync(database, letters.Select(l => l.Row), cancellationToken).ConfigureAwait(false);

        // Written beside the final name and renamed: a stop never leaves half a file under it.
        LetterPdfResult result;
        await using (var stream = File.Create(pdf + ".part"))
        {
            result = LetterPdf.Write(stream, letters.Select(l => l.Letter).ToArray(), LetterPdfOptions.Default with { CreatedAt = now });
        }

        var byKey = letters.ToDictionary(l => l.Row.Key, l => l.Row, StringComparer.Ordinal);
        if (result.Error is { } error)
        {
            File.Delete(pdf + ".part");
            foreach (var (row, _) in letters)
            {
                row.State = OutboxStore.State(OutboxState.Failed);
                row.Detail = error;
                row.NextAttemptAt = time.GetUtcNow() + Backoff(row.Attempts);
                tally.Failed++;
            }

            await OutboxStore.UpdateAsync(database, letters.Select(l => l.Row), cancellationToken).ConfigureAwait(false);
            return [];
        }

        await using (var writer = new StreamWriter(csv + ".part", false, new UTF8Encoding(false)))
        {
            AddressList.Write(writer, result.Pages);
        }

        File.Move(pdf + ".part", pdf, overwrite: true);
        File.Move(csv + ".part", csv, overwrite: true);
        foreach (var problem in result.Problems)
        {
            var row = byKey[problem.TouchKey];
            row.State = OutboxStore.State(OutboxState.NeedsAttention);
            row.Recipient = null;
            row.Detail = problem.Message;
            tally.NeedsAttention++;
        }

        var sent = new List<OutboxRow>();
        foreach (var page in result.Pages)
        {
            var row = byKey[page.Letter.TouchKey];
            row.State = OutboxStore.State(OutboxState.Sent);
            row.SentAt = time.GetUtcNow();
            row.Detail = string.Create(CultureInfo.InvariantCulture, $"page {page.Number} of {Path.GetFileName(pdf)}");
            sent.Add(row);
            tally.Sent++;
        }

        await OutboxStore.CompleteAsync(database, letters.Select(l => l.Row).ToArray(), sent.Select(r => SentTouch(r)).ToArray(), [], cancellationToken).ConfigureAwait(false);
        return result.Pages.Count > 0 ? [pdf, csv] : [];
    }

    private async Task<string> WriteHandSentAsync(List<(OutboxRow Row, HandSentMessage Message)> messages, SendOptions options, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Folder);
        var path = Path.Combine(options.Folder, $"messages-{Stamp(options.Day, now)}.csv");
        foreach (var (row, _) in messages)
        {
            row.State = OutboxStore.State(OutboxState.Sending);
            row.Attempts++;
            row.UpdatedAt = time.GetUtcNow();
        }

        await OutboxStore.UpdateAsync(database, messages.Select(m => m.Row), cancellationToken).ConfigureAwait(false);
        await using (var writer = new StreamWriter(path + ".part", false, new UTF8Encoding(false)))
        {
            HandSentMessages.Write(writer, messages.Select(m => m.Message));
        }

        File.Move(path + ".part", path, overwrite: true);
        foreach (var (row, _) in messages)
        {
            row.State = OutboxStore.State(OutboxState.Sent);
            row.SentAt = time.GetUtcNow();
            row.Detail = $"in {Path.GetFileName(path)}, to send by hand";
            tally.Sent++;
        }

        await OutboxStore.CompleteAsync(database, messages.Select(m => m.Row).ToArray(), messages.Select(m => SentTouch(m.Row)).ToArray(), [], cancellationToken).ConfigureAwait(false);
        return path;
    }

    internal static PrintedLetter Letter(Addressed touch, RenderedMessage message, PreferenceLinks? links)
    {
        var customer = touch.Customer!;
        var branch = touch.Branch;
        var senderLines = new List<string?> { branch?.Name ?? touch.Sender?.Name, branch?.Address, branch?.Phone?.Value };
        var returnAddress = string.Join(", ", new[] { branch?.Name, branch?.Address }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var name = customer.DisplayName ?? customer.Company ?? customer.Id;
        var footer = links is null ? null : "Your preferences: " + links.PreferencesUrl(customer.Id, LinkScope.All);
        return new PrintedLetter(message.TouchKey, customer.Id, senderLines, returnAddress.Length > 0 ? returnAddress : name, LetterAddress.From(name, customer.Address, customer.Address.Country), touch.Touch.Day, message.Text, footer);
    }

    private static EmailParty SenderOf(Addressed touch)
    {
        if (touch.Sender?.Email is { } staff)
        {
            return new EmailParty(touch.Branch is { } b ? $"{touch.Sender.Name}, {b.Name}" : touch.Sender.Name, staff);
        }

        if (touch.Branch?.Email is { } branch)
        {
            return new EmailParty(touch.Branch.Name, branch);
        }

        return new EmailParty(touch.Branch?.Name ?? "Rapport", EmailAddress.From("hello@rapport.invalid"));
    }

    private static DueTouch ToDue(OutboxRow row, MomentRow? moment) => new(
        row.Key,
        row.CustomerId,
        EnumText.Parse<TouchKind>(row.Kind, "kind").Value,
        EnumText.Parse<Channel>(row.Channel, "channel").Value,
        row.Day,
        moment);

    private static OutboxRow NewRow(DueTouch touch, DateTimeOffset now) => new()
    {
        Key = touch.Key,
        CustomerId = touch.CustomerId,
        Kind = EnumText.ToText(touch.Kind),
        Channel = EnumText.ToText(touch.Channel),
        Day = touch.Day,
        Source = touch.Moment is null ? "plan" : "moment",
        State = OutboxStore.State(OutboxState.Rendered),
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static void NeedsAttention(OutboxRow row, Tally tally, string? template, string? field, string message)
    {
        row.State = OutboxStore.State(OutboxState.NeedsAttention);
        row.Template = template;
        row.Field = field;
        row.Detail = message;
        row.NextAttemptAt = null;
        tally.NeedsAttention++;
    }

    private static string WhyNot(ChannelConsent consent, Channel channel)
    {
        var record = consent.Reason;
        if (record is null)
        {
            return $"no consent for {EnumText.ToText(channel)} on record";
        }

        var what = record.Suppression is { } s ? EnumText.ToText(s) : EnumText.ToText(record.Status);
        return string.Create(CultureInfo.InvariantCulture, $"{EnumText.ToText(channel)} {what} on {record.At:yyyy-MM-dd}{(record.Source is { } source ? $" ({source})" : string.Empty)}: not sent");
    }

    /// <summary>The touch recorded in the customer's history when a message went: the planner and the 360° view see it.</summary>
    private static Touch SentTouch(OutboxRow row)
    {
        // A touch id is at most 100 characters: long keys keep their start and a hash of the whole.
        var id = row.Key.Length <= 100
            ? row.Key
            : string.Concat(row.Key.AsSpan(0, 67), ":", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row.Key))).AsSpan(0, 32));
        return new Touch(id, row.CustomerId, row.SentAt ?? row.UpdatedAt, EnumText.Parse<Channel>(row.Channel, "channel").Value, TouchDirection.Out, EnumText.Parse<TouchKind>(row.Kind, "kind").Value)
        {
            Status = TouchStatus.Sent,
            Outcome = row.Channel == "email" ? TouchOutcome.Delivered : null,
            Note = row.Subject,
        };
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static string Answer(int? code, string text) => code is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c} {text}") : text;

    private static string Stamp(DateOnly day, DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}-{now:HHmmss}");

    private sealed class Tally
    {
        public int Due { get; set; }

        public int Sent { get; set; }

        public int NeedsAttention { get; set; }

        public int Withheld { get; set; }

        public int Failed { get; set; }

        public int Deferred { get; set; }

        public int Uncertain { get; set; }

        public int Recovered { get; set; }

        public int EmailsWaiting { get; set; }
    }
}

/// <summary>Another sender holds the lock: nothing was sent.</summary>
public sealed class SendLockedException(string message) : Exception(message);
