using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Core.Common;
using Rapport.Storage.Analytics;
using Rapport.Storage.Database;
using Rapport.Storage.Policy;
using Rapport.Web.Access;
using Rapport.Web.Charts;

namespace Rapport.Web.Pages.Segments;

/// <summary>The analytics of the customers in the signed-in person's scope, as charts, and the defection warnings to act on.</summary>
public sealed class SegmentsModel(RapportDatabase database, LoadedPolicy policy, RequestAccess access) : PageModel
{
    /// <summary>Warnings listed on the page, most valuable customers first.</summary>
    public const int WarningsShown = 50;

    public SegmentsView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        View = await new ScopeSegments(database).ReadAsync(scope, policy.Policy.Analytics, WarningsShown, cancellationToken);
    }

    public BarChart TierCustomers => new(
        "chart-tier-customers",
        "Customers by value tier",
        View.Tiers.Select(t => EnumText.ToText(t.Tier)).ToArray(),
        [new BarSeries("customers", View.Tiers.Select(t => (double)t.Total.Customers).ToArray())],
        BarChart.Whole);

    public BarChart TierRevenue => new(
        "chart-tier-revenue",
        "Revenue of the last 12 months by value tier",
        View.Tiers.Select(t => $"{EnumText.ToText(t.Tier)} {Display.Percent(t.Total.RevenueShare)}").ToArray(),
        [new BarSeries("revenue", View.Tiers.Select(t => t.Total.TrailingYearRevenue).ToArray())],
        BarChart.Whole);

    public BarChart Stages => new(
        "chart-stages",
        "Customers by lifecycle stage",
        View.Stages.Select(s => EnumText.ToText(s.Stage)).ToArray(),
        [new BarSeries("customers", View.Stages.Select(s => (double)s.Customers).ToArray())],
        BarChart.Whole);

    public LineChart Pareto => new(
        "chart-pareto",
        $"The top fifth of customers brings {Display.Percent(View.Pareto.TopFifthShareOfLifetime)} of all revenue ({Display.Percent(View.Pareto.TopFifthShareOfTrailingYear)} of the last 12 months')",
        View.ParetoCurve.Select(p => (p.CustomerShare, p.RevenueShare)).ToArray(),
        0.2,
        "customers, biggest spenders first",
        "share of all revenue");

    public BarChart ProbabilityAlive => new(
        "chart-alive",
        "How likely customers are to be still buying (BG/NBD)",
        Enumerable.Range(0, View.ProbabilityAlive.Count).Select(i => $"{i * 100 / View.ProbabilityAlive.Count}%").ToArray(),
        [new BarSeries("customers", View.ProbabilityAlive.Select(c => (double)c).ToArray())],
        BarChart.Whole,
        LabelEvery: 5);

    public BarChart Flows => new(
        "chart-flows",
        "Customers won and lost per month: the front door and the back door",
        View.Flows.Select(f => f.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        [new BarSeries("won (first purchase)", View.Flows.Select(f => (double)f.Won).ToArray()), new BarSeries("lost (gone quiet)", View.Flows.Select(f => (double)f.Lost).ToArray())],
        BarChart.Whole,
        LabelEvery: 6);
}
