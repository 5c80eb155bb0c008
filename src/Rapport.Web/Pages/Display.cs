using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Web.Pages;

/// <summary>How the staff pages write numbers, days and names: the same way on every page, whatever the server's culture.</summary>
public static class Display
{
    /// <summary><c>1,234</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>1,234.50</c>.</summary>
    public static string Money(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary><c>1,234.5</c>.</summary>
    public static string Hours(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary><c>80.5%</c> for 0.805.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary><c>2026-11-24</c>.</summary>
    public static string Day(DateOnly day) => IsoTime.Format(day);

    /// <summary><c>Tue 24 Nov</c>.</summary>
    public static string ShortDay(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    /// <summary><c>November 2026</c>.</summary>
    public static string Month(DateOnly day) => day.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>09:30</c>.</summary>
    public static string Time(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>An enum as the files and commands write it: <c>new-to-line</c>.</summary>
    public static string Text<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } v ? EnumText.ToText(v) : string.Empty;
}
