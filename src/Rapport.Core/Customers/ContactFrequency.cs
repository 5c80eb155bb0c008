namespace Rapport.Core.Customers;

/// <summary>How often a customer has asked to hear from the business (SPEC section 4).</summary>
/// <remarks>
/// The customer's own choice overrides the default policy ("ask them", S0). Replies to the
/// customer's own actions — a thank-you after a purchase, an acknowledgement of a letter —
/// are never held back by it.
/// </remarks>
public enum ContactFrequency
{
    /// <summary>Often; the default policy applies.</summary>
    Weekly,

    /// <summary>About once a month; the default policy applies.</summary>
    Monthly,

    /// <summary>At most one touch a month and never more than 92 days of silence.</summary>
    Quarterly,

    /// <summary>At least one touch and at most two a year.</summary>
    Yearly,

    /// <summary>Only replies to the customer's own actions.</summary>
    EssentialOnly,
}
