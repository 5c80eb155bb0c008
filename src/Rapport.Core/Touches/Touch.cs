using Rapport.Core.Common;
using Rapport.Core.Contact;

namespace Rapport.Core.Touches;

/// <summary>One communication between the business and a customer, in either direction.</summary>
/// <remarks><see cref="At"/> is in UTC.</remarks>
public sealed class Touch
{
    /// <summary>The longest note kept with a touch, in characters.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>Creates a touch.</summary>
    /// <param name="id">The id of the touch.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">When it happened or is to happen; converted to UTC.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="direction">Who made contact.</param>
    /// <param name="kind">What it is for.</param>
    /// <exception cref="ArgumentException">An outbound touch has an inbound-only kind.</exception>
    public Touch(string id, string customerId, DateTimeOffset at, Channel channel, TouchDirection direction, TouchKind kind)
    {
        Id = Identifiers.Check(id, nameof(id));
        CustomerId = Identifiers.Check(customerId, nameof(customerId));
        if (direction == TouchDirection.Out && kind.IsInboundOnly())
        {
            throw new ArgumentException($"A {kind} is something a customer sends; it cannot be outbound.", nameof(kind));
        }

        At = at.ToUniversalTime();
        Channel = channel;
        Direction = direction;
        Kind = kind;
    }

    /// <summary>The id of the touch.</summary>
    public string Id { get; }

    /// <summary>The customer.</summary>
    public string CustomerId { get; }

    /// <summary>When, in UTC.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The channel.</summary>
    public Channel Channel { get; }

    /// <summary>Who made contact.</summary>
    public TouchDirection Direction { get; }

    /// <summary>What it is for.</summary>
    public TouchKind Kind { get; }

    /// <summary>How far it has come; imported history is done.</summary>
    public TouchStatus Status { get; init; } = TouchStatus.Done;

    /// <summary>What happened, when known.</summary>
    public TouchOutcome? Outcome { get; init; }

    /// <summary>The member of staff who made or received it.</summary>
    public string? StaffId { get; init; }

    /// <summary>A note in the staff member's words.</summary>
    public string? Note
    {
        get;
        init => field = value is { Length: > MaxNoteLength }
            ? throw new ArgumentException($"A note is at most {MaxNoteLength} characters.", nameof(Note))
            : value;
    }
}
