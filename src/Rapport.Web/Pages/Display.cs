using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Web.Pages;

/// <summary>How the staff pages write dates, spans and names of things.</summary>
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
}
