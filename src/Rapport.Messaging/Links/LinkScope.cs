using Rapport.Core.Common;
using Rapport.Core.Contact;

namespace Rapport.Messaging.Links;

/// <summary>What a signed link covers: every channel, or one.</summary>
/// <remarks>Written in a token as <c>all</c> or the channel's kebab-case name (<c>email</c>, <c>sms</c>).</remarks>
public readonly record struct LinkScope
{
    private LinkScope(Channel? channel) => Channel = channel;

    /// <summary>Every channel: the customer's whole relationship with the business.</summary>
    public static LinkScope All => default;

    /// <summary>The one channel covered, or null for every channel.</summary>
    public Channel? Channel { get; }

    public bool IsAll => Channel is null;

    /// <summary>One channel only, such as the e-mail a one-click unsubscribe came from.</summary>
    public static LinkScope For(Channel channel) =>
        Enum.IsDefined(channel) ? new LinkScope(channel) : throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a defined channel.");

    /// <summary>Reads <c>all</c> or a channel's name, exactly as written in a token.</summary>
    public static bool TryParse(string text, out LinkScope scope)
    {
        scope = All;
        if (text == "all")
        {
            return true;
        }

        var channel = EnumText.Parse<Channel>(text, "channel");
        if (!channel.Success || EnumText.ToText(channel.Value) != text)
        {
            return false;
        }

        scope = new LinkScope(channel.Value);
        return true;
    }

    public override string ToString() => Channel is { } channel ? EnumText.ToText(channel) : "all";
}
