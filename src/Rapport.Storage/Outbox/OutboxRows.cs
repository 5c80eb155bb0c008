namespace Rapport.Storage.Outbox;

/// <summary>
/// A touch a moment triggered, in <c>moments</c>: stored once per key (event and kind), so the
/// same event never triggers the same touch twice however often the moments run.
/// </summary>
public sealed class MomentRow
{
    /// <summary>The event and the kind: <c>purchase:P-1:thank-you</c>. Also the touch's outbox key.</summary>
    public required string Key { get; init; }

    public required string CustomerId { get; init; }

    public required string Kind { get; init; }

    public required string Channel { get; init; }

    public DateOnly Earliest { get; init; }

    public DateOnly Due { get; init; }

    public bool IsReply { get; init; }

    public required string Event { get; init; }

    public required string Reason { get; init; }

    public string? Product { get; init; }

    public string? LineOfBusiness { get; init; }

    public string? InboundKind { get; init; }

    public string? Note { get; init; }

    public string? ReferredCustomerId { get; init; }

    public string? Warning { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// One touch on its way out, in <c>outbox</c>: the key is the touch's (a moment's key, or the
/// plan's touch id), unique, so a touch has one row and one delivery at most.
/// </summary>
public sealed class OutboxRow
{
    public required string Key { get; init; }

    public required string CustomerId { get; init; }

    public required string Kind { get; init; }

    public required string Channel { get; init; }

    /// <summary>The day it was due.</summary>
    public DateOnly Day { get; init; }

    /// <summary><c>plan</c> or <c>moment</c>.</summary>
    public required string Source { get; init; }

    /// <summary>An <see cref="OutboxState"/>, kebab-case.</summary>
    public required string State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? Template { get; set; }

    public string? Subject { get; set; }

    /// <summary>Where it went: the e-mail address, the phone number, the social handle, or the PDF file.</summary>
    public string? Recipient { get; set; }

    public string? MessageId { get; set; }

    /// <summary>What happened, in words: the server's answer, the render problem, the consent that withheld it.</summary>
    public string? Detail { get; set; }

    /// <summary>For needs-attention: the template field at fault.</summary>
    public string? Field { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>The states of a touch in the outbox (SPEC R8): planned touches are not in it yet.</summary>
public enum OutboxState
{
    /// <summary>Rendered, not yet handed to a channel.</summary>
    Rendered,

    /// <summary>Being handed to the channel now: a process that stops here leaves it uncertain.</summary>
    Sending,

    /// <summary>Accepted by the SMTP server, or written into the run's PDF or CSV file.</summary>
    Sent,

    /// <summary>Refused for good (a 5xx answer), or retried too often; or waiting for a retry (<see cref="OutboxRow.NextAttemptAt"/>).</summary>
    Failed,

    /// <summary>The template could not make a personal message (fail closed): nothing was sent.</summary>
    NeedsAttention,

    /// <summary>Caught mid-delivery: it may or may not have arrived. Never resent silently.</summary>
    Uncertain,

    /// <summary>The customer withdrew consent for the channel before it went: nothing was sent.</summary>
    Withheld,
}

/// <summary>The one row of <c>send_lock</c> while a <c>rapport send</c> runs: one sender at a time.</summary>
public sealed class SendLockRow
{
    public int Id { get; init; } = 1;

    public required string Holder { get; init; }

    public int ProcessId { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}

/// <summary>A secret the business's installation keeps, in <c>secrets</c>: the key that signs links.</summary>
public sealed class SecretRow
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}
