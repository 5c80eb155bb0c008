using MimeKit;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.TestSupport;

namespace Rapport.Messaging.Tests.Email;

/// <summary>Composed messages sent through <see cref="SmtpDelivery"/> to a real SMTP server (maildev) and read back.</summary>
public sealed class MailDevDeliveryTests(MailDevServer maildev) : IClassFixture<MailDevServer>
{
    private SmtpDelivery Delivery(int connections = SmtpDelivery.DefaultConnections) =>
        new(SmtpEndpoint.Parse(maildev.SmtpUri).Value, connections);

    [Fact]
    public async Task Send_Newsletter_ArrivesWithTextHtmlSenderAndOneClickUnsubscribe()
    {
        await using var delivery = Delivery();
        var rendered = Mail.Rendered(TouchKind.Newsletter);
        var composed = Mail.Composer().Compose(rendered, Mail.Anna, Mail.Zoe);

        var result = await delivery.SendAsync(composed, CancellationToken.None);

        Assert.IsType<DeliveryResult.Accepted>(result);
        var received = await ArrivedAsync(rendered.TouchKey);
        Assert.Equal("Grüße aus Zürich, Zoë", received.Subject);
        Assert.Equal("anna@shop.example", received.From.Single().Address);
        Assert.Equal("Anna Müller", received.From.Single().Name);
        Assert.Equal("zoe@customer.example", received.To.Single().Address);
        Assert.Equal("Zoë Müller", received.To.Single().Name);
        Assert.Contains("Liebe Zoë Müller,", received.Text, StringComparison.Ordinal);
        Assert.Contains("<b>Gartenschere</b>", received.Html, StringComparison.Ordinal);
        Assert.Equal($"<{composed.MessageId}>", received.MessageId);

        var source = await SourceAsync(received);
        Assert.Equal(composed.Headers["List-Unsubscribe"], Unfold(source.Headers["List-Unsubscribe"]));
        Assert.StartsWith("<https://shop.example/rapport/u/v1.", source.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", source.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(rendered.TouchKey, source.Headers[EmailComposer.TouchHeader]);
    }

    [Fact]
    public async Task Send_ThankYou_ArrivesWithoutUnsubscribeHeaders()
    {
        await using var delivery = Delivery();
        var rendered = Mail.Rendered(TouchKind.ThankYou);

        var result = await delivery.SendAsync(Mail.Composer().Compose(rendered, Mail.Anna, Mail.Zoe), CancellationToken.None);

        Assert.IsType<DeliveryResult.Accepted>(result);
        var source = await SourceAsync(await ArrivedAsync(rendered.TouchKey));
        Assert.False(source.Headers.Contains("List-Unsubscribe"));
        Assert.False(source.Headers.Contains("List-Unsubscribe-Post"));
        Assert.Equal(rendered.TouchKey, source.Headers[EmailComposer.TouchHeader]);
    }

    [Fact]
    public async Task Send_SameTouchComposedTwice_BothCopiesCarryTheSameMessageId()
    {
        await using var delivery = Delivery();
        var clock = Mail.Clock();
        var key = $"touch-{Guid.NewGuid():N}";
        var first = Mail.Composer(clock).Compose(Mail.Rendered(TouchKind.CheckIn, key), Mail.Anna, Mail.Zoe);
        clock.Advance(TimeSpan.FromHours(3));
        var second = Mail.Composer(clock).Compose(Mail.Rendered(TouchKind.CheckIn, key), Mail.Anna, Mail.Zoe);

        await delivery.SendAsync(first, CancellationToken.None);
        await delivery.SendAsync(second, CancellationToken.None);

        var copies = (await maildev.MessagesAsync()).Where(m => m.Headers.GetValueOrDefault("x-rapport-touch") == key).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Equal(copies[0].MessageId, copies[1].MessageId);
        Assert.Equal($"<{EmailComposer.MessageIdFor(key, "shop.example")}>", copies[0].MessageId);
    }

    [Fact]
    public async Task Send_PersonalisedUnicodeText_ArrivesIntact()
    {
        await using var delivery = Delivery();
        var recipient = new EmailParty("Nguyễn Thị Ánh", EmailAddress.From("thi@customer.example"));
        var rendered = Mail.Rendered(TouchKind.Birthday) with
        {
            Subject = "Alles Gute, Zoë Müller! 🎂",
            Text = "Chère Zoë Müller,\nΚαλά γενέθλια — 生日快乐 — Åsa Björk, Seán O'Brien.\nA line that is long enough to need folding in quoted-printable, with ümlauts at its very end: äöü\n.\nA line with only a dot above, which SMTP must escape.",
            Html = "<p>Chère <em>Zoë Müller</em>,</p><p>Καλά γενέθλια — 生日快乐</p>",
        };

        var result = await delivery.SendAsync(Mail.Composer().Compose(rendered, Mail.Anna, recipient), CancellationToken.None);

        Assert.IsType<DeliveryResult.Accepted>(result);
        var received = await ArrivedAsync(rendered.TouchKey);
        Assert.Equal(rendered.Subject, received.Subject);
        Assert.Equal("Nguyễn Thị Ánh", received.To.Single().Name);
        Assert.Equal(rendered.Text, received.Text?.TrimEnd('\n').Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("<em>Zoë Müller</em>", received.Html, StringComparison.Ordinal);
        Assert.Contains("生日快乐", received.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ManyTasksAtOnceOverFourConnections_EveryMessageArrivesExactlyOnce()
    {
        const int count = 200;
        await using var delivery = Delivery(connections: 4);
        var composer = Mail.Composer();
        var batch = Guid.NewGuid().ToString("N");
        var messages = Enumerable.Range(0, count)
            .Select(i => composer.Compose(Mail.Rendered(TouchKind.Newsletter, $"{batch}-{i}", $"C{i}"), Mail.Anna, Mail.Zoe))
            .ToList();

        var results = await Task.WhenAll(messages.Select(m => Task.Run(() => delivery.SendAsync(m, CancellationToken.None))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Accepted>(r));
        var arrived = (await maildev.MessagesAsync())
            .Select(m => m.Headers.GetValueOrDefault("x-rapport-touch"))
            .Where(k => k is not null && k.StartsWith(batch, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(count, arrived.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{batch}-{i}").Order(StringComparer.Ordinal), arrived.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Clear_RemovesEveryMessage()
    {
        await using var delivery = Delivery(connections: 1);
        await delivery.SendAsync(Mail.Composer().Compose(Mail.Rendered(TouchKind.CheckIn), Mail.Anna, Mail.Zoe), CancellationToken.None);

        await maildev.ClearAsync();

        Assert.Empty(await maildev.MessagesAsync());
    }

    private async Task<ReceivedEmail> ArrivedAsync(string touchKey) =>
        Assert.Single(await maildev.MessagesAsync(), m => m.Headers.GetValueOrDefault("x-rapport-touch") == touchKey);

    private async Task<MimeMessage> SourceAsync(ReceivedEmail email)
    {
        var source = await maildev.SourceAsync(email);
        return await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source)), CancellationToken.None);
    }

    private static string? Unfold(string? header) =>
        header?.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
}
