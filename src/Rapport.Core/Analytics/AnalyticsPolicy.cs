namespace Rapport.Core.Analytics;

/// <summary>The settings behind tiers, stages and warnings. Every number is a policy setting (SPEC section 4).</summary>
public sealed record AnalyticsPolicy
{
    /// <summary>The defaults, which encode the seeds' advice.</summary>
    public static AnalyticsPolicy Default { get; } = new();

    /// <summary>Share of buying customers in the <c>key</c> tier, by trailing-year value: 0.20 (the 80:20 rule, S4).</summary>
    public double KeyShare { get; init; } = 0.20;

    /// <summary>Share in the <c>core</c> tier, after the key customers: 0.30 (S4).</summary>
    public double CoreShare { get; init; } = 0.30;

    /// <summary>Days after a first purchase during which a customer is <c>new</c>, and after a first purchase in a line of business <c>new-to-line</c>: 30 (S0 #2, S3).</summary>
    public int NewDays { get; init; } = 30;

    /// <summary>Years of buying after which a customer is <c>long-time</c>: 3.</summary>
    public int LongTimeYears { get; init; } = 3;

    /// <summary>A repeat customer is <c>lapsing</c> when the time since the last purchase exceeds this many of their usual intervals: 2.</summary>
    public double LapsingIntervals { get; init; } = 2;

    /// <summary>…and <c>lost</c> beyond this many: 4.</summary>
    public double LostIntervals { get; init; } = 4;

    /// <summary>Never <c>lapsing</c> sooner than this many days after the last purchase, however often the customer buys: 60.</summary>
    public int MinimumLapsingDays { get; init; } = 60;

    /// <summary>Never <c>lost</c> sooner than this many days after the last purchase: 180.</summary>
    public int MinimumLostDays { get; init; } = 180;

    /// <summary>A one-time buyer is <c>lapsing</c> after this many days without a second purchase: 180.</summary>
    public int OneTimeLapsingDays { get; init; } = 180;

    /// <summary>…and <c>lost</c> after this many: 365.</summary>
    public int OneTimeLostDays { get; init; } = 365;

    /// <summary>A warning is raised when the probability that the customer is still active falls below this: 0.5.</summary>
    public double WarningProbability { get; init; } = 0.5;

    /// <summary>A warning is raised when the time since the last purchase exceeds this many usual intervals: 2.</summary>
    public double WarningIntervals { get; init; } = 2;

    /// <summary>Monthly discount rate for customer lifetime value: 0.01 (about 12.7% a year).</summary>
    public double MonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Checks the settings, naming the first one out of range.</summary>
    /// <returns>Why the settings cannot be used, or <see langword="null"/>.</returns>
    public string? Problem()
    {
        if (KeyShare is <= 0 or >= 1 || CoreShare is < 0 || KeyShare + CoreShare > 1)
        {
            return $"tiers: key share {KeyShare} and core share {CoreShare} must be positive and add up to at most 1";
        }

        if (NewDays < 1 || LongTimeYears < 1)
        {
            return "stages: new days and long-time years must be at least 1";
        }

        if (LapsingIntervals <= 1 || LostIntervals <= LapsingIntervals)
        {
            return $"stages: lapsing intervals ({LapsingIntervals}) must exceed 1 and lost intervals ({LostIntervals}) must exceed them";
        }

        if (MinimumLostDays < MinimumLapsingDays || OneTimeLostDays < OneTimeLapsingDays)
        {
            return "stages: the days before 'lost' must not be fewer than the days before 'lapsing'";
        }

        if (WarningProbability is <= 0 or >= 1 || WarningIntervals <= 1)
        {
            return "warnings: the probability must lie between 0 and 1 and the intervals exceed 1";
        }

        return MonthlyDiscountRate is < 0 or >= 1 ? "lifetime value: the monthly discount rate must lie in [0, 1)" : null;
    }
}
