using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Core.Planning;

/// <summary>A day of the year without the year, such as 12-15 for 15 December.</summary>
public readonly record struct MonthDay
{
    /// <summary>A month and day; 02-29 falls on 28 February in other years.</summary>
    public MonthDay(int month, int day)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, DateTime.DaysInMonth(2024, month));
        Month = month;
        Day = day;
    }

    /// <summary>The month, 1 to 12.</summary>
    public int Month { get; }

    /// <summary>The day of the month.</summary>
    public int Day { get; }

    /// <summary>Reads <c>MM-DD</c>.</summary>
    public static ParseResult<MonthDay> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('-');
        return parts.Length == 2 &&
               int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12 &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= DateTime.DaysInMonth(2024, month)
            ? ParseResult<MonthDay>.ForValue(new MonthDay(month, day))
            : ParseResult<MonthDay>.ForError($"'{text}' is not a month and day (such as 12-15)");
    }

    /// <summary>This day in a given year.</summary>
    public DateOnly In(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));

    /// <summary>Every occurrence from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public IEnumerable<DateOnly> Between(DateOnly first, DateOnly last)
    {
        for (var year = first.Year; year <= last.Year; year++)
        {
            var day = In(year);
            if (day >= first && day <= last)
            {
                yield return day;
            }
        }
    }

    /// <summary><c>12-15</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Month:00}-{Day:00}");
}
