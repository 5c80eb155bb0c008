namespace Rapport.Core.Analytics;

/// <summary>One customer's purchases, in day order, by the customer's index.</summary>
/// <param name="customer">The customer's index, 0 to the number of customers - 1.</param>
public delegate ReadOnlySpan<PurchasePoint> PurchasesOf(int customer);

/// <summary>Everything analytics says about one customer as of a date.</summary>
/// <remarks>Model figures are <see langword="null"/> when no model could be fitted, or, for spend, when the customer has no repeat purchases and the spend model has no finite mean.</remarks>
public sealed record CustomerScores
{
    /// <summary>The customer's id.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The purchase summary the scores come from.</summary>
    public required CustomerSummary Summary { get; init; }

    /// <summary>Recency, frequency and monetary quintiles.</summary>
    public RfmScore Rfm { get; init; }

    /// <summary>The value tier.</summary>
    public ValueTier Tier { get; init; }

    /// <summary>The lifecycle stage.</summary>
    public LifecycleStage Stage { get; init; }

    /// <summary>The BG/NBD probability that the customer is still active.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>Expected purchase days in the next 90 days.</summary>
    public double? ExpectedPurchases90Days { get; init; }

    /// <summary>Expected purchase days in the next 12 months (365 days).</summary>
    public double? ExpectedPurchases12Months { get; init; }

    /// <summary>Expected spend per purchase day (Gamma-Gamma).</summary>
    public double? ExpectedAverageSpend { get; init; }

    /// <summary>Expected value of the next 12 months, discounted to the as-of date.</summary>
    public double? LifetimeValue12Months { get; init; }

    /// <summary>For fringe customers: expected 12-month value minus what they spent in the last year (S4: can a small customer grow?).</summary>
    public double? GrowthPotential { get; init; }

    /// <summary>A warning that the customer may be slipping away, with the reason.</summary>
    public DefectionWarning? Warning { get; init; }
}

/// <summary>A tier's or stage's share of the customer base.</summary>
/// <param name="Customers">How many customers.</param>
/// <param name="TrailingYearRevenue">What they spent in the last year.</param>
/// <param name="RevenueShare">Their share of the last year's revenue, 0 to 1.</param>
public sealed record SegmentTotal(int Customers, double TrailingYearRevenue, double RevenueShare);

/// <summary>Customers won and lost in one calendar month: the front door and the back door (S3).</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="Won">Customers whose first purchase fell in the month.</param>
/// <param name="Lost">Customers who became lost in the month (their last purchase plus the silence that makes them lost).</param>
public sealed record MonthFlow(DateOnly Month, int Won, int Lost);

/// <summary>The result of analysing the customer base as of a date.</summary>
/// <param name="AsOf">The day analysed, inclusive.</param>
/// <param name="Customers">Every customer's scores, in the order given.</param>
/// <param name="Tiers">Customers and revenue per value tier.</param>
/// <param name="Stages">Customers and revenue per lifecycle stage.</param>
/// <param name="Pareto">The share of revenue the top fifth brings.</param>
/// <param name="PurchaseModel">The BG/NBD fit (time in weeks), or why there is none.</param>
/// <param name="SpendModel">The Gamma-Gamma fit, or why there is none.</param>
/// <param name="Flows">Customers won and lost per month, the 24 months up to the as-of date, oldest first.</param>
public sealed record CustomerBaseReport(
    DateOnly AsOf,
    IReadOnlyList<CustomerScores> Customers,
    IReadOnlyDictionary<ValueTier, SegmentTotal> Tiers,
    IReadOnlyDictionary<LifecycleStage, SegmentTotal> Stages,
    ParetoFigure Pareto,
    ModelFit<BgNbdModel> PurchaseModel,
    ModelFit<GammaGammaModel> SpendModel,
    IReadOnlyList<MonthFlow> Flows)
{
    /// <summary>The customers with a warning, most valuable first (by last year's spend, then expected value).</summary>
    public IEnumerable<CustomerScores> Warnings =>
        Customers.Where(c => c.Warning is not null)
            .OrderByDescending(c => c.Summary.TrailingYearSpend)
            .ThenByDescending(c => c.LifetimeValue12Months ?? 0)
            .ThenBy(c => c.CustomerId, StringComparer.Ordinal);
}

/// <summary>
/// Analyses a customer base: summaries, RFM, tiers, stages, the BG/NBD and Gamma-Gamma models,
/// expected purchases and value, and defection warnings. Pure and deterministic; the per-customer
/// work runs in parallel and gives the same result whatever the number of cores.
/// </summary>
public static class CustomerBaseAnalysis
{
    /// <summary>The BG/NBD model's time unit in days: a week, as in Fader, Hardie &amp; Lee (2005).</summary>
    public const double DaysPerModelUnit = (int)HistoryTimeUnit.Weeks;

    /// <summary>Analyses the customers.</summary>
    /// <param name="customerIds">Every customer's id; a customer's index is its position.</param>
    /// <param name="purchasesOf">Each customer's purchases.</param>
    /// <param name="asOf">The day to analyse at, inclusive; later purchases are ignored.</param>
    /// <param name="policy">The settings.</param>
    public static CustomerBaseReport Run(IReadOnlyList<string> customerIds, PurchasesOf purchasesOf, DateOnly asOf, AnalyticsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(purchasesOf);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Problem() is { } problem)
        {
            throw new ArgumentException($"The analytics policy cannot be used: {problem}.", nameof(policy));
        }

        var count = customerIds.Count;
        var summaries = new CustomerSummary[count];
        Parallel.For(0, count, i => summaries[i] = CustomerSummary.From(purchasesOf(i), asOf));

