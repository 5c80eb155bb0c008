using System.Globalization;
using System.Net;
using System.Text;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using ScottPlot;

namespace Rapport.Cli.Reports;

/// <summary>
/// Writes an analysis as a web page with charts: the Pareto curve, revenue by tier, how likely
/// customers are to be still buying, and customers won and lost per month.
/// </summary>
internal static class AnalysisReport
{
    private const int Width = 800;
    private const int Height = 450;

    /// <summary>Writes <c>index.html</c> and its PNG charts into a folder (created if missing).</summary>
    /// <returns>The path of the page.</returns>
    public static string Write(string folder, CustomerBaseReport report)
    {
        Directory.CreateDirectory(folder);
        ParetoCurve(report).SavePng(Path.Combine(folder, "pareto.png"), Width, Height);
        RevenueByTier(report).SavePng(Path.Combine(folder, "tiers.png"), Width, Height);
        ProbabilityAlive(report).SavePng(Path.Combine(folder, "probability-alive.png"), Width, Height);
        WonAndLost(report).SavePng(Path.Combine(folder, "won-and-lost.png"), Width, Height);
        var page = Path.Combine(folder, "index.html");
        File.WriteAllText(page, Html(report), new UTF8Encoding(false));
        return page;
    }

    private static Plot ParetoCurve(CustomerBaseReport report)
    {
        var spend = report.Customers.Where(c => c.Summary.HasPurchased).Select(c => c.Summary.TotalSpend).OrderByDescending(v => v).ToArray();
        var total = spend.Sum();
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        var step = Math.Max(1, spend.Length / 400);
        double running = 0;
        for (var i = 0; i < spend.Length; i++)
        {
            running += spend[i];
            if ((i + 1) % step == 0 || i == spend.Length - 1)
            {
                xs.Add(100.0 * (i + 1) / spend.Length);
                ys.Add(total > 0 ? 100 * running / total : 0);
            }
        }

        var plot = new Plot();
        plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        var marker = plot.Add.VerticalLine(20);
        marker.LinePattern = LinePattern.Dashed;
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"The top fifth of customers brings {report.Pareto.TopFifthShareOfLifetime * 100:0.0}% of revenue"));
        plot.XLabel("customers, biggest spenders first (%)");
        plot.YLabel("share of all revenue (%)");
        plot.Axes.SetLimits(0, 100, 0, 100);
        return plot;
    }

    private static Plot RevenueByTier(CustomerBaseReport report)
    {
        var tiers = new[] { ValueTier.Key, ValueTier.Core, ValueTier.Fringe };
        var plot = new Plot();
        var bars = plot.Add.Bars(tiers.Select(t => report.Tiers[t].TrailingYearRevenue).ToArray());
        for (var i = 0; i < tiers.Length; i++)
        {
            bars.Bars[i].Label = string.Create(CultureInfo.InvariantCulture, $"{report.Tiers[tiers[i]].RevenueShare * 100:0}% · {report.Tiers[tiers[i]].Customers:N0} customers");
        }

        bars.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks([0, 1, 2], tiers.Select(EnumText.ToText).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title("Revenue of the last 12 months, by value tier");
        plot.YLabel("revenue");
        return plot;
    }

    private static Plot ProbabilityAlive(CustomerBaseReport report)
    {
        const int Bins = 20;
        var counts = new double[Bins];
        foreach (var customer in report.Customers)
        {
            if (customer.ProbabilityAlive is { } p)
            {
                counts[Math.Min(Bins - 1, (int)(p * Bins))]++;
            }
        }

        var plot = new Plot();
        var bars = plot.Add.Bars(Enumerable.Range(0, Bins).Select(i => (i + 0.5) * 100.0 / Bins).ToArray(), counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = 100.0 / Bins * 0.9;
        }

        plot.Axes.Margins(bottom: 0);
        plot.Title("How likely customers are to be still buying (BG/NBD)");
        plot.XLabel("probability still active (%)");
        plot.YLabel("customers");
        return plot;
    }

    private static Plot WonAndLost(CustomerBaseReport report)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, report.Flows.Count).Select(i => (double)i).ToArray();
        var won = plot.Add.Bars(positions.Select(p => p - 0.2).ToArray(), report.Flows.Select(f => (double)f.Won).ToArray());
        won.LegendText = "won (first purchase)";
        var lost = plot.Add.Bars(positions.Select(p => p + 0.2).ToArray(), report.Flows.Select(f => (double)f.Lost).ToArray());
        lost.LegendText = "lost (gone quiet)";
        foreach (var bar in won.Bars.Concat(lost.Bars))
        {
            bar.Size = 0.4;
        }

        var ticks = positions.Where(p => (int)p % 3 == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(p => report.Flows[(int)p].Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Customers won and lost per month: the front door and the back door");
        plot.YLabel("customers");
        return plot;
    }

    private static string Html(CustomerBaseReport report)
    {
        string E(string text) => WebUtility.HtmlEncode(text);
        string N(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Rapport — customer base as of {{IsoTime.Format(report.AsOf)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.3rem .8rem;text-align:right}
            td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>
            <h1>Customer base as of {{IsoTime.Format(report.AsOf)}}</h1>
            <p>{{report.Customers.Count:N0}} customers. The top fifth brings {{report.Pareto.TopFifthShareOfLifetime * 100:0.0}}% of all revenue
            ({{report.Pareto.TopFifthShareOfTrailingYear * 100:0.0}}% of the last 12 months').</p>
            <h2>Value tiers</h2><table><tr><th>tier</th><th>customers</th><th>revenue, last 12 months</th><th>share</th></tr>
            """);
        foreach (var tier in new[] { ValueTier.Key, ValueTier.Core, ValueTier.Fringe })
        {
            var total = report.Tiers[tier];
            html.Append(N($"<tr><td>{EnumText.ToText(tier)}</td><td>{total.Customers:N0}</td><td>{total.TrailingYearRevenue:N2}</td><td>{total.RevenueShare * 100:0.0}%</td></tr>"));
        }

        html.Append("</table><img src=\"tiers.png\" alt=\"Revenue by value tier\"><img src=\"pareto.png\" alt=\"Pareto curve\">");
        html.Append("<h2>Lifecycle stages</h2><table><tr><th>stage</th><th>customers</th></tr>");
        foreach (var (stage, total) in report.Stages)
        {
            html.Append(N($"<tr><td>{EnumText.ToText(stage)}</td><td>{total.Customers:N0}</td></tr>"));
        }

        html.Append("</table><img src=\"won-and-lost.png\" alt=\"Customers won and lost per month\">");
        html.Append("<h2>Models</h2><p>");
        html.Append(report.PurchaseModel.Success
            ? N($"BG/NBD (weeks): r = {report.PurchaseModel.Model.R:0.000}, α = {report.PurchaseModel.Model.Alpha:0.000}, a = {report.PurchaseModel.Model.A:0.000}, b = {report.PurchaseModel.Model.B:0.000}; log-likelihood {report.PurchaseModel.LogLikelihood:N1}.")
            : E($"BG/NBD not fitted: {report.PurchaseModel.Error}"));
        html.Append("<br>");
        html.Append(report.SpendModel.Success
            ? N($"Gamma-Gamma: p = {report.SpendModel.Model.P:0.00}, q = {report.SpendModel.Model.Q:0.00}, γ = {report.SpendModel.Model.Gamma:0.00}; log-likelihood {report.SpendModel.LogLikelihood:N1}.")
            : E($"Gamma-Gamma not fitted: {report.SpendModel.Error}"));
        html.Append("</p><img src=\"probability-alive.png\" alt=\"Distribution of the probability of being still active\">");
        html.Append(N($"<h2>Defection warnings ({report.Customers.Count(c => c.Warning is not null):N0})</h2><table><tr><th>customer</th><th>spent last 12 months</th><th>why</th></tr>"));
        foreach (var customer in report.Warnings.Take(25))
        {
            html.Append(N($"<tr><td>{E(customer.CustomerId)}</td><td>{customer.Summary.TrailingYearSpend:N2}</td><td style=\"text-align:left\">{E(customer.Warning!.Reason)}</td></tr>"));
        }

        html.Append("</table></body></html>\n");
        return html.ToString();
    }
}
