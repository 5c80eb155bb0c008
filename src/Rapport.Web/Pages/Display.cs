using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Web.Pages;

/// <summary>How the staff pages write numbers, days, spans and names of things: the same way on every page, whatever the server's culture.</summary>
public static class Display
{
    /// <summary><c>Monday 23 November 2026</c>.</summary>
    public static string LongDay(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>2026-11-23</c>.</summary>
    public static string Day(DateOnly day) => IsoTime.Format(day);

    /// <summary><c>2026-11-23 14:05 UTC</c>.</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>09:00–09:15</c>.</summary>
    public static string Window(TimeOnly? start, TimeOnly? end) =>
        start is { } s && end is { } e ? $"{s.ToString("HH:mm", CultureInfo.InvariantCulture)}–{e.ToString("HH:mm", CultureInfo.InvariantCulture)}" : string.Empty;

    /// <summary>An enum value in the files' kebab-case, with spaces: <c>care call</c>, <c>no answer</c>.</summary>
    public static string Words<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumText.ToText(value).Replace('-', ' ');

    /// <summary><c>3 years 2 months</c>, <c>5 months</c>.</summary>
    public static string Tenure(int months)
    {
        var (years, rest) = Math.DivRem(months, 12);
        return (years, rest) switch
        {
            (0, _) => Count(rest, "month"),
            (_, 0) => Count(years, "year"),
            _ => $"{Count(years, "year")} {Count(rest, "month")}",
        };
    }

    /// <summary><c>1 call</c>, <c>2 calls</c>.</summary>
    public static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>A money amount with its currency: <c>120.50 CHF</c>.</summary>
    public static string Money(decimal amount, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:N2}{(currency is null ? string.Empty : " " + currency)}");

    /// <summary>The address of a customer's page.</summary>
    public static string CustomerHref(string customerId) => "/customers/" + Uri.EscapeDataString(customerId);

    /// <summary><c>1,234</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>1,234.50</c>.</summary>
    public static string Money(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary><c>1,234.5</c>.</summary>
    public static string Hours(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary><c>80.5%</c> for 0.805.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

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
