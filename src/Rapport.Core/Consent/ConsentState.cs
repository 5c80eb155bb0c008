using Rapport.Core.Contact;

namespace Rapport.Core.Consent;

/// <summary>What one customer allows, per channel, as of an instant.</summary>
/// <remarks>
/// <para>The newest record for a channel decides; when two records for a channel carry the same
/// instant, a withdrawal wins. No record means no consent: Rapport contacts only through
/// channels the customer has said yes to (SPEC R2).</para>
/// <para>A <see cref="SuppressionReason.Deceased"/> or <see cref="SuppressionReason.Erased"/>
/// record closes every channel for good, whatever came after it.</para>
/// </remarks>
public sealed class ConsentState
{
    private readonly ChannelConsent[] _channels;

    private ConsentState(ChannelConsent[] channels, ConsentRecord? permanent)
    {
        _channels = channels;
        PermanentSuppression = permanent;
    }

    /// <summary>Every channel's state, in the order of <see cref="Contact.Channel"/>.</summary>
    public IReadOnlyList<ChannelConsent> Channels => _channels;

    /// <summary>The record that closed every channel for good, if any.</summary>
    public ConsentRecord? PermanentSuppression { get; }

    /// <summary>Works out the state from a customer's records.</summary>
    /// <param name="records">The customer's records, in any order.</param>
    /// <param name="asOf">The instant to evaluate at; later records are ignored.</param>
    public static ConsentState From(IEnumerable<ConsentRecord> records, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(records);
        var channels = Enum.GetValues<Channel>();
        var deciding = new ConsentRecord?[channels.Length];
        ConsentRecord? permanent = null;
        foreach (var record in records)
        {
            if (record.At > asOf)
            {
                continue;
            }

            if (record.Suppression is { } reason && reason.IsPermanent() && (permanent is null || record.At < permanent.At))
            {
                permanent = record;
            }

            var index = (int)record.Channel;
            var current = deciding[index];
            if (current is null || record.At > current.At ||
                (record.At == current.At && record.Status == ConsentStatus.Withdrawn))
            {
                deciding[index] = record;
            }
        }

        var result = new ChannelConsent[channels.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            result[i] = new ChannelConsent(channels[i], deciding[i], permanent);
        }

        return new ConsentState(result, permanent);
    }

    /// <summary>Whether the customer may be contacted through a channel.</summary>
    public bool MayContact(Channel channel) => _channels[(int)channel].MayContact;

    /// <summary>The state of one channel.</summary>
    public ChannelConsent this[Channel channel] => _channels[(int)channel];
}

/// <summary>Whether a customer may be contacted through one channel, and which record says so.</summary>
public sealed class ChannelConsent
{
    internal ChannelConsent(Channel channel, ConsentRecord? deciding, ConsentRecord? permanent)
    {
        Channel = channel;
        Deciding = deciding;
        Permanent = permanent;
    }

    /// <summary>The channel.</summary>
    public Channel Channel { get; }

    /// <summary>The newest record for the channel; <see langword="null"/> when there is none.</summary>
    public ConsentRecord? Deciding { get; }

    /// <summary>A customer-wide suppression that overrides <see cref="Deciding"/>.</summary>
    public ConsentRecord? Permanent { get; }

    /// <summary>Whether contact through the channel is allowed.</summary>
    public bool MayContact => Permanent is null && Deciding?.Status == ConsentStatus.Granted;

    /// <summary>The suppression in force, if any.</summary>
    public SuppressionReason? Suppression => Permanent?.Suppression ?? Deciding?.Suppression;

    /// <summary>The record that explains the state: the permanent suppression, else the deciding record.</summary>
    public ConsentRecord? Reason => Permanent ?? Deciding;
}
