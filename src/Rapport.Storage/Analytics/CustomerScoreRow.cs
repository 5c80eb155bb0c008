namespace Rapport.Storage.Analytics;

/// <summary>
/// One customer's stored scores, as of the last <c>rapport analyze</c>: the row of the
/// <c>customer_scores</c> table, which each analysis replaces as a whole.
/// </summary>
public sealed class CustomerScoreRow
{
    public required string CustomerId { get; init; }

    public required DateOnly AsOf { get; init; }

    public int RecencyScore { get; init; }

    public int FrequencyScore { get; init; }

    public int MonetaryScore { get; init; }

    public required string Tier { get; init; }

    public required string Stage { get; init; }

    public int TenureMonths { get; init; }

    public int PurchaseDays { get; init; }

    public DateOnly? LastPurchase { get; init; }

    public double TotalSpend { get; init; }

    public double TrailingYearSpend { get; init; }

    public double? UsualIntervalDays { get; init; }

    public double? ProbabilityAlive { get; init; }

    public double? ExpectedPurchases90Days { get; init; }

    public double? ExpectedPurchases12Months { get; init; }

    public double? ExpectedAverageSpend { get; init; }

    public double? LifetimeValue12Months { get; init; }

    public double? GrowthPotential { get; init; }

    public string? Warning { get; init; }
}
