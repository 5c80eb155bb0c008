using System.Globalization;

namespace Rapport.Web.Charts;

/// <summary>One series of a bar chart: a value per label.</summary>
/// <param name="Name">The series' name, shown in the legend when there are several.</param>
/// <param name="Values">One value per label, at least 0.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>A bar drawn: where, and what it stands for.</summary>
public readonly record struct BarShape(double X, double Y, double Width, double Height, int Series, string Label, double Value, string Text);

/// <summary>A label under the bars.</summary>
public readonly record struct AxisLabel(double X, string Text);

/// <summary>A value on the vertical axis, with its height.</summary>
public readonly record struct AxisTick(double Y, string Text);

/// <summary>
/// A bar chart drawn as inline SVG by <c>_BarChart.cshtml</c>: the geometry of the bars in a fixed
/// view box, which the browser scales to the width of the page (a phone included).
/// </summary>
/// <param name="Id">The figure's id.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Labels">The labels, one group of bars each.</param>
/// <param name="Series">The series, drawn side by side in each group.</param>
/// <param name="Format">Writes a value, for the tooltips and the axis.</param>
/// <param name="LabelEvery">Writes every n-th label only (for many narrow bars).</param>
public sealed record BarChart(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<BarSeries> Series, Func<double, string> Format, int LabelEvery = 1)
{
    public const double Width = 640;

    public const double Height = 260;

    public const double Left = 56;

    public const double Right = 8;

    public const double Top = 12;

    public const double Bottom = 36;

    /// <summary>The largest value the axis reaches: the largest value, rounded up to a round number.</summary>
    public double AxisMax => RoundUp(Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());

    /// <summary>The floor of the bars.</summary>
    public static double Baseline => Height - Bottom;

    /// <summary>Every bar with its place.</summary>
    public IReadOnlyList<BarShape> Bars()
    {
        var max = AxisMax;
        var group = (Width - Left - Right) / Math.Max(1, Labels.Count);
        var bar = group * 0.8 / Math.Max(1, Series.Count);
        var bars = new List<BarShape>(Labels.Count * Series.Count);
        for (var i = 0; i < Labels.Count; i++)
        {
            for (var s = 0; s < Series.Count; s++)
            {
                var value = i < Series[s].Values.Count ? Series[s].Values[i] : 0;
                var height = max > 0 ? (Baseline - Top) * value / max : 0;
                bars.Add(new BarShape(Left + (i * group) + (group * 0.1) + (s * bar), Baseline - height, bar, height, s, Labels[i], value, Format(value)));
            }
        }

        return bars;
    }

    /// <summary>The labels written under the bars.</summary>
    public IReadOnlyList<AxisLabel> AxisLabels()
    {
        var group = (Width - Left - Right) / Math.Max(1, Labels.Count);
        return Labels.Select((label, i) => (label, i))
            .Where(l => l.i % Math.Max(1, LabelEvery) == 0)
            .Select(l => new AxisLabel(Left + (l.i * group) + (group / 2), l.label))
            .ToArray();
    }

    /// <summary>0, half the axis and the top of the axis.</summary>
    public IReadOnlyList<AxisTick> Ticks()
    {
        var max = AxisMax;
        return [new(Baseline, Format(0)), new((Baseline + Top) / 2, Format(max / 2)), new(Top, Format(max))];
    }

    /// <summary>A number as the charts write it: whole, with thousands separated.</summary>
    public static string Whole(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A coordinate in SVG: invariant, to two decimals.</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double RoundUp(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
