using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>How much a customer is worth to the business, by the 80:20 rule (S4).</summary>
public enum ValueTier
{
    /// <summary>The rest, including customers who bought nothing in the last year: every one still gets some attention.</summary>
    Fringe,

    /// <summary>The next 30% by trailing-year value.</summary>
    Core,

    /// <summary>The top 20% by trailing-year value.</summary>
    Key,
}

/// <summary>Where a customer is in their relationship with the business (S0 #2, S3, S4).</summary>
public enum LifecycleStage
{
    /// <summary>Never bought.</summary>
    Prospect,

    /// <summary>Within the first days after the first purchase.</summary>
    New,

    /// <summary>Within the first days after a first purchase in a line of business.</summary>
    NewToLine,

    /// <summary>Buying as usual.</summary>
    Active,

    /// <summary>Buying for years.</summary>
    LongTime,

    /// <summary>Overdue by their own rhythm: time for a personal call.</summary>
    Lapsing,

    /// <summary>Gone quiet for long.</summary>
    Lost,
}

/// <summary>Recency, frequency and monetary scores, each 1 (lowest fifth) to 5 (highest); all 0 for a prospect.</summary>
/// <param name="Recency">5 for the most recent buyers.</param>
/// <param name="Frequency">5 for those with the most purchase days.</param>
/// <param name="Monetary">5 for the biggest spenders.</param>
public readonly record struct RfmScore(byte Recency, byte Frequency, byte Monetary)
{
    /// <summary>The three scores as one code, such as <c>545</c>.</summary>
    public override string ToString() => $"{Recency}{Frequency}{Monetary}";
}

/// <summary>A customer flagged as possibly slipping away, with the reason in words (S4).</summary>
/// <param name="Reason">Why, such as "no purchase for 143 days; usually buys every 41 days".</param>
/// <param name="ProbabilityAlive">The model's probability that the customer is still active, when known.</param>
public sealed record DefectionWarning(string Reason, double? ProbabilityAlive);

/// <summary>How concentrated revenue is: the share the top fifth of buying customers brings.</summary>
/// <param name="TopFifthShareOfTrailingYear">Of last year's revenue, the share the top 20% (by last year's spend) brought.</param>
/// <param name="TopFifthShareOfLifetime">Of all revenue, the share the top 20% (by total spend) brought.</param>
public sealed record ParetoFigure(double TopFifthShareOfTrailingYear, double TopFifthShareOfLifetime);

/// <summary>Scores, tiers, stages and warnings from customer summaries; pure and deterministic.</summary>
public static class Segmentation
{
    /// <summary>RFM quintile scores; customers with the same value get the same score.</summary>
    /// <remarks>A score is 1 + ⌊5 × (buyers with a strictly worse value) / buyers⌋, so each fifth of buyers gets one score when values differ.</remarks>
    public static RfmScore[] Rfm(IReadOnlyList<CustomerSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var recency = Quintiles(summaries, s => -s.DaysSinceLastPurchase);
        var frequency = Quintiles(summaries, s => s.RepeatDays + 1);
        var monetary = Quintiles(summaries, s => s.TotalSpend);
        var scores = new RfmScore[summaries.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new RfmScore(recency[i], frequency[i], monetary[i]);
        }

        return scores;
    }

    /// <summary>Value tiers by trailing-year spend: the top <see cref="AnalyticsPolicy.KeyShare"/> of buyers are key, the next <see cref="AnalyticsPolicy.CoreShare"/> core.</summary>
    /// <remarks>Ties are broken by total spend, then by position, so the result is deterministic. A customer who spent nothing last year is fringe.</remarks>
    public static ValueTier[] Tiers(IReadOnlyList<CustomerSummary> summaries, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(policy);
        var tiers = new ValueTier[summaries.Count];
        var buyers = Enumerable.Range(0, summaries.Count).Where(i => summaries[i].HasPurchased).ToArray();
        Array.Sort(buyers, (x, y) =>
        {
            var byTrailing = summaries[y].TrailingYearSpend.CompareTo(summaries[x].TrailingYearSpend);
            if (byTrailing != 0)
            {
                return byTrailing;
            }

            var byTotal = summaries[y].TotalSpend.CompareTo(summaries[x].TotalSpend);
            return byTotal != 0 ? byTotal : x.CompareTo(y);
        });
        var key = (int)Math.Ceiling(policy.KeyShare * buyers.Length);
        var core = (int)Math.Ceiling((policy.KeyShare + policy.CoreShare) * buyers.Length);
        for (var rank = 0; rank < buyers.Length; rank++)
        {
            var i = buyers[rank];
            tiers[i] = summaries[i].TrailingYearSpend <= 0 ? ValueTier.Fringe
                : rank < key ? ValueTier.Key
                : rank < core ? ValueTier.Core
                : ValueTier.Fringe;
        }

        return tiers;
    }

    /// <summary>The share of revenue the top fifth of buying customers brings, last year and over all time.</summary>
    public static ParetoFigure Pareto(IReadOnlyList<CustomerSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return new ParetoFigure(TopFifthShare(summaries, s => s.TrailingYearSpend), TopFifthShare(summaries, s => s.TotalSpend));
    }

