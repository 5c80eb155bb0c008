namespace Rapport.Core.Touches;

/// <summary>What a touch is for (SPEC section 2).</summary>
/// <remarks>
/// Written in files in kebab-case: <c>thank-you</c>, <c>welcome-kit</c>, <c>check-in</c> …
/// The last four kinds only describe inbound contact from the customer.
/// </remarks>
public enum TouchKind
{
    /// <summary>Thanks after a purchase (S3).</summary>
    ThankYou,

    /// <summary>A welcome kit for a new customer, or one new to a line of business (S3).</summary>
    WelcomeKit,

    /// <summary>A "just because" contact to see how things are (S0 #3).</summary>
    CheckIn,

    /// <summary>A care call, by value tier (S4).</summary>
    CareCall,

    /// <summary>A newsletter (S1 #1).</summary>
    Newsletter,

    /// <summary>An up-sell or cross-sell offer (S0 #3).</summary>
    Offer,

    /// <summary>A short survey (S1 #6).</summary>
    Survey,

    /// <summary>A personal acknowledgement of the customer's correspondence (S1 #2).</summary>
    Acknowledgement,

    /// <summary>A reward or small gift (S1 #3, #8).</summary>
    Reward,

    /// <summary>A birthday greeting or offer (S2 #5).</summary>
    Birthday,

    /// <summary>An anniversary greeting or offer (S2 #5).</summary>
    Anniversary,

    /// <summary>Thanks to a customer who referred someone (S0 #2, S1 #7).</summary>
    ReferralThanks,

    /// <summary>A personal call to a customer who is slipping away (S4).</summary>
    WinBack,

    /// <summary>A "you said, we did" update (S1 #6).</summary>
    YouSaidWeDid,

    /// <summary>A holiday greeting (S0).</summary>
    HolidayGreeting,

    /// <summary>Inbound: a complaint.</summary>
    Complaint,

    /// <summary>Inbound: a compliment.</summary>
    Compliment,

    /// <summary>Inbound: a suggestion (constructive criticism).</summary>
    Suggestion,

    /// <summary>Inbound: any other letter, e-mail or message.</summary>
    Correspondence,
}

/// <summary>What kinds of touch mean.</summary>
public static class TouchKinds
{
    /// <summary>Whether a touch answers the customer's own action (SPEC 4): never held back by caps or frequency, only by consent.</summary>
    public static bool IsReply(this TouchKind kind) =>
        kind is TouchKind.ThankYou or TouchKind.Acknowledgement or TouchKind.ReferralThanks;

    /// <summary>Whether a kind describes only contact from the customer.</summary>
    public static bool IsInboundOnly(this TouchKind kind) =>
        kind is TouchKind.Complaint or TouchKind.Compliment or TouchKind.Suggestion or TouchKind.Correspondence;
}