        var rfm = Segmentation.Rfm(summaries);
        var tiers = Segmentation.Tiers(summaries, policy);
        var purchaseModel = BgNbdModel.Fit(RepeatPurchaseData.From(summaries.Where(s => s.HasPurchased).Select(ToHistory)));
        var spendModel = GammaGammaModel.Fit(RepeatSpendData.From(summaries.Where(s => s.RepeatDays > 0 && s.AverageRepeatSpend > 0)
            .Select(s => new CustomerSpend(s.RepeatDays, s.AverageRepeatSpend))));

        var bgnbd = purchaseModel.Success ? purchaseModel.Model : null;
        var gammaGamma = spendModel.Success ? spendModel.Model : null;
        var discount = MidYearDiscount(policy.MonthlyDiscountRate);
        var scores = new CustomerScores[count];
        Parallel.For(0, count, i =>
        {
            var summary = summaries[i];
            var stage = Segmentation.Stage(summary, policy);
            double? alive = null, expected90 = null, expected365 = null, spend = null;
            if (summary.HasPurchased && bgnbd is not null)
            {
                var history = ToHistory(summary);
                alive = bgnbd.ProbabilityAlive(history);
                expected90 = bgnbd.ExpectedPurchases(90 / DaysPerModelUnit, history);
                expected365 = bgnbd.ExpectedPurchases(365 / DaysPerModelUnit, history);
            }

            if (summary.HasPurchased && gammaGamma is not null)
            {
                spend = summary.RepeatDays > 0 && summary.AverageRepeatSpend > 0
                    ? gammaGamma.ExpectedAverageSpend(new CustomerSpend(summary.RepeatDays, summary.AverageRepeatSpend))
                    : gammaGamma.HasFiniteMeanSpend ? gammaGamma.MeanSpend : null;
            }

            var value = expected365 * spend * discount;
            scores[i] = new CustomerScores
            {
                CustomerId = customerIds[i],
                Summary = summary,
                Rfm = rfm[i],
                Tier = tiers[i],
                Stage = stage,
                ProbabilityAlive = alive,
                ExpectedPurchases90Days = expected90,
                ExpectedPurchases12Months = expected365,
                ExpectedAverageSpend = spend,
                LifetimeValue12Months = value,
                GrowthPotential = tiers[i] == ValueTier.Fringe && summary.HasPurchased ? value - summary.TrailingYearSpend : null,
                Warning = Segmentation.Warning(summary, stage, alive, policy),
            };
        });

        return new CustomerBaseReport(
            asOf,
            scores,
            Totals(scores, s => s.Tier, Enum.GetValues<ValueTier>()),
            Totals(scores, s => s.Stage, Enum.GetValues<LifecycleStage>()),
            Segmentation.Pareto(summaries),
            purchaseModel,
            spendModel,
            Flows(scores, asOf, policy));
    }

    /// <summary>How many months <see cref="CustomerBaseReport.Flows"/> covers.</summary>
    public const int FlowMonths = 24;

    private static MonthFlow[] Flows(CustomerScores[] scores, DateOnly asOf, AnalyticsPolicy policy)
    {
        var first = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-(FlowMonths - 1));
        var won = new int[FlowMonths];
        var lost = new int[FlowMonths];
        int MonthIndex(DateOnly day) => ((day.Year - first.Year) * 12) + day.Month - first.Month;
        foreach (var score in scores)
        {
            var summary = score.Summary;
            if (summary.FirstPurchase is { } firstPurchase && MonthIndex(firstPurchase) is >= 0 and < FlowMonths and var w)
            {
                won[w]++;
            }

            if (Segmentation.LostSince(summary, score.Stage, policy) is { } since && MonthIndex(since) is >= 0 and < FlowMonths and var l)
            {
                lost[l]++;
            }
        }

        return Enumerable.Range(0, FlowMonths).Select(i => new MonthFlow(first.AddMonths(i), won[i], lost[i])).ToArray();
    }

    /// <summary>The customer's BG/NBD history in weeks.</summary>
    public static CustomerHistory ToHistory(CustomerSummary summary) => ToHistory(summary, HistoryTimeUnit.Weeks);

    /// <summary>The customer's BG/NBD history (<c>x</c>, <c>t_x</c>, <c>T</c>) in a unit of time.</summary>
    public static CustomerHistory ToHistory(CustomerSummary summary, HistoryTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(summary);
        double days = (int)unit;
        return new CustomerHistory(summary.RepeatDays, summary.RecencyDays / days, summary.AgeDays / days);
    }

    // Twelve months of value arrive through the year; discounting it all at mid-year
    // (six months) is within a fraction of a percent of discounting month by month at
    // the rates businesses use, and costs no per-month model evaluation.
    private static double MidYearDiscount(double monthlyRate) => Math.Pow(1 + monthlyRate, -6);

    private static Dictionary<TKey, SegmentTotal> Totals<TKey>(CustomerScores[] scores, Func<CustomerScores, TKey> key, TKey[] keys)
        where TKey : notnull
    {
        var counts = keys.ToDictionary(k => k, _ => (Customers: 0, Spend: 0.0));
        var revenue = 0.0;
        foreach (var score in scores)
        {
            var k = key(score);
            var (customers, spend) = counts[k];
            counts[k] = (customers + 1, spend + score.Summary.TrailingYearSpend);
            revenue += score.Summary.TrailingYearSpend;
        }

        return counts.ToDictionary(c => c.Key, c => new SegmentTotal(c.Value.Customers, c.Value.Spend, revenue > 0 ? c.Value.Spend / revenue : 0));
    }
}
