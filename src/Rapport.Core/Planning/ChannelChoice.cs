using Rapport.Core.Common;
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
    private static readonly Channel[][] Suitable = Enum.GetValues<TouchKind>().Select(SuitableChannels).ToArray();

    /// <summary>The channels a kind of touch can go by, the best suited first.</summary>
    /// <remarks>A care call or win-back call needs the phone; a newsletter needs e-mail; greetings and offers go in writing; a check-in can go by any channel.</remarks>
    public static IReadOnlyList<Channel> SuitableFor(TouchKind kind) => Suitable[(int)kind];

    /// <summary>The channel for a touch, without the reason: the planner's fast path.</summary>
    /// <param name="kind">The kind of touch.</param>
    /// <param name="preferred">The customer's channels, most preferred first.</param>
    /// <param name="permissions">What the customer allows.</param>
    public static Channel? Pick(TouchKind kind, IReadOnlyList<Channel> preferred, ChannelPermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(preferred);
        var suitable = Suitable[(int)kind];
        for (var i = 0; i < preferred.Count; i++)
        {
            if (Array.IndexOf(suitable, preferred[i]) >= 0 && permissions.MayContact(preferred[i]))
            {
                return preferred[i];
            }
        }

        foreach (var channel in suitable)
        {
            if (permissions.MayContact(channel))
            {
                return channel;
            }
        }

        return null;
    }

    /// <summary>Chooses the channel for a touch, with the reason.</summary>
    /// <param name="kind">The kind of touch.</param>
    /// <param name="preferred">The customer's channels, most preferred first.</param>
    /// <param name="consent">What the customer allows.</param>
    public static ChannelDecision Choose(TouchKind kind, IReadOnlyList<Channel> preferred, ConsentState consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return Choose(kind, preferred, ChannelPermissions.From(consent));
    }

    /// <summary>Chooses the channel for a touch, with the reason.</summary>
    /// <param name="kind">The kind of touch.</param>
    /// <param name="preferred">The customer's channels, most preferred first.</param>
    /// <param name="permissions">What the customer allows.</param>
    public static ChannelDecision Choose(TouchKind kind, IReadOnlyList<Channel> preferred, ChannelPermissions permissions)
    {
        if (Pick(kind, preferred, permissions) is { } channel)
        {
            var rank = IndexOf(preferred, channel);
            return new ChannelDecision(channel, rank >= 0
                ? $"{EnumText.ToText(channel)}, the customer's {Ordinal(rank)} choice"
                : $"{EnumText.ToText(channel)}, consented to though not listed as preferred");
        }

        return new ChannelDecision(null, WhyNot(kind, permissions));
    }

    /// <summary>Why no channel suits a kind of touch: <c>no consent to phone, which a care-call needs: phone withdrawn (do-not-call)</c>.</summary>
    public static string WhyNot(TouchKind kind, ChannelPermissions permissions)
    {
        if (permissions.PermanentSuppression is not null)
        {
            return PlanReasons.Unreachable(permissions);
        }

        var suitable = Suitable[(int)kind];
        var wanted = string.Join(" or ", suitable.Select(EnumText.ToText));
        var refusals = suitable
            .Where(c => permissions.StatusOf(c) == ConsentStatus.Withdrawn)
            .Select(c => $"{EnumText.ToText(c)} withdrawn{(permissions.SuppressionOf(c) is { } s ? $" ({EnumText.ToText(s)})" : string.Empty)}")
            .ToArray();
        var name = EnumText.ToText(kind);
        var article = name[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";
        return $"no consent to {wanted}, which {article} {name} needs{(refusals.Length > 0 ? $": {string.Join("; ", refusals)}" : string.Empty)}";
    }

    private static Channel[] SuitableChannels(TouchKind kind) => kind switch
    {
        TouchKind.CareCall or TouchKind.WinBack => [Channel.Phone],
        TouchKind.Newsletter => [Channel.Email],
        TouchKind.Birthday or TouchKind.Anniversary or TouchKind.HolidayGreeting => [Channel.Email, Channel.Print, Channel.Sms, Channel.Social],
        TouchKind.Offer or TouchKind.Survey or TouchKind.YouSaidWeDid => [Channel.Email, Channel.Print, Channel.Sms],
        TouchKind.WelcomeKit or TouchKind.Reward => [Channel.Print, Channel.Email],
        _ => [Channel.Email, Channel.Print, Channel.Phone, Channel.Sms, Channel.Social],
    };

    private static int IndexOf(IReadOnlyList<Channel> channels, Channel channel)
    {
        for (var i = 0; i < channels.Count; i++)
        {
            if (channels[i] == channel)
            {
                return i;
            }
        }

        return -1;
    }

    internal static string Ordinal(int index) => index switch
    {
        0 => "first",
        1 => "second",
        2 => "third",
        3 => "fourth",
        _ => "fifth",
    };
}
