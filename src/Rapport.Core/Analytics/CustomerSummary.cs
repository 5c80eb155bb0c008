namespace Rapport.Core.Analytics;

/// <summary>What one customer's purchases say, as of a date: the input of scores, tiers, stages and the models.</summary>
/// <remarks>
/// <para>Purchases are counted by UTC calendar day: several purchases on one day are one
/// "purchase day", as in the BG/NBD model (Fader, Hardie &amp; Lee 2005), and their amounts are
/// added. Only purchases on or before the as-of date count.</para>
/// <para>Recency and age are in days.</para>
/// </remarks>
public sealed record CustomerSummary
{
    /// <summary>The day the summary is taken, inclusive.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>The first purchase day; <see langword="null"/> for a customer who never bought.</summary>
    public DateOnly? FirstPurchase { get; init; }

    /// <summary>The latest purchase day.</summary>
    public DateOnly? LastPurchase { get; init; }

    /// <summary>How many purchases (not days).</summary>
    public int PurchaseCount { get; init; }

    /// <summary>Purchase days after the first: the BG/NBD frequency <c>x</c>.</summary>
    public int RepeatDays { get; init; }

    /// <summary>Days from the first purchase day to the last: the BG/NBD recency <c>t_x</c>, in days.</summary>
    public int RecencyDays { get; init; }

    /// <summary>Days from the first purchase day to the as-of date: the BG/NBD age <c>T</c>, in days.</summary>
    public int AgeDays { get; init; }

    /// <summary>Days since the latest purchase day (0 when bought on the as-of date).</summary>
    public int DaysSinceLastPurchase { get; init; }

    /// <summary>The mean amount of the repeat purchase days (first day excluded): the Gamma-Gamma <c>z̄</c>; 0 without repeats.</summary>
    public double AverageRepeatSpend { get; init; }

    /// <summary>Everything spent up to the as-of date.</summary>
    public double TotalSpend { get; init; }

    /// <summary>What was spent in the 365 days up to and including the as-of date.</summary>
    public double TrailingYearSpend { get; init; }

    /// <summary>The mean gap between purchase days, in days; <see langword="null"/> with fewer than two purchase days.</summary>
    public double? UsualIntervalDays => RepeatDays > 0 ? (double)RecencyDays / RepeatDays : null;

    /// <summary>Each line of business bought from (as the caller's index) and its first purchase day, earliest first.</summary>
    public IReadOnlyList<(int Line, DateOnly FirstPurchase)> Lines { get; init; } = [];

    /// <summary>Whether the customer has bought at all.</summary>
    public bool HasPurchased => FirstPurchase is not null;

    /// <summary>How long the customer has been buying, from the first purchase to the as-of date.</summary>
    public Tenure Tenure => FirstPurchase is { } first ? Tenure.Between(first, AsOf) : default;

    /// <summary>Summarises purchases as of a date.</summary>
    /// <param name="purchases">One customer's purchases, in any order; those after <paramref name="asOf"/> are ignored.</param>
    /// <param name="asOf">The day to summarise at, inclusive.</param>
    public static CustomerSummary From(ReadOnlySpan<PurchasePoint> purchases, DateOnly asOf)
    {
        var sorted = IsSortedByDay(purchases) ? purchases : SortByDay(purchases);
        var trailingFrom = asOf.AddDays(-364);
        DateOnly? first = null, last = null;
        int count = 0, repeatDays = 0;
        double total = 0, trailing = 0, repeatSpend = 0;
        List<(int Line, DateOnly First)>? lines = null;
        foreach (var purchase in sorted)
        {
            if (purchase.Day > asOf)
            {
                break;
            }

            count++;
            total += purchase.Amount;
            if (purchase.Day >= trailingFrom)
            {
                trailing += purchase.Amount;
            }

            if (first is null)
            {
                first = purchase.Day;
            }
            else
            {
                if (purchase.Day != last)
                {
                    repeatDays++;
                }

                if (purchase.Day != first)
                {
                    repeatSpend += purchase.Amount;
                }
            }

            last = purchase.Day;
            if (purchase.Line >= 0)
            {
                lines ??= [];
                if (!lines.Exists(l => l.Line == purchase.Line))
                {
                    lines.Add((purchase.Line, purchase.Day));
                }
            }
        }

        if (first is not { } firstDay || last is not { } lastDay)
        {
            return new CustomerSummary { AsOf = asOf };
        }

        return new CustomerSummary
        {
            AsOf = asOf,
            FirstPurchase = firstDay,
            LastPurchase = lastDay,
            PurchaseCount = count,
            RepeatDays = repeatDays,
            RecencyDays = lastDay.DayNumber - firstDay.DayNumber,
            AgeDays = asOf.DayNumber - firstDay.DayNumber,
            DaysSinceLastPurchase = asOf.DayNumber - lastDay.DayNumber,
            AverageRepeatSpend = repeatDays > 0 ? repeatSpend / repeatDays : 0,
            TotalSpend = total,
            TrailingYearSpend = trailing,
            Lines = lines is null ? [] : lines.ToArray(),
        };
    }

    private static bool IsSortedByDay(ReadOnlySpan<PurchasePoint> purchases)
    {
        for (var i = 1; i < purchases.Length; i++)
        {
            if (purchases[i].Day < purchases[i - 1].Day)
            {
                return false;
            }
        }

        return true;
    }

    private static PurchasePoint[] SortByDay(ReadOnlySpan<PurchasePoint> purchases)
    {
        var copy = purchases.ToArray();
        Array.Sort(copy, (x, y) => x.Day.CompareTo(y.Day));
        return copy;
    }
}
