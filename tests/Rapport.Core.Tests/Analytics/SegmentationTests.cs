using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

public sealed class SegmentationTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    [Fact]
    public void Summary_CountsPurchaseDaysAndRepeatSpend()
    {
        var summary = CustomerSummary.From(
        [
            P(-100, 50), P(-100, 20), P(-40, 30, line: 1), P(-10, 10, line: 0), P(+5, 999),
        ], AsOf);

        Assert.Equal(4, summary.PurchaseCount);
        // Three purchase days (-100, -40, -10): two repeats.
        Assert.Equal(2, summary.RepeatDays);
        Assert.Equal(90, summary.RecencyDays);
        Assert.Equal(100, summary.AgeDays);
        Assert.Equal(10, summary.DaysSinceLastPurchase);
        // Repeat days spent 30 and 10; the first day is left out, as in the Gamma-Gamma model.
        Assert.Equal(20, summary.AverageRepeatSpend);
        Assert.Equal(110, summary.TotalSpend);
        Assert.Equal(45, summary.UsualIntervalDays);
        Assert.Equal([(1, AsOf.AddDays(-40)), (0, AsOf.AddDays(-10))], summary.Lines);
    }

    [Fact]
    public void Summary_TrailingYear_IncludesTheAsOfDayAndThe364Before()
    {
        var summary = CustomerSummary.From([P(-365, 1), P(-364, 10), P(0, 100)], AsOf);
        Assert.Equal(110, summary.TrailingYearSpend);
    }

    [Fact]
    public void Summary_InAnyOrder_IsTheSame()
    {
        static object Key(CustomerSummary s) => (s.FirstPurchase, s.LastPurchase, s.RepeatDays, s.RecencyDays, s.AverageRepeatSpend, s.TotalSpend);
        Assert.Equal(
            Key(CustomerSummary.From([P(-10, 1), P(-50, 2), P(-30, 3)], AsOf)),
            Key(CustomerSummary.From([P(-50, 2), P(-30, 3), P(-10, 1)], AsOf)));
    }

    [Theory]
    [InlineData("2021-11-23", "2026-11-23", 5, 0, "5 years")]
    [InlineData("2025-08-24", "2026-11-23", 1, 2, "1 year and 2 months")]
    [InlineData("2026-10-31", "2026-11-30", 0, 1, "1 month")]
    [InlineData("2026-11-01", "2026-11-23", 0, 0, "less than a month")]
    public void Tenure_IsWholeYearsAndMonths(string from, string to, int years, int months, string text)
    {
        var tenure = Tenure.Between(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((years, months, text), (tenure.Years, tenure.Months, tenure.ToString()));
    }

    [Fact]
    public void Tiers_FollowTheEightyTwentyRule()
    {
        // Ten buyers spending 10, 20, … 100 last year, and a prospect.
        var summaries = Enumerable.Range(1, 10).Select(i => CustomerSummary.From([P(-10, i * 10)], AsOf)).Append(CustomerSummary.From([], AsOf)).ToList();
        var tiers = Segmentation.Tiers(summaries, AnalyticsPolicy.Default);

        Assert.Equal(
            [ValueTier.Fringe, ValueTier.Fringe, ValueTier.Fringe, ValueTier.Fringe, ValueTier.Fringe, ValueTier.Core, ValueTier.Core, ValueTier.Core, ValueTier.Key, ValueTier.Key, ValueTier.Fringe],
            tiers);
    }

    [Fact]
    public void Tiers_NoSpendLastYear_IsFringeEvenAtTheTop()
    {
        var summaries = new[] { CustomerSummary.From([P(-800, 1000)], AsOf), CustomerSummary.From([P(-10, 5)], AsOf) };
        Assert.Equal([ValueTier.Fringe, ValueTier.Key], Segmentation.Tiers(summaries, AnalyticsPolicy.Default));
    }

    [Fact]
    public void Pareto_IsTheTopFifthsShare()
    {
        // Five buyers: the top one (of ⌈5/5⌉ = 1) brings 80 of 100.
        var summaries = new[] { 80.0, 5, 5, 5, 5 }.Select(v => CustomerSummary.From([P(-10, v)], AsOf)).ToList();
        var pareto = Segmentation.Pareto(summaries);
        Assert.Equal(0.8, pareto.TopFifthShareOfLifetime, 10);
        Assert.Equal(0.8, pareto.TopFifthShareOfTrailingYear, 10);
    }

    [Fact]
    public void Rfm_SplitsBuyersIntoFifths_AndTiesShareAScore()
    {
        var summaries = Enumerable.Range(1, 10).Select(i => CustomerSummary.From([P(-i * 10, i)], AsOf)).Append(CustomerSummary.From([], AsOf)).ToList();
        var rfm = Segmentation.Rfm(summaries);

        // The most recent buyer (10 days ago) is in the top fifth of recency; the biggest spender (10) in the top fifth of money.
        Assert.Equal(5, rfm[0].Recency);
        Assert.Equal(1, rfm[9].Recency);
        Assert.Equal(1, rfm[0].Monetary);
        Assert.Equal(5, rfm[9].Monetary);
        // Everyone bought on one day: all tie on frequency.
        Assert.All(rfm.Take(10), r => Assert.Equal(1, r.Frequency));
        Assert.Equal(default, rfm[10]);
    }

    [Theory]
    // Never bought.
    [InlineData(new int[0], LifecycleStage.Prospect)]
    // First purchase 10 days ago.
    [InlineData(new[] { -10 }, LifecycleStage.New)]
    // Buys every 30 days, last 20 days ago, for a year and a half.
    [InlineData(new[] { -560, -530, -500, -470, -440, -410, -380, -350, -320, -290, -260, -230, -200, -170, -140, -110, -80, -50, -20 }, LifecycleStage.Active)]
    // Buys every 30 days, but not for 90: overdue by twice the rhythm and past the 60-day floor.
    [InlineData(new[] { -300, -270, -240, -210, -180, -150, -120, -90 }, LifecycleStage.Lapsing)]
    // Silent for 200 days after buying monthly: past four intervals and the 180-day floor.
    [InlineData(new[] { -320, -290, -260, -230, -200 }, LifecycleStage.Lost)]
    // Bought once, 200 days ago.
    [InlineData(new[] { -200 }, LifecycleStage.Lapsing)]
    // Bought once, 400 days ago.
    [InlineData(new[] { -400 }, LifecycleStage.Lost)]
    // Four years of yearly purchases, the last 100 days ago.
    [InlineData(new[] { -1560, -1195, -830, -465, -100 }, LifecycleStage.LongTime)]
    public void Stage_FollowsTheCustomersOwnRhythm(int[] days, LifecycleStage expected)
    {
        var summary = CustomerSummary.From(days.Select(d => P(d, 10)).ToArray(), AsOf);
        Assert.Equal(expected, Segmentation.Stage(summary, AnalyticsPolicy.Default));
    }

    [Fact]
    public void Stage_FirstPurchaseInANewLine_IsNewToLine()
    {
        var summary = CustomerSummary.From([P(-2000, 10, line: 0), P(-400, 10, line: 0), P(-5, 10, line: 1)], AsOf);
        Assert.Equal(LifecycleStage.NewToLine, Segmentation.Stage(summary, AnalyticsPolicy.Default));
    }

    [Fact]
    public void Warning_OverdueCustomer_SaysWhyInWords()
    {
        var summary = CustomerSummary.From([P(-266, 10), P(-225, 10), P(-184, 10), P(-143, 10)], AsOf);
        var warning = Segmentation.Warning(summary, LifecycleStage.Lapsing, 0.32, AnalyticsPolicy.Default);
        Assert.Equal("no purchase for 143 days; usually buys every 41 days; the chance they are still buying is down to 32%", warning?.Reason);
    }

    [Fact]
    public void Warning_NotForTheLostOrTheNew()
    {
        var summary = CustomerSummary.From([P(-700, 10), P(-600, 10)], AsOf);
        Assert.Null(Segmentation.Warning(summary, LifecycleStage.Lost, 0.01, AnalyticsPolicy.Default));
        Assert.Null(Segmentation.Warning(CustomerSummary.From([P(-3, 1)], AsOf), LifecycleStage.New, null, AnalyticsPolicy.Default));
    }

    [Fact]
    public void Policy_OutOfRange_IsNamed()
    {
        Assert.Null(AnalyticsPolicy.Default.Problem());
        Assert.Contains("key share", (AnalyticsPolicy.Default with { KeyShare = 0.8, CoreShare = 0.3 }).Problem(), StringComparison.Ordinal);
    }

    private static PurchasePoint P(int days, double amount, int line = -1) => new(AsOf.AddDays(days), amount, line);
}
