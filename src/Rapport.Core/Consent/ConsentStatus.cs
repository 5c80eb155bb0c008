namespace Rapport.Core.Consent;

/// <summary>Whether a customer allows contact through a channel.</summary>
public enum ConsentStatus
{
    /// <summary>The customer said yes.</summary>
    Granted,

    /// <summary>The customer said no, or took back an earlier yes.</summary>
    Withdrawn,
}
