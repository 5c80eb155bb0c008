using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Messaging.Links;
using Rapport.Messaging.Print;
using Rapport.Messaging.Templates;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;

namespace Rapport.Messaging.Sending;

/// <summary>What a preview of the day's letters held.</summary>
/// <param name="Pages">The letters printed, one page each.</param>
/// <param name="Problems">Letters that could not be printed: no consent for print now, no complete postal address, a template that cannot make a personal letter, a body too long for the page.</param>
/// <param name="Error">Why nothing could be printed at all (no font), or null.</param>
public sealed record LetterPreviewResult(int Pages, IReadOnlyList<LetterProblem> Problems, string? Error);

/// <summary>
/// The day's letters as one PDF, exactly as <c>rapport send</c> would print them (the same due
/// touches, consent check, templates and layout), for the customers of a scope; read-only:
/// nothing is marked sent, nothing enters the outbox.
/// </summary>
public static class LetterPreview
{
    /// <summary>Writes the printable letters due on <paramref name="day"/> to <paramref name="output"/> (nothing when none is printable).</summary>
    /// <param name="database">The database.</param>
    /// <param name="policy">The contact policy, for the message facts.</param>
    /// <param name="renderer">The templates.</param>
    /// <param name="links">Makes the preference link printed in each letter's footer; null leaves the footer out.</param>
    /// <param name="scope">Only the letters to customers in this scope.</param>
    /// <param name="day">The day: its letters and late ones not yet sent, as the sender takes them.</param>
    /// <param name="output">Where the PDF goes.</param>
    /// <param name="now">The time to check consent at and to date the PDF with.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<LetterPreviewResult> WriteAsync(RapportDatabase database, ContactPolicy policy, TemplateRenderer renderer, PreferenceLinks? links, AccessScope scope, DateOnly day, Stream output, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(output);
        var due = await OutboxStore.DueAsync(database, day, Channel.Print, cancellationToken).ConfigureAwait(false);
        var visible = await scope.VisibleAsync(database, due.Select(d => d.CustomerId), cancellationToken).ConfigureAwait(false);
        var reader = new MessageFactsReader(database, policy, links is null ? null : id => links.PreferencesUrl(id, LinkScope.All));
        var letters = new List<PrintedLetter>();
        var problems = new List<LetterProblem>();
        foreach (var batch in due.Where(d => visible.Contains(d.CustomerId)).Chunk(Sender.BatchSize))
        {
            foreach (var touch in await reader.ReadAsync(batch, now, cancellationToken).ConfigureAwait(false))
            {
                var key = touch.Touch.Key;
                var customerId = touch.Touch.CustomerId;
                if (touch.Customer is null || touch.Facts is null)
                {
                    problems.Add(new LetterProblem(key, customerId, "the customer is no longer on record"));
                }
                else if (!touch.Consent.MayContact(Channel.Print))
                {
                    problems.Add(new LetterProblem(key, customerId, "no consent for print now: the sender will withhold it"));
                }
                else if (!touch.Customer.Address.IsComplete)
                {
                    problems.Add(new LetterProblem(key, customerId, "no complete postal address on record"));
                }
                else
                {
                    var rendered = renderer.Render(touch.Facts);
                    if (rendered.IsRendered)
                    {
                        letters.Add(Sender.Letter(touch, rendered.Message, links));
                    }
                    else
                    {
                        problems.Add(new LetterProblem(key, customerId, rendered.Problem.Message));
                    }
                }
            }
        }

        if (letters.Count == 0)
        {
            return new LetterPreviewResult(0, problems, null);
        }

        var result = LetterPdf.Write(output, letters, LetterPdfOptions.Default with { CreatedAt = now, Title = $"Letters due {Core.Common.IsoTime.Format(day)} (preview)" });
        return new LetterPreviewResult(result.Pages.Count, [.. problems, .. result.Problems], result.Error);
    }
}
