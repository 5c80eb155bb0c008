namespace Rapport.Messaging.Links;

/// <summary>What a signed link lets its holder do.</summary>
public enum LinkPurpose
{
    /// <summary>Open the customer's preference page (<c>/p/TOKEN</c>): contact details, channels, frequency.</summary>
    Preferences,

    /// <summary>Unsubscribe in one click (<c>/u/TOKEN</c>, the RFC 8058 POST target).</summary>
    Unsubscribe,
}
