namespace Rapport.Messaging.Links;

/// <summary>How long signed links stay valid, in days from the day they are made (UTC).</summary>
/// <remarks>
/// A link made on day D with a lifetime of N days is valid through the whole UTC day D + N.
/// Unsubscribe links live much longer than preference links: someone who opens a year-old
/// message and unsubscribes must still be heard (RFC 8058, SPEC R2), while the preference page
/// shows and edits contact details and so is kept short-lived.
/// </remarks>
public sealed record LinkLifetimes
{
    /// <summary>The defaults: 90 days for the preference page, 400 for unsubscribing.</summary>
    public static LinkLifetimes Default { get; } = new(90, 400);

    public LinkLifetimes(int preferencesDays, int unsubscribeDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(preferencesDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(unsubscribeDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preferencesDays, 3660);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unsubscribeDays, 3660);
        PreferencesDays = preferencesDays;
        UnsubscribeDays = unsubscribeDays;
    }

    /// <summary>Days a preference-page link is valid (default 90).</summary>
    public int PreferencesDays { get; }

    /// <summary>Days a one-click unsubscribe link is valid (default 400).</summary>
    public int UnsubscribeDays { get; }

    public int DaysFor(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Preferences => PreferencesDays,
        LinkPurpose.Unsubscribe => UnsubscribeDays,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a defined link purpose."),
    };
}
