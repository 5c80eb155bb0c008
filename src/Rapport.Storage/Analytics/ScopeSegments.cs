using Rapport.Core.Analytics;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Analytics;

/// <summary>A customer with an open defection warning, to act on.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Name">The name (the company when no person is named; the id when neither).</param>
/// <param name="BranchId">The branch the customer belongs to.</param>
/// <param name="Tier">The value tier.</param>
/// <param name="TrailingYearSpend">What the customer spent in the last year.</param>
/// <param name="Reason">Why, in words: <c>no purchase for 190 days; usually buys every 60 days</c>.</param>
public sealed record WarningToAct(string CustomerId, string Name, string? BranchId, ValueTier Tier, double TrailingYearSpend, string Reason);

/// <summary>One point of the Pareto curve.</summary>
/// <param name="CustomerShare">The share of buying customers, biggest spenders first, 0 to 1.</param>
/// <param name="RevenueShare">The share of all revenue they brought, 0 to 1.</param>
public readonly record struct ParetoPoint(double CustomerShare, double RevenueShare);

/// <summary>
/// The analytics of the customers in someone's scope, from the scores of the last
/// <c>rapport analyze</c> (the CLI's <c>analyze --report</c> for the whole base).
/// </summary>
/// <param name="AsOf">The day the scores were made for; null when no customer in scope has been analysed.</param>
/// <param name="Customers">Customers in scope.</param>
/// <param name="Analysed">Of them, those with scores.</param>
/// <param name="Tiers">Customers and revenue of the last year per value tier, key first.</param>
/// <param name="Stages">Customers per lifecycle stage, in the order of the stages.</param>
/// <param name="Pareto">The share of revenue the top fifth of buying customers brings.</param>
/// <param name="ParetoCurve">The Pareto curve of lifetime revenue, from (0, 0) to (1, 1), at most <see cref="ScopeSegments.CurvePoints"/> points after the first.</param>
/// <param name="ProbabilityAlive">Customers per band of the probability that they are still active: <see cref="ScopeSegments.ProbabilityBands"/> bands of equal width from 0 to 1.</param>
/// <param name="Flows">Customers won and lost per month, the <see cref="CustomerBaseAnalysis.FlowMonths"/> months up to the as-of day, oldest first.</param>
/// <param name="WarningCount">Customers with a defection warning.</param>
/// <param name="Warnings">The most valuable of them (by last year's spend, then expected value), at most the number asked for.</param>
public sealed record SegmentsView(
    DateOnly? AsOf,
    int Customers,
    int Analysed,
    IReadOnlyList<(ValueTier Tier, SegmentTotal Total)> Tiers,
    IReadOnlyList<(LifecycleStage Stage, int Customers)> Stages,
    ParetoFigure Pareto,
    IReadOnlyList<ParetoPoint> ParetoCurve,
    IReadOnlyList<int> ProbabilityAlive,
    IReadOnlyList<MonthFlow> Flows,
    int WarningCount,
    IReadOnlyList<WarningToAct> Warnings);

/// <summary>Reads <see cref="SegmentsView"/>: the stored scores of the customers in scope, counted in one pass.</summary>
/// <remarks>
/// Tiers, stages, warnings and probabilities are the analysis's own (Core's
/// <see cref="CustomerBaseAnalysis"/>, stored per customer); only the totals are taken here, over
/// the scope. Won and lost per month follow Core's rules: won in the month of the first purchase
/// (looked up only for customers whose tenure puts it within the months shown), lost from
/// <see cref="Segmentation.LostSince(DateOnly, double?, AnalyticsPolicy)"/>.
/// </remarks>
public sealed class ScopeSegments(RapportDatabase database)
{
    public const int ProbabilityBands = 20;

    public const int CurvePoints = 100;

    /// <summary>The analytics of the customers in scope.</summary>
    /// <param name="scope">Whose customers.</param>
    /// <param name="policy">The thresholds (for when a lost customer counts as lost).</param>
    /// <param name="warnings">At most this many warnings to list.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<SegmentsView> ReadAsync(AccessScope scope, AnalyticsPolicy policy, int warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(policy);
        var parameters = new List<(string Name, object? Value)>();
        var where = ScopeSql.Condition(scope.Branches, "c", parameters);

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var customers = 0;
        await using (var rows = await StoredRows.OpenAsync(connection, null, $"SELECT COUNT(*) FROM customers c WHERE {where}", parameters, cancellationToken).ConfigureAwait(false))
        {
            customers = await rows.ReadAsync(cancellationToken).ConfigureAwait(false) ? rows.Int32(0) : 0;
        }

