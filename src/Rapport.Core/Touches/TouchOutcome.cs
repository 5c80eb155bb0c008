namespace Rapport.Core.Touches;

/// <summary>What happened when a touch was made.</summary>
public enum TouchOutcome
{
    /// <summary>The message arrived.</summary>
    Delivered,

    /// <summary>The message came back undelivered.</summary>
    Bounced,

    /// <summary>The customer opened the message.</summary>
    Opened,

    /// <summary>The customer wrote back.</summary>
    Replied,

    /// <summary>The customer answered the call.</summary>
    Answered,

    /// <summary>Nobody answered the call.</summary>
    NoAnswer,

    /// <summary>The customer responded well.</summary>
    Positive,

    /// <summary>The customer responded badly; a follow-up is due.</summary>
    Negative,

    /// <summary>The customer unsubscribed in response.</summary>
    Unsubscribed,
}
