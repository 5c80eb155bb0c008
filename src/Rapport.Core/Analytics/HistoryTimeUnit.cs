namespace Rapport.Core.Analytics;

/// <summary>The unit in which <see cref="CustomerHistory"/> times are counted when they are built from purchase days.</summary>
/// <remarks>The value of each member is its length in days.</remarks>
public enum HistoryTimeUnit
{
    /// <summary>Days: times are whole numbers of days.</summary>
    Days = 1,

    /// <summary>Weeks of seven days: times are day differences divided by 7 (the unit of the CDNOW studies).</summary>
    Weeks = 7,
}
