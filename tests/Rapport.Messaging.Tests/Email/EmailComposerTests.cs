using MimeKit;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.Messaging.Links;

namespace Rapport.Messaging.Tests.Email;

public sealed class EmailComposerTests
{
    [Fact]
    public void Compose_Newsletter_IsTextAndHtmlFromTheSenderToTheCustomer()
    {
        var message = Mail.Composer().Compose(Mail.Rendered(TouchKind.Newsletter), Mail.Anna, Mail.Zoe);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.True(text.IsPlain);
        Assert.True(html.IsHtml);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
        Assert.Contains(text.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        Assert.Contains("Liebe Zoë Müller", text.Text, StringComparison.Ordinal);
        Assert.Contains("<b>Gartenschere</b>", html.Text, StringComparison.Ordinal);
        Assert.Equal("\"Anna Müller\" <anna@shop.example>", message.From.ToString());
        Assert.Equal("zoe@customer.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("Grüße aus Zürich, Zoë", message.Subject);
    }

    [Fact]
    public void Compose_SameTouchTwice_GivesTheSameMessageIdDerivedFromTheTouchKey()
    {
        var clock = Mail.Clock();
        var composer = Mail.Composer(clock);
        var first = composer.Compose(Mail.Rendered(TouchKind.CheckIn, "T-42"), Mail.Anna, Mail.Zoe);
        clock.Advance(TimeSpan.FromDays(1));
        var second = composer.Compose(Mail.Rendered(TouchKind.CheckIn, "T-42"), Mail.Anna, Mail.Zoe);
        var other = composer.Compose(Mail.Rendered(TouchKind.CheckIn, "T-43"), Mail.Anna, Mail.Zoe);

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
        Assert.Matches("^rapport\\.[0-9a-f]{32}@shop\\.example$", first.MessageId);
        // SHA-256("T-42"), first 16 bytes in hex: the documented rule, worked out independently.
        var hash = System.Security.Cryptography.SHA256.HashData("T-42"u8);
        Assert.Equal($"rapport.{Convert.ToHexStringLower(hash)[..32]}@shop.example", first.MessageId);
    }

    [Fact]
    public void Compose_DateComesFromTheTimeProvider()
    {
        var clock = Mail.Clock();

        var message = Mail.Composer(clock).Compose(Mail.Rendered(TouchKind.CheckIn), Mail.Anna, Mail.Zoe);

        Assert.Equal(clock.GetUtcNow(), message.Date);
    }

    [Theory]
    [InlineData(TouchKind.Newsletter)]
    [InlineData(TouchKind.CheckIn)]
    [InlineData(TouchKind.Offer)]
    [InlineData(TouchKind.Birthday)]
    public void Compose_ListMail_CarriesOneClickUnsubscribe(TouchKind kind)
    {
        var clock = Mail.Clock();
        var message = Mail.Composer(clock).Compose(Mail.Rendered(kind, customerId: "C 7/ü"), Mail.Anna, Mail.Zoe);

        var header = message.Headers["List-Unsubscribe"] ?? string.Empty;
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var match = System.Text.RegularExpressions.Regex.Match(
            header,
            "^<https://shop\\.example/rapport/u/(?<token>v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)>, <mailto:unsubscribe@shop\\.example\\?subject=unsubscribe%20(?<again>v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)>$");
        Assert.True(match.Success, header);
        Assert.Equal(match.Groups["token"].Value, match.Groups["again"].Value);
        var check = Assert.IsType<LinkCheck.Valid>(Mail.Links(clock).Check(match.Groups["token"].Value));
        Assert.Equal("C 7/ü", check.CustomerId);
        Assert.Equal(LinkPurpose.Unsubscribe, check.Purpose);
        Assert.Equal(LinkScope.For(Channel.Email), check.Scope);
    }

    [Theory]
    [InlineData(TouchKind.ThankYou)]
    [InlineData(TouchKind.Acknowledgement)]
    [InlineData(TouchKind.ReferralThanks)]
    public void Compose_Reply_HasNoUnsubscribeHeaders(TouchKind kind)
    {
        var message = Mail.Composer().Compose(Mail.Rendered(kind), Mail.Anna, Mail.Zoe);

        Assert.False(message.Headers.Contains("List-Unsubscribe"));
        Assert.False(message.Headers.Contains("List-Unsubscribe-Post"));
    }

    [Fact]
    public void Compose_UnsubscribeMailboxSet_UsesIt()
    {
        var clock = Mail.Clock();
        var composer = new EmailComposer(Mail.Links(clock), clock, EmailAddress.From("leave@lists.shop.example"));

        var message = composer.Compose(Mail.Rendered(TouchKind.Newsletter), Mail.Anna, Mail.Zoe);

        Assert.Contains("<mailto:leave@lists.shop.example?subject=unsubscribe%20v1.", message.Headers["List-Unsubscribe"], StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TouchHeader_CarriesTheTouchKey()
    {
        var message = Mail.Composer().Compose(Mail.Rendered(TouchKind.Newsletter, "outbox:2026-11-23:C1:newsletter"), Mail.Anna, Mail.Zoe);

        Assert.Equal("outbox:2026-11-23:C1:newsletter", message.Headers[EmailComposer.TouchHeader]);
    }

    [Fact]
    public void Compose_WrittenOut_HasEveryHeaderOnItsOwnLineAnd7BitOnly()
    {
        var message = Mail.Composer().Compose(Mail.Rendered(TouchKind.Newsletter, "T-1"), Mail.Anna, Mail.Zoe);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var bytes = stream.ToArray();

        Assert.All(bytes, b => Assert.True(b < 128));
        var reread = MimeMessage.Load(new MemoryStream(bytes));
        Assert.Equal(message.Headers["List-Unsubscribe"], reread.Headers["List-Unsubscribe"]?.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal("Grüße aus Zürich, Zoë", reread.Subject);
        Assert.Contains("Liebe Zoë Müller", reread.TextBody, StringComparison.Ordinal);
        Assert.Equal("T-1", reread.Headers[EmailComposer.TouchHeader]);
    }

    [Fact]
    public void Compose_NoHtml_IsPlainTextOnly()
    {
        var rendered = Mail.Rendered(TouchKind.CheckIn) with { Html = null };

        var message = Mail.Composer().Compose(rendered, Mail.Anna, Mail.Zoe);

        var text = Assert.IsType<TextPart>(message.Body);
        Assert.True(text.IsPlain);
    }

    [Fact]
    public void Compose_NotAnEmailOrNoSubjectOrLineBreakInKey_Throws()
    {
        var composer = Mail.Composer();

        Assert.Throws<ArgumentException>(() => composer.Compose(Mail.Rendered(TouchKind.CheckIn) with { Channel = Channel.Sms }, Mail.Anna, Mail.Zoe));
        Assert.Throws<ArgumentException>(() => composer.Compose(Mail.Rendered(TouchKind.CheckIn) with { Subject = " " }, Mail.Anna, Mail.Zoe));
        Assert.Throws<ArgumentException>(() => composer.Compose(Mail.Rendered(TouchKind.CheckIn, "T-1\r\nBcc: x@y.example"), Mail.Anna, Mail.Zoe));
    }
}
