using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Links;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Email;

/// <summary>
/// Turns a rendered e-mail into the MIME message that goes to the SMTP server: a text part and
/// an HTML part, a Message-ID that is the same every time the same touch is composed, and the
/// one-click unsubscribe headers of RFC 2369 and RFC 8058 on everything but replies.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Message-ID</c>: <c>&lt;rapport.{h}@{sender domain}&gt;</c>, where <c>h</c> is the first 32
/// hexadecimal digits (lower case) of SHA-256 over the UTF-8 touch key. Composing a touch twice,
/// after a crash say, gives the same id, so a receiving system can tell a duplicate.</item>
/// <item><c>List-Unsubscribe</c>: <c>&lt;{publicUrl}/u/{token}&gt;, &lt;mailto:{mailbox}?subject=unsubscribe%20{token}&gt;</c>,
/// and <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>; the token is an unsubscribe
/// token for the customer with the e-mail scope. Left off replies to the customer's own action
/// (<see cref="TouchKinds.IsReply"/>: thank-you, acknowledgement, referral thanks), which are
/// not list mail.</item>
/// <item><c>X-Rapport-Touch</c>: the touch key, so a bounce or reply can be matched to its touch.</item>
/// <item><c>Date</c>: from the <see cref="TimeProvider"/>.</item>
/// </list>
/// The text parts are UTF-8 with whatever transfer encoding MimeKit finds best for 7-bit
/// transport (7bit for plain ASCII, else quoted-printable or base64).
/// </remarks>
public sealed class EmailComposer
{
    public const string TouchHeader = "X-Rapport-Touch";

    private readonly PreferenceLinks _links;
    private readonly TimeProvider _time;
    private readonly EmailAddress? _unsubscribeMailbox;

    /// <param name="links">Signs the unsubscribe links.</param>
    /// <param name="time">The clock for the <c>Date</c> header and the links' expiry.</param>
    /// <param name="unsubscribeMailbox">
    /// Where unsubscribe e-mails go (the <c>mailto:</c> of <c>List-Unsubscribe</c>); when null,
    /// <c>unsubscribe@</c> the sender's domain.
    /// </param>
    public EmailComposer(PreferenceLinks links, TimeProvider time, EmailAddress? unsubscribeMailbox = null)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(time);
        _links = links;
        _time = time;
        _unsubscribeMailbox = unsubscribeMailbox;
    }

    /// <summary>The Message-ID (without angle brackets) of a touch sent from a domain.</summary>
    public static string MessageIdFor(string touchKey, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(touchKey);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(touchKey));
        return $"rapport.{Convert.ToHexStringLower(hash, 0, 16)}@{new IdnMapping().GetAscii(domain)}";
    }

    /// <summary>Composes the e-mail for a rendered message.</summary>
    /// <param name="message">The rendered e-mail: its touch key and kind decide the Message-ID and whether it carries unsubscribe headers.</param>
    /// <param name="sender">Who it is from: the account manager, or the branch.</param>
    /// <param name="recipient">The customer.</param>
    /// <exception cref="ArgumentException">The message is not an e-mail, has no subject, or its touch key has a line break.</exception>
    public MimeMessage Compose(RenderedMessage message, EmailParty sender, EmailParty recipient)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        if (message.Channel != Channel.Email)
        {
            throw new ArgumentException($"Touch {message.TouchKey} is a {message.Channel} message, not an e-mail.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.Subject))
        {
            throw new ArgumentException($"The e-mail for touch {message.TouchKey} has no subject.", nameof(message));
        }

        if (message.TouchKey.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"The touch key '{message.TouchKey}' contains a line break.", nameof(message));
        }

        var mime = new MimeMessage();
        mime.From.Add(Mailbox(sender));
        mime.To.Add(Mailbox(recipient));
        mime.Subject = message.Subject;
        mime.Date = _time.GetUtcNow();
        mime.MessageId = MessageIdFor(message.TouchKey, sender.Domain);
        mime.Headers.Add(TouchHeader, message.TouchKey);
        if (!message.Kind.IsReply())
        {
            var token = _links.Sign(LinkPurpose.Unsubscribe, message.CustomerId, LinkScope.For(Channel.Email));
            var url = _links.UrlFor(LinkPurpose.Unsubscribe, token);
            var mailbox = _unsubscribeMailbox?.Value ?? $"unsubscribe@{sender.Domain}";
            mime.Headers.Add("List-Unsubscribe", $"<{url.AbsoluteUri}>, <mailto:{mailbox}?subject=unsubscribe%20{token}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var text = Part(TextFormat.Plain, message.Text);
        mime.Body = message.Html is { Length: > 0 } html
            ? new MultipartAlternative { text, Part(TextFormat.Html, html) }
            : text;
        return mime;
    }

    private static MailboxAddress Mailbox(EmailParty party) =>
        new(string.IsNullOrWhiteSpace(party.Name) ? null : party.Name, party.Address.Value);

    private static TextPart Part(TextFormat format, string content)
    {
        var part = new TextPart(format);
        part.SetText(Encoding.UTF8, content);
        part.ContentTransferEncoding = part.GetBestEncoding(EncodingConstraint.SevenBit);
        return part;
    }
}
