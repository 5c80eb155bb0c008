namespace Rapport.Messaging.Templates;

/// <summary>How long someone has been a customer, in the words a letter uses: "five years", "18 months".</summary>
/// <remarks>
/// Weeks under a month ("three weeks", "a few days" under one), months under two years ("one
/// month", "18 months"), whole years from two ("two years", "15 years"); one to twelve are spelled
/// out, as British house style writes small numbers. Calendar months and years, counted from the
/// first day as a customer to the day of the touch.
/// </remarks>
public static class Tenure
{
    private static readonly string[] Small =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    /// <summary>The tenure in words, or null when the first day is unknown or after the day.</summary>
    /// <param name="since">The first day as a customer.</param>
    /// <param name="day">The day of the touch.</param>
    public static string? InWords(DateOnly? since, DateOnly day)
    {
        if (since is not { } first || first > day)
        {
            return null;
        }

        var months = Months(first, day);
        if (months == 0)
        {
            var weeks = (day.DayNumber - first.DayNumber) / 7;
            return weeks == 0 ? "a few days" : Count(weeks, "week");
        }

        return months < 24 ? Count(months, "month") : Count(months / 12, "year");
    }

    /// <summary>Whole years as a customer, or null when the first day is unknown or after the day.</summary>
    /// <param name="since">The first day as a customer.</param>
    /// <param name="day">The day of the touch.</param>
    public static int? Years(DateOnly? since, DateOnly day) =>
        since is { } first && first <= day ? Months(first, day) / 12 : null;

    /// <summary>A number of things in words: "one month", "three weeks", "18 months".</summary>
    internal static string Count(int number, string unit)
    {
        var written = number < Small.Length ? Small[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return number == 1 ? $"{written} {unit}" : $"{written} {unit}s";
    }

    /// <summary>Whole calendar months from one day to a later one, as <see cref="DateOnly.AddMonths"/> counts them.</summary>
    private static int Months(DateOnly first, DateOnly day)
    {
        var months = ((day.Year - first.Year) * 12) + day.Month - first.Month;
        return first.AddMonths(months) > day ? months - 1 : months;
    }
}
