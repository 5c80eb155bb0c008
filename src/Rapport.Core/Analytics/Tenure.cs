namespace Rapport.Core.Analytics;

/// <summary>How long someone has been a customer, in whole years and months, as messages quote it.</summary>
/// <param name="Years">Whole years.</param>
/// <param name="Months">Whole months beyond the years, 0 to 11.</param>
public readonly record struct Tenure(int Years, int Months)
{
    /// <summary>The whole years and months from one day to a later one (a month is counted on the same day of the month).</summary>
    public static Tenure Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return default;
        }

        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (to.Day < from.Day && !(to.Day == DateTime.DaysInMonth(to.Year, to.Month) && from.Day > to.Day))
        {
            months--;
        }

        return new Tenure(months / 12, months % 12);
    }

    /// <summary>The tenure in months.</summary>
    public int TotalMonths => (Years * 12) + Months;

    /// <summary>Plain English: <c>5 years</c>, <c>1 year and 3 months</c>, <c>2 months</c>, <c>less than a month</c>.</summary>
    public override string ToString()
    {
        static string Unit(int n, string one) => n == 1 ? $"1 {one}" : $"{n} {one}s";
        return (Years, Months) switch
        {
            (0, 0) => "less than a month",
            (0, _) => Unit(Months, "month"),
            (_, 0) => Unit(Years, "year"),
            _ => $"{Unit(Years, "year")} and {Unit(Months, "month")}",
        };
    }
}
