using System.Globalization;

namespace Rapport.Web.Charts;

/// <summary>
/// A line on a square of shares, 0 to 100% each way (the Pareto curve), drawn as inline SVG by
/// <c>_ParetoChart.cshtml</c>, with a marker at one share of the horizontal axis.
/// </summary>
/// <param name="Id">The figure's id.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Points">The points, each share from 0 to 1.</param>
/// <param name="MarkerAt">Where the marker stands on the horizontal axis, 0 to 1.</param>
/// <param name="XLabel">What the horizontal axis counts.</param>
/// <param name="YLabel">What the vertical axis counts.</param>
public sealed record LineChart(string Id, string Title, IReadOnlyList<(double X, double Y)> Points, double MarkerAt, string XLabel, string YLabel)
{
    public const double Width = 640;

    public const double Height = 300;

    public const double Left = 48;

    public const double Right = 12;

    public const double Top = 12;

    public const double Bottom = 40;

    /// <summary>The <c>points</c> attribute of the polyline.</summary>
    public string PolylinePoints => string.Join(' ', Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):0.##},{Y(p.Y):0.##}")));

    /// <summary>The horizontal position of a share.</summary>
    public static double X(double share) => Left + ((Width - Left - Right) * share);

    /// <summary>The vertical position of a share.</summary>
    public static double Y(double share) => Height - Bottom - ((Height - Top - Bottom) * share);
}
