using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.Messaging.Links;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Email;

/// <summary>Messages, parties and a composer for the e-mail tests.</summary>
internal static class Mail
{
    public static readonly byte[] Key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    public static readonly EmailParty Anna = new("Anna Müller", EmailAddress.From("anna@shop.example"));

    public static readonly EmailParty Zoe = new("Zoë Müller", EmailAddress.From("zoe@customer.example"));

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero));

    public static PreferenceLinks Links(TimeProvider time) => new(Key, new Uri("https://shop.example/rapport"), time);

    public static EmailComposer Composer(TimeProvider? time = null)
    {
        var clock = time ?? Clock();
        return new EmailComposer(Links(clock), clock);
    }

    public static RenderedMessage Rendered(TouchKind kind, string? touchKey = null, string customerId = "C1") =>
        new(
            touchKey ?? $"touch-{Guid.NewGuid():N}",
            customerId,
            kind,
            Channel.Email,
            $"{kind}.email.liquid",
            "Grüße aus Zürich, Zoë",
            "Liebe Zoë Müller,\n\ndanke für Ihren Einkauf: die Gartenschere ist unterwegs.\n\nAnna Müller\n",
            "<p>Liebe Zoë Müller,</p><p>danke für Ihren Einkauf: die <b>Gartenschere</b> ist unterwegs.</p><p>Anna Müller</p>");
}