        var tiers = Enum.GetValues<ValueTier>();
        var stages = Enum.GetValues<LifecycleStage>();
        var tierCustomers = new int[tiers.Length];
        var tierRevenue = new double[tiers.Length];
        var stageCustomers = new int[stages.Length];
        var bands = new int[ProbabilityBands];
        var trailing = new List<double>();
        var lifetime = new List<double>();
        var lostOn = new List<DateOnly>();
        var warned = new List<(string Id, string Name, string? Branch, ValueTier Tier, double Spend, double Value, string Reason)>();
        DateOnly? asOf = null;
        var analysed = 0;
        var strings = new SharedStrings();
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT s.as_of, s.tier, s.stage, s.purchase_days, s.total_spend, s.trailing_year_spend, s.probability_alive,
                   s.last_purchase, s.usual_interval_days, s.warning, s.lifetime_value_12m,
                   c.customer_id, c.first_name, c.last_name, c.company, COALESCE(c.home_branch_id, p.branch_id)
            FROM customers c JOIN customer_scores s ON s.customer_id = c.customer_id
            LEFT JOIN plan_customers p ON p.customer_id = c.customer_id
            WHERE {where}
            """,
            parameters,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                analysed++;
                asOf ??= rows.Date(0);
                var tier = rows.Enum<ValueTier>(1);
                var stage = rows.Enum<LifecycleStage>(2);
                var trailingSpend = rows.Double(5);
                tierCustomers[(int)tier]++;
                tierRevenue[(int)tier] += trailingSpend;
                stageCustomers[(int)stage]++;
                if (rows.Int32(3) > 0)
                {
                    trailing.Add(trailingSpend);
                    lifetime.Add(rows.Double(4));
                }

                if (!rows.IsNull(6))
                {
                    bands[Math.Clamp((int)(rows.Double(6) * ProbabilityBands), 0, ProbabilityBands - 1)]++;
                }

                if (stage == LifecycleStage.Lost && rows.Date(7) is { } last)
                {
                    lostOn.Add(Segmentation.LostSince(last, rows.IsNull(8) ? null : rows.Double(8), policy));
                }

                if (rows.StringOrNull(9) is { } reason)
                {
                    var id = rows.String(11);
                    warned.Add((
                        id,
                        PlanStore.DisplayName(rows.StringOrNull(12), rows.StringOrNull(13), rows.StringOrNull(14)) ?? id,
                        rows.Shared(15, strings),
                        tier,
                        trailingSpend,
                        rows.IsNull(10) ? 0 : rows.Double(10),
                        reason));
                }
            }
        }

        var flows = asOf is { } day ? await FlowsAsync(connection, where, parameters, day, lostOn, cancellationToken).ConfigureAwait(false) : [];
        var revenue = tierRevenue.Sum();
        return new SegmentsView(
            asOf,
            customers,
            analysed,
            new[] { ValueTier.Key, ValueTier.Core, ValueTier.Fringe }.Select(t => (t, new SegmentTotal(tierCustomers[(int)t], tierRevenue[(int)t], revenue > 0 ? tierRevenue[(int)t] / revenue : 0))).ToArray(),
            stages.Select(s => (s, stageCustomers[(int)s])).ToArray(),
            new ParetoFigure(Segmentation.TopFifthShare(trailing), Segmentation.TopFifthShare(lifetime)),
            Curve(lifetime),
            bands,
            flows,
            warned.Count,
            warned
                .OrderByDescending(w => w.Spend).ThenByDescending(w => w.Value).ThenBy(w => w.Id, StringComparer.Ordinal)
                .Take(Math.Max(0, warnings))
                .Select(w => new WarningToAct(w.Id, w.Name, w.Branch, w.Tier, w.Spend, w.Reason))
                .ToArray());
    }

    private static async Task<MonthFlow[]> FlowsAsync(System.Data.Common.DbConnection connection, string where, List<(string Name, object? Value)> parameters, DateOnly asOf, List<DateOnly> lostOn, CancellationToken cancellationToken)
    {
        var months = CustomerBaseAnalysis.FlowMonths;
        var first = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-(months - 1));
        int MonthIndex(DateOnly day) => ((day.Year - first.Year) * 12) + day.Month - first.Month;
        var won = new int[months];
        var lost = new int[months];
        foreach (var day in lostOn)
        {
            if (MonthIndex(day) is >= 0 and var l && l < months)
            {
                lost[l]++;
            }
        }

        // A first purchase within the months shown means a tenure of at most that many months: only
        // those customers' first purchases are looked up, each by the index on (customer, time).
        await using var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT (SELECT MIN(pu.at) FROM purchases pu WHERE pu.customer_id = c.customer_id)
            FROM customers c JOIN customer_scores s ON s.customer_id = c.customer_id
            WHERE s.purchase_days > 0 AND s.tenure_months <= {months} AND {where}
            """,
            parameters,
            cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!rows.IsNull(0) && MonthIndex(rows.InstantDay(0)) is >= 0 and var w && w < months)
            {
                won[w]++;
            }
        }

        return Enumerable.Range(0, months).Select(i => new MonthFlow(first.AddMonths(i), won[i], lost[i])).ToArray();
    }

    private static ParetoPoint[] Curve(List<double> spend)
    {
        var sorted = spend.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        var total = sorted.Sum();
        var points = new List<ParetoPoint> { new(0, 0) };
        if (sorted.Length == 0 || total <= 0)
        {
            return [.. points];
        }

        var step = Math.Max(1, (sorted.Length + CurvePoints - 1) / CurvePoints);
        double running = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            running += sorted[i];
            if ((i + 1) % step == 0 || i == sorted.Length - 1)
            {
                points.Add(new ParetoPoint((i + 1) / (double)sorted.Length, running / total));
            }
        }

        return [.. points];
    }
}
