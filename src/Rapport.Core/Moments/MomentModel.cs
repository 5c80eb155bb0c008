using Rapport.Core.Contact;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Moments;

/// <summary>A customer as the moments see them: who they are and what they allow.</summary>
public sealed record MomentCustomer
{
    /// <summary>The business's own id.</summary>
    public required string Id { get; init; }

    /// <summary>The name to use when another customer's message mentions this one (referral thanks).</summary>
    public string? DisplayName { get; init; }

    /// <summary>What the customer allows, per channel, now.</summary>
    public ChannelPermissions Permissions { get; init; }

    /// <summary>The customer's channels, most preferred first.</summary>
    public IReadOnlyList<Channel> PreferredChannels { get; init; } = [];

    /// <summary>How often the customer wants to hear from us; <c>essential-only</c> gets replies only.</summary>
    public ContactFrequency? Frequency { get; init; }

    /// <summary>The country of the postal address, for public holidays in working-day windows.</summary>
    public string? Country { get; init; }
}

/// <summary>A purchase: the customer is thanked, and welcomed when it is their first (overall or in a line of business).</summary>
/// <param name="PurchaseId">The business's own purchase id: the event's key.</param>
/// <param name="CustomerId">Who bought.</param>
/// <param name="At">When, in UTC; the thank-you window starts on its UTC day.</param>
/// <param name="Product">What was bought, if recorded.</param>
/// <param name="LineOfBusiness">The line of business, if recorded.</param>
/// <param name="IsFirst">No earlier purchase of this customer is on record.</param>
/// <param name="IsFirstInLine">No earlier purchase of this customer in this line of business is on record.</param>
public sealed record PurchaseEvent(string PurchaseId, string CustomerId, DateTimeOffset At, string? Product, string? LineOfBusiness, bool IsFirst, bool IsFirstInLine);

/// <summary>Something a customer sent or said: a letter, a complaint, a compliment, a suggestion; or a negative answer on a call or survey.</summary>
/// <param name="TouchId">The touch's id: the event's key.</param>
/// <param name="CustomerId">Who it came from.</param>
/// <param name="At">When, in UTC.</param>
/// <param name="Kind">For inbound touches the inbound kind (complaint, compliment, suggestion, correspondence); for a negative answer the kind of the touch that got it.</param>
/// <param name="Note">What the customer wrote or said, as recorded.</param>
/// <param name="IsNegativeAnswer">An outbound touch whose outcome was negative, not an inbound one.</param>
public sealed record InboundEvent(string TouchId, string CustomerId, DateTimeOffset At, TouchKind Kind, string? Note, bool IsNegativeAnswer = false);

/// <summary>A new customer who named the customer who referred them.</summary>
/// <param name="NewCustomerId">The new customer: the event's key.</param>
/// <param name="ReferrerId">The customer to thank.</param>
/// <param name="At">When the new customer was recorded, in UTC.</param>
public sealed record ReferralEvent(string NewCustomerId, string ReferrerId, DateTimeOffset At);

/// <summary>A customer the analysis warns is lapsing.</summary>
/// <param name="CustomerId">Who.</param>
/// <param name="LastPurchase">The day of their last purchase: one call per lapse, however often the moments run.</param>
/// <param name="Warning">The analysis's warning in words, for the call script.</param>
public sealed record LapsingEvent(string CustomerId, DateOnly LastPurchase, string Warning);

/// <summary>What the moments are evaluated on: the events of the look-back window, the customers they concern, and the policy.</summary>
public sealed record MomentInput
{
    /// <summary>The day the moments run (UTC): no touch is due before it.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>The windows (thank-you, welcome kit, acknowledgement) and the working week.</summary>
    public ContactPolicy Policy { get; init; } = ContactPolicy.Default;

    /// <summary>Days that are not working days for acknowledgements, by the customer's country.</summary>
    public PublicHolidays Holidays { get; init; } = PublicHolidays.None;

    /// <summary>Every customer an event names; an event of a customer missing here is skipped.</summary>
    public required IReadOnlyDictionary<string, MomentCustomer> Customers { get; init; }

    /// <summary>Purchases of the look-back window.</summary>
    public IReadOnlyList<PurchaseEvent> Purchases { get; init; } = [];

    /// <summary>Inbound touches and negative answers of the look-back window.</summary>
    public IReadOnlyList<InboundEvent> Inbound { get; init; } = [];

    /// <summary>New customers of the look-back window who named a referrer.</summary>
    public IReadOnlyList<ReferralEvent> Referrals { get; init; } = [];

    /// <summary>Customers the last analysis found lapsing.</summary>
    public IReadOnlyList<LapsingEvent> Lapsing { get; init; } = [];
}

/// <summary>A touch a moment calls for, keyed by its event so that it is made once.</summary>
/// <param name="Key">Unique per event and kind (<c>purchase:P-1:thank-you</c>): the outbox key.</param>
/// <param name="CustomerId">Who it goes to.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">The most preferred consented channel that suits the kind.</param>
/// <param name="Earliest">The first day it may go (UTC day, inclusive).</param>
/// <param name="Due">The last day it may go (UTC day, inclusive).</param>
/// <param name="IsReply">A reply to the customer's own action: never held back by caps or frequency (SPEC section 4).</param>
/// <param name="Event">The event's key (<c>purchase:P-1</c>).</param>
/// <param name="Reason">Why, in words: <c>thank-you for purchase P-1 on 2026-11-20, within 2 days</c>.</param>
public sealed record TriggeredTouch(string Key, string CustomerId, TouchKind Kind, Channel Channel, DateOnly Earliest, DateOnly Due, bool IsReply, string Event, string Reason)
{
    /// <summary>The product bought, for purchase moments.</summary>
    public string? Product { get; init; }

    /// <summary>The line of business of the purchase, for welcome kits.</summary>
    public string? LineOfBusiness { get; init; }

    /// <summary>What the customer sent (complaint, compliment, suggestion, correspondence), for acknowledgements and follow-ups.</summary>
    public TouchKind? InboundKind { get; init; }

    /// <summary>What the customer wrote or said.</summary>
    public string? Note { get; init; }

    /// <summary>For referral thanks: the new customer.</summary>
    public string? ReferredCustomerId { get; init; }

    /// <summary>For lapsing calls: the warning in words.</summary>
    public string? Warning { get; init; }
}

/// <summary>A moment that found no way to reach the customer: nothing is sent, and the reason is kept.</summary>
/// <param name="Key">The key the touch would have had.</param>
/// <param name="CustomerId">Who.</param>
/// <param name="Kind">What it would have been.</param>
/// <param name="Event">The event's key.</param>
/// <param name="Reason">Why it cannot go, in words.</param>
public sealed record HeldMoment(string Key, string CustomerId, TouchKind Kind, string Event, string Reason);

/// <summary>What the moments call for: touches in key order, and those that could not be made.</summary>
/// <param name="Touches">The touches, ordered by key.</param>
/// <param name="Held">The touches no channel could carry, ordered by key.</param>
public sealed record MomentResult(IReadOnlyList<TriggeredTouch> Touches, IReadOnlyList<HeldMoment> Held);
