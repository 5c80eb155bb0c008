using Rapport.Core.Common;
using Rapport.Core.Contact;

namespace Rapport.Core.Consent;

/// <summary>One change of a customer's permission to be contacted through a channel, with its proof.</summary>
/// <remarks>
/// Records are never changed or deleted: history is appended (S2, "the proof of every
/// consent change is kept"). <see cref="At"/> is in UTC.
/// </remarks>
public sealed record ConsentRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="channel">The channel the record is about.</param>
    /// <param name="status">Granted or withdrawn.</param>
    /// <param name="at">When the customer gave or withdrew it; converted to UTC.</param>
    /// <param name="suppression">Why contact must stop, for a withdrawal that is a suppression.</param>
    /// <exception cref="ArgumentException">A suppression is given on a grant.</exception>
    public ConsentRecord(string customerId, Channel channel, ConsentStatus status, DateTimeOffset at, SuppressionReason? suppression = null)
    {
        CustomerId = Identifiers.Check(customerId, nameof(customerId));
        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a channel.");
        }

        if (suppression is not null && status != ConsentStatus.Withdrawn)
        {
            throw new ArgumentException("Only a withdrawal can carry a suppression.", nameof(suppression));
        }

        Channel = channel;
        Status = status;
        At = at.ToUniversalTime();
        Suppression = suppression;
    }

    /// <summary>The customer.</summary>
    public string CustomerId { get; }

    /// <summary>The channel the record is about.</summary>
    public Channel Channel { get; }

    /// <summary>Granted or withdrawn.</summary>
    public ConsentStatus Status { get; }

    /// <summary>When, in UTC.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Why contact must stop, for a withdrawal that is a suppression.</summary>
    public SuppressionReason? Suppression { get; }

    /// <summary>Where the record came from: a web form, a phone call, a paper form, an import.</summary>
    public string? Source { get; init; }

    /// <summary>The proof: a form id, a recording reference, an e-mail message id, a signed document.</summary>
    public string? Evidence { get; init; }
}
