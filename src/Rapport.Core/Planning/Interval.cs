using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Core.Planning;

/// <summary>The unit of an <see cref="Interval"/>.</summary>
public enum IntervalUnit
{
    /// <summary>Calendar days.</summary>
    Days,

    /// <summary>Weeks of seven days.</summary>
    Weeks,

    /// <summary>Calendar months (the same day of the month, or its last day).</summary>
    Months,

    /// <summary>Calendar years.</summary>
    Years,
}

/// <summary>A span of calendar time such as "8 weeks" or "3 months", as the policy file writes it.</summary>
/// <remarks>
/// Read from <c>8 weeks</c>, <c>every 2 months</c>, <c>1 day</c>, or the words <c>daily</c>,
/// <c>weekly</c>, <c>monthly</c>, <c>quarterly</c> (3 months), <c>twice a year</c> (6 months),
/// <c>yearly</c> (12 months). The amount is at least 1.
/// </remarks>
public readonly record struct Interval
{
    /// <summary>Creates an interval.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is less than 1.</exception>
    public Interval(int amount, IntervalUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        Amount = amount;
        Unit = unit;
    }

    /// <summary>How many units.</summary>
    public int Amount { get; }

    /// <summary>The unit.</summary>
    public IntervalUnit Unit { get; }

    /// <summary>The interval in days, counting a month as 30.44 days and a year as 365.25 (for comparisons).</summary>
    public double ApproximateDays => Unit switch
    {
        IntervalUnit.Days => Amount,
        IntervalUnit.Weeks => Amount * 7,
        IntervalUnit.Months => Amount * 30.436875,
        _ => Amount * 365.25,
    };

    /// <summary>Reads an interval.</summary>
    public static ParseResult<Interval> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Trim().ToLowerInvariant();
        switch (words)
        {
            case "daily": return ParseResult<Interval>.ForValue(new(1, IntervalUnit.Days));
            case "weekly": return ParseResult<Interval>.ForValue(new(1, IntervalUnit.Weeks));
            case "monthly": return ParseResult<Interval>.ForValue(new(1, IntervalUnit.Months));
            case "quarterly": return ParseResult<Interval>.ForValue(new(3, IntervalUnit.Months));
            case "twice a year": return ParseResult<Interval>.ForValue(new(6, IntervalUnit.Months));
            case "yearly" or "once a year" or "annually": return ParseResult<Interval>.ForValue(new(1, IntervalUnit.Years));
        }

        if (words.StartsWith("every ", StringComparison.Ordinal))
        {
            words = words[6..].Trim();
        }

        var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount >= 1)
        {
            IntervalUnit? unit = parts[1].TrimEnd('s') switch
            {
                "day" => IntervalUnit.Days,
                "week" => IntervalUnit.Weeks,
                "month" => IntervalUnit.Months,
                "year" => IntervalUnit.Years,
                _ => null,
            };
            if (unit is { } found)
            {
                return ParseResult<Interval>.ForValue(new Interval(amount, found));
            }
        }

        return ParseResult<Interval>.ForError($"'{text}' is not a span of time (such as 8 weeks, 3 months, quarterly, twice a year)");
    }

    /// <summary>The day this interval after a day.</summary>
    public DateOnly After(DateOnly day) => Unit switch
    {
        IntervalUnit.Days => day.AddDays(Amount),
        IntervalUnit.Weeks => day.AddDays(7 * Amount),
        IntervalUnit.Months => day.AddMonths(Amount),
        _ => day.AddYears(Amount),
    };

    /// <summary>The day this interval before a day.</summary>
    public DateOnly Before(DateOnly day) => Unit switch
    {
        IntervalUnit.Days => day.AddDays(-Amount),
        IntervalUnit.Weeks => day.AddDays(-7 * Amount),
        IntervalUnit.Months => day.AddMonths(-Amount),
        _ => day.AddYears(-Amount),
    };

    /// <inheritdoc />
    public override string ToString() => (Amount, Unit) switch
    {
        (3, IntervalUnit.Months) => "quarterly",
        (6, IntervalUnit.Months) => "twice a year",
        (1, IntervalUnit.Years) => "yearly",
        (1, IntervalUnit.Months) => "monthly",
        (1, IntervalUnit.Weeks) => "weekly",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Unit.ToString().ToLowerInvariant()[..^(Amount == 1 ? 1 : 0)]}"),
    };
}
