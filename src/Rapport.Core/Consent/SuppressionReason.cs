namespace Rapport.Core.Consent;

/// <summary>Why contact must not happen, whatever else the records say (S2).</summary>
/// <remarks>
/// A suppression is recorded as a withdrawal with a reason. <see cref="Unsubscribed"/>,
/// <see cref="DoNotCall"/> and <see cref="Bounced"/> close one channel until the customer
/// grants it again later; <see cref="Deceased"/> and <see cref="Erased"/> close every channel
/// for good.
/// </remarks>
public enum SuppressionReason
{
    /// <summary>The customer unsubscribed from the channel.</summary>
    Unsubscribed,

    /// <summary>The customer asked not to be called.</summary>
    DoNotCall,

    /// <summary>Messages to the address came back undelivered.</summary>
    Bounced,

    /// <summary>The customer has died.</summary>
    Deceased,

    /// <summary>The customer asked for their data to be erased.</summary>
    Erased,
}

/// <summary>What suppressions mean.</summary>
public static class SuppressionReasons
{
    /// <summary>Whether a suppression closes every channel for good.</summary>
    public static bool IsPermanent(this SuppressionReason reason) =>
        reason is SuppressionReason.Deceased or SuppressionReason.Erased;
}
