using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>The channel a touch goes by, or why it cannot go.</summary>
/// <param name="Channel">The channel; <see langword="null"/> when none suits and is consented to.</param>
/// <param name="Reason">Why this channel, or why none.</param>
public sealed record ChannelDecision(Channel? Channel, string Reason);

/// <summary>
/// Picks the channel of a touch (SPEC R2): the most preferred channel the customer consented to
/// that suits the kind of touch. Channels the customer did not list come after the listed ones,
/// in the order that suits the kind best (print first for a welcome kit), and only with consent.
/// </summary>
public static class ChannelChoice
{
    /// <summary>The channels a kind of touch can go by.</summary>
    /// <remarks>A care call or win-back call needs the phone; a newsletter needs e-mail; greetings and offers go in writing; a check-in can go by any channel.</remarks>
    public static IReadOnlyList<Channel> SuitableFor(TouchKind kind) => kind switch
    {
        TouchKind.CareCall or TouchKind.WinBack => [Channel.Phone],
        TouchKind.Newsletter => [Channel.Email],
        TouchKind.Birthday or TouchKind.Anniversary or TouchKind.HolidayGreeting => [Channel.Email, Channel.Print, Channel.Sms, Channel.Social],
        TouchKind.Offer or TouchKind.Survey or TouchKind.YouSaidWeDid => [Channel.Email, Channel.Print, Channel.Sms],
        TouchKind.WelcomeKit or TouchKind.Reward => [Channel.Print, Channel.Email],
        _ => [Channel.Email, Channel.Print, Channel.Phone, Channel.Sms, Channel.Social],
    };

    /// <summary>Chooses the channel for a touch.</summary>
    /// <param name="kind">The kind of touch.</param>
    /// <param name="preferred">The customer's channels, most preferred first.</param>
    /// <param name="consent">What the customer allows.</param>
    public static ChannelDecision Choose(TouchKind kind, IReadOnlyList<Channel> preferred, ConsentState consent)
    {
        ArgumentNullException.ThrowIfNull(preferred);
        ArgumentNullException.ThrowIfNull(consent);
        var suitable = SuitableFor(kind);
        foreach (var channel in preferred.Concat(suitable.Except(preferred)))
        {
            if (suitable.Contains(channel) && consent.MayContact(channel))
            {
                return new ChannelDecision(channel, preferred.Contains(channel)
                    ? $"{Common.EnumText.ToText(channel)}, the customer's {Ordinal(preferred.ToList().IndexOf(channel))} choice"
                    : $"{Common.EnumText.ToText(channel)}, consented to though not listed as preferred");
            }
        }

        if (consent.PermanentSuppression is { } permanent)
        {
            return new ChannelDecision(null, $"no contact at all: {Common.EnumText.ToText(permanent.Suppression!.Value)}");
        }

        var wanted = string.Join(" or ", suitable.Select(Common.EnumText.ToText));
        var refusals = suitable
            .Select(c => consent[c])
            .Where(c => c.Deciding is not null)
            .Select(c => $"{Common.EnumText.ToText(c.Channel)} withdrawn{(c.Suppression is { } s ? $" ({Common.EnumText.ToText(s)})" : string.Empty)} on {Common.IsoTime.Format(DateOnly.FromDateTime(c.Deciding!.At.UtcDateTime))}")
            .ToArray();
        return new ChannelDecision(null, $"no consent to {wanted}, which a {Common.EnumText.ToText(kind)} needs{(refusals.Length > 0 ? $": {string.Join("; ", refusals)}" : string.Empty)}");
    }

    private static string Ordinal(int index) => index switch
    {
        0 => "first",
        1 => "second",
        2 => "third",
        3 => "fourth",
        _ => "fifth",
    };
}
