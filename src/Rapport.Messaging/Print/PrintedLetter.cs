using System.Text;
using Rapport.Core.Common;

namespace Rapport.Messaging.Print;

/// <summary>One letter to print on one A4 page and post in a window envelope.</summary>
/// <remarks>
/// Text is put in Unicode normal form C and line ends become <c>\n</c>. The body is plain
/// text as a template renders it, salutation and sign-off included: each line break is kept,
/// long lines are wrapped, and a blank line separates paragraphs.
/// </remarks>
public sealed record PrintedLetter
{
    /// <summary>Creates a letter.</summary>
    /// <param name="touchKey">The touch's outbox key.</param>
    /// <param name="customerId">The customer it is for.</param>
    /// <param name="sender">The sender block, top right: the business or branch name first, then its address and phone.</param>
    /// <param name="returnAddress">The return address, one line, printed small above the recipient in the window.</param>
    /// <param name="recipient">The recipient.</param>
    /// <param name="date">The letter's date.</param>
    /// <param name="body">The text, salutation and sign-off included.</param>
    /// <param name="footer">Small print at the foot of the page, such as the link to the customer's preferences.</param>
    /// <exception cref="ArgumentException">A key, the customer id, the sender's name, the return address or the body is empty, or the return address is more than one line.</exception>
    public PrintedLetter(
        string touchKey,
        string customerId,
        IEnumerable<string?> sender,
        string returnAddress,
        LetterAddress recipient,
        DateOnly date,
        string body,
        string? footer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(touchKey);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentException.ThrowIfNullOrWhiteSpace(returnAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        TouchKey = touchKey;
        CustomerId = Identifiers.Check(customerId, nameof(customerId));
        Sender = [.. sender.Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => Clean(line!).Trim())];
        if (Sender.Count == 0)
        {
            throw new ArgumentException("A letter needs a sender: at least the business's name.", nameof(sender));
        }

        if (Sender.Any(line => line.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Each line of the sender block must be one line.", nameof(sender));
        }

        ReturnAddress = Clean(returnAddress).Trim();
        if (ReturnAddress.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The return address '{returnAddress}' must be one line.", nameof(returnAddress));
        }

        Recipient = recipient;
        Date = date;
        Body = Clean(body).Trim('\n');
        Footer = string.IsNullOrWhiteSpace(footer) ? null : Clean(footer).Trim('\n');
    }

    /// <summary>The touch's outbox key.</summary>
    public string TouchKey { get; }

    /// <summary>The customer it is for.</summary>
    public string CustomerId { get; }

    /// <summary>The sender block, one entry a line: the business or branch name first.</summary>
    public IReadOnlyList<string> Sender { get; }

    /// <summary>The return address, one line.</summary>
    public string ReturnAddress { get; }

    public LetterAddress Recipient { get; }

    /// <summary>The letter's date, printed like <c>23 November 2026</c>.</summary>
    public DateOnly Date { get; }

    /// <summary>The text, with <c>\n</c> line ends; blank lines separate paragraphs.</summary>
    public string Body { get; }

    /// <summary>Small print at the foot of the page, if any.</summary>
    public string? Footer { get; }

    private static string Clean(string text) =>
        text.ReplaceLineEndings("\n").Normalize(NormalizationForm.FormC);
}
