using Rapport.Core.Contact;
using Rapport.Core.Touches;

namespace Rapport.Messaging.Templates;

/// <summary>A person a message names: an account manager or a branch manager.</summary>
/// <param name="Name">Full name as stored.</param>
/// <param name="Phone">Phone number as stored, if any.</param>
/// <param name="Email">E-mail address as stored, if any.</param>
public sealed record PersonFacts(string Name, string? Phone, string? Email);

/// <summary>The branch a customer belongs to, as a message names it.</summary>
/// <param name="Id">The branch id.</param>
/// <param name="Name">The branch name.</param>
/// <param name="Phone">Phone number as stored, if any.</param>
/// <param name="Email">E-mail address as stored, if any.</param>
/// <param name="Address">Postal address as one line, if any.</param>
public sealed record BranchFacts(string Id, string Name, string? Phone, string? Email, string? Address);

/// <summary>
/// What happened to make this touch, for the touches a moment triggers (thank-you, welcome kit,
/// acknowledgement, referral thanks, follow-up call, lapsing call, reward). Null for planned cadence.
/// </summary>
/// <param name="Event">The event's own key, such as <c>purchase:P-1001</c>.</param>
/// <param name="Product">The product bought, for purchase moments.</param>
/// <param name="LineOfBusiness">The line of business the purchase was in, for welcome kits to a new line.</param>
/// <param name="InboundKind">For acknowledgements and follow-ups: complaint, compliment, suggestion or correspondence.</param>
/// <param name="InboundNote">What the customer wrote or said, as recorded.</param>
/// <param name="ReferredName">For referral thanks: the new customer's display name.</param>
/// <param name="Warning">For lapsing calls: the analytics warning's reason in words.</param>
/// <param name="RewardChoice">For rewards: <c>gift</c> or <c>advisory-board</c> (a policy setting).</param>
public sealed record MomentFacts(
    string Event,
    string? Product = null,
    string? LineOfBusiness = null,
    TouchKind? InboundKind = null,
    string? InboundNote = null,
    string? ReferredName = null,
    string? Warning = null,
    string? RewardChoice = null);

/// <summary>How long and how often a customer has bought: decides the thank-you's wording.</summary>
public enum Relationship
{
    /// <summary>This is their first purchase.</summary>
    First,

    /// <summary>They have bought before, for less than the long-time threshold.</summary>
    Returning,

    /// <summary>A customer for years (the analytics' long-time stage): never "thanks for trying us".</summary>
    LongTime,
}

/// <summary>
/// Everything a template may use for one touch to one customer: what Rapport knows, read from
/// storage by the sender and by <c>rapport templates check</c>. A null value is a field this
/// customer has no value for; a template that prints it produces no message (fail closed).
/// </summary>
public sealed record MessageFacts
{
    /// <summary>The touch's key (the outbox key): stable, unique per touch.</summary>
    public required string TouchKey { get; init; }

    public required TouchKind Kind { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>The day the touch is due (the letter's date).</summary>
    public required DateOnly Day { get; init; }

    public required string CustomerId { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Company { get; init; }

    /// <summary>BCP 47 language tag, lower case (<c>en</c>, <c>fr-ca</c>), if known.</summary>
    public string? Language { get; init; }

    /// <summary>Household or interest tags (<c>young-children</c>), which pick segment templates.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Street { get; init; }

    public string? City { get; init; }

    public string? Postcode { get; init; }

    public string? Country { get; init; }

    /// <summary>The day of the first purchase (else the record's creation), for tenure.</summary>
    public DateOnly? CustomerSince { get; init; }

    /// <summary>Purchases on record, including the one a thank-you is for.</summary>
    public int OrderCount { get; init; }

    public string? LastProduct { get; init; }

    public DateOnly? LastPurchase { get; init; }

    public Relationship Relationship { get; init; }

    /// <summary>Lifecycle stage (kebab-case) and value tier from the last analysis, if any.</summary>
    public string? Stage { get; init; }

    public string? Tier { get; init; }

    /// <summary>The account manager, else the branch's manager; null when neither is known.</summary>
    public PersonFacts? AccountManager { get; init; }

    public BranchFacts? Branch { get; init; }

    public MomentFacts? Moment { get; init; }

    /// <summary>The customer's signed preference page link; null when no public URL is set.</summary>
    public Uri? PreferencesUrl { get; init; }
}
