using Rapport.Core.Contact;

namespace Rapport.Core.Consent;

/// <summary>
/// A compact copy of what a customer allows, one small code per channel: enough for the planner
/// to choose channels for a million customers and to say why a channel is closed, without keeping
/// every consent record in memory.
/// </summary>
public readonly record struct ChannelPermissions
{
    private const int BitsPerChannel = 3;
    private const int NoRecord = 0;
    private const int Granted = 1;
    private const int Withdrawn = 2;
    private const int FirstSuppression = 3;

    private readonly ushort _codes;
    private readonly byte _permanent;

    private ChannelPermissions(ushort codes, byte permanent)
    {
        _codes = codes;
        _permanent = permanent;
    }

    /// <summary>No channel open: no consent on record anywhere.</summary>
    public static ChannelPermissions None => default;

    /// <summary>Every channel open, for tests and examples.</summary>
    public static ChannelPermissions All => Of(Enum.GetValues<Channel>());

    /// <summary>Only these channels open, each with a plain grant.</summary>
    public static ChannelPermissions Of(params IEnumerable<Channel> granted)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ushort codes = 0;
        foreach (var channel in granted)
        {
            codes |= (ushort)(Granted << ((int)channel * BitsPerChannel));
        }

        return new ChannelPermissions(codes, 0);
    }

    /// <summary>The compact form of a consent state.</summary>
    public static ChannelPermissions From(ConsentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ushort codes = 0;
        foreach (var channel in state.Channels)
        {
            var code = channel.Deciding is not { } deciding ? NoRecord
                : deciding.Suppression is { } reason ? FirstSuppression + (int)reason
                : deciding.Status == ConsentStatus.Granted ? Granted
                : Withdrawn;
            codes |= (ushort)(code << ((int)channel.Channel * BitsPerChannel));
        }

        var permanent = state.PermanentSuppression?.Suppression is { } p ? (byte)(FirstSuppression + (int)p) : (byte)0;
        return new ChannelPermissions(codes, permanent);
    }

    /// <summary>With one channel's state changed, as a new consent record would.</summary>
    public ChannelPermissions With(Channel channel, ConsentStatus status, SuppressionReason? suppression = null)
    {
        var code = suppression is { } reason ? FirstSuppression + (int)reason : status == ConsentStatus.Granted ? Granted : Withdrawn;
        var shift = (int)channel * BitsPerChannel;
        var codes = (ushort)((_codes & ~(0b111 << shift)) | (code << shift));
        var permanent = _permanent == 0 && suppression is { } s && s.IsPermanent() ? (byte)(FirstSuppression + (int)s) : _permanent;
        return new ChannelPermissions(codes, permanent);
    }

    /// <summary>Whether the customer may be contacted through a channel.</summary>
    public bool MayContact(Channel channel) => _permanent == 0 && Code(channel) == Granted;

    /// <summary>Whether any channel at all is open.</summary>
    public bool AnyOpen => Enum.GetValues<Channel>().Any(MayContact);

    /// <summary>The suppression that closed every channel for good, if any.</summary>
    public SuppressionReason? PermanentSuppression => _permanent == 0 ? null : (SuppressionReason)(_permanent - FirstSuppression);

    /// <summary>The deciding status of a channel: <see langword="null"/> when there is no record.</summary>
    public ConsentStatus? StatusOf(Channel channel) => Code(channel) switch
    {
        NoRecord => null,
        Granted => ConsentStatus.Granted,
        _ => ConsentStatus.Withdrawn,
    };

    /// <summary>The suppression on a channel, if its deciding record carries one.</summary>
    public SuppressionReason? SuppressionOf(Channel channel) =>
        Code(channel) >= FirstSuppression ? (SuppressionReason)(Code(channel) - FirstSuppression) : PermanentSuppression;

    private int Code(Channel channel) => (_codes >> ((int)channel * BitsPerChannel)) & 0b111;
}