    /// <summary>The customer's lifecycle stage (see <see cref="LifecycleStage"/>), by the rules of <paramref name="policy"/>.</summary>
    public static LifecycleStage Stage(CustomerSummary summary, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(policy);
        if (!summary.HasPurchased)
        {
            return LifecycleStage.Prospect;
        }

        if (summary.AgeDays < policy.NewDays)
        {
            return LifecycleStage.New;
        }

        var (lapsingAfter, lostAfter) = Thresholds(summary, policy);
        if (summary.DaysSinceLastPurchase > lostAfter)
        {
            return LifecycleStage.Lost;
        }

        if (summary.DaysSinceLastPurchase > lapsingAfter)
        {
            return LifecycleStage.Lapsing;
        }

        if (summary.Lines.Any(l => summary.AsOf.DayNumber - l.FirstPurchase.DayNumber < policy.NewDays))
        {
            return LifecycleStage.NewToLine;
        }

        return summary.Tenure.Years >= policy.LongTimeYears ? LifecycleStage.LongTime : LifecycleStage.Active;
    }

    /// <summary>
    /// A warning when a customer who is not yet lost is slipping away: overdue by their own rhythm,
    /// or unlikely to be still active by the model; <see langword="null"/> otherwise.
    /// </summary>
    /// <param name="summary">The customer.</param>
    /// <param name="stage">The customer's stage; prospects, new and lost customers get no warning.</param>
    /// <param name="probabilityAlive">The BG/NBD probability that the customer is still active, when a model was fitted.</param>
    /// <param name="policy">The thresholds.</param>
    public static DefectionWarning? Warning(CustomerSummary summary, LifecycleStage stage, double? probabilityAlive, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(policy);
        if (stage is LifecycleStage.Prospect or LifecycleStage.New or LifecycleStage.Lost)
        {
            return null;
        }

        var reasons = new List<string>(2);
        if (summary.UsualIntervalDays is { } interval && summary.DaysSinceLastPurchase > policy.WarningIntervals * interval)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"no purchase for {summary.DaysSinceLastPurchase} days; usually buys every {Math.Round(interval):0} days"));
        }
        else if (summary.RepeatDays == 0 && summary.DaysSinceLastPurchase > policy.OneTimeLapsingDays)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"bought once, {summary.DaysSinceLastPurchase} days ago, and not since"));
        }

        if (probabilityAlive is { } p && p < policy.WarningProbability && summary.RepeatDays > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"the chance they are still buying is down to {Math.Round(p * 100):0}%"));
        }

        return reasons.Count == 0 ? null : new DefectionWarning(string.Join("; ", reasons), probabilityAlive);
    }

    /// <summary>The day a customer counts as lost from, if they do by the as-of date: the last purchase plus the silence that makes them lost.</summary>
    /// <param name="summary">The customer.</param>
    /// <param name="stage">The customer's stage, as <see cref="Stage"/> gives it.</param>
    /// <param name="policy">The thresholds.</param>
    public static DateOnly? LostSince(CustomerSummary summary, LifecycleStage stage, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(policy);
        if (summary.LastPurchase is not { } last || stage != LifecycleStage.Lost)
        {
            return null;
        }

        return LostSince(last, summary.UsualIntervalDays, policy);
    }

    /// <summary>The day a lost customer counts as lost from: the last purchase plus the silence that makes them lost.</summary>
    /// <param name="lastPurchase">The day of the last purchase.</param>
    /// <param name="usualIntervalDays">The customer's usual days between purchases; null for a one-time buyer.</param>
    /// <param name="policy">The thresholds.</param>
    /// <remarks>For stored scores, where the summary is gone but its last purchase and usual interval are kept.</remarks>
    public static DateOnly LostSince(DateOnly lastPurchase, double? usualIntervalDays, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return lastPurchase.AddDays((int)Math.Floor(Thresholds(usualIntervalDays, policy).LostAfter) + 1);
    }

    /// <summary>The share of the total that the top fifth of the values brings (the Pareto figure), 0 to 1; 0 when there is nothing.</summary>
    /// <param name="values">One value per buying customer, such as their spend.</param>
    /// <remarks>The top fifth is rounded up: of 7 customers, the top 2.</remarks>
    public static double TopFifthShare(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.OrderByDescending(v => v).ToArray();
        var total = sorted.Sum();
        if (sorted.Length == 0 || total <= 0)
        {
            return 0;
        }

        var top = (int)Math.Ceiling(sorted.Length / 5.0);
        return sorted.Take(top).Sum() / total;
    }

    private static (double LapsingAfter, double LostAfter) Thresholds(CustomerSummary summary, AnalyticsPolicy policy) =>
        Thresholds(summary.UsualIntervalDays, policy);

    private static (double LapsingAfter, double LostAfter) Thresholds(double? usualIntervalDays, AnalyticsPolicy policy) =>
        usualIntervalDays is { } interval
            ? (Math.Max(policy.MinimumLapsingDays, policy.LapsingIntervals * interval), Math.Max(policy.MinimumLostDays, policy.LostIntervals * interval))
            : (policy.OneTimeLapsingDays, policy.OneTimeLostDays);

    private static byte[] Quintiles(IReadOnlyList<CustomerSummary> summaries, Func<CustomerSummary, double> value)
    {
        var scores = new byte[summaries.Count];
        var values = new List<double>(summaries.Count);
        foreach (var s in summaries)
        {
            if (s.HasPurchased)
            {
                values.Add(value(s));
            }
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < scores.Length; i++)
        {
            if (!summaries[i].HasPurchased)
            {
                continue;
            }

            var worse = LowerBound(sorted, value(summaries[i]));
            scores[i] = (byte)(1 + (5L * worse / sorted.Length));
        }

        return scores;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double TopFifthShare(IReadOnlyList<CustomerSummary> summaries, Func<CustomerSummary, double> value) =>
        TopFifthShare(summaries.Where(s => s.HasPurchased).Select(value));
}
