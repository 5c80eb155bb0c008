using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

public sealed class RepeatPurchaseDataTests
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    [Theory]
    // A negative count of purchases.
    [InlineData(-1, 0.0, 1.0)]
    // The last repeat purchase cannot be after the end of the calibration period.
    [InlineData(2, 5.0, 4.0)]
    // Time runs forward from the first purchase.
    [InlineData(1, -0.5, 3.0)]
    // Without repeat purchases there is no time of the last one.
    [InlineData(0, 1.0, 3.0)]
    // Infinite and undefined times.
    [InlineData(1, 1.0, double.PositiveInfinity)]
    [InlineData(1, double.NaN, 3.0)]
    public void History_ThatBreaksTheRules_CannotExist(int frequency, double recency, double age)
    {
        Assert.NotNull(CustomerHistory.Problem(frequency, recency, age));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerHistory(frequency, recency, age));
    }

    [Theory]
    // A customer whose only purchase fell on the calibration end.
    [InlineData(0, 0.0, 0.0)]
    // Bought again on the last day of the period: tₓ = T is allowed (bounds inclusive).
    [InlineData(3, 10.0, 10.0)]
    public void History_OnTheBounds_IsValid(int frequency, double recency, double age)
    {
        Assert.Null(CustomerHistory.Problem(frequency, recency, age));
        Assert.Equal(frequency, new CustomerHistory(frequency, recency, age).Frequency);
    }

    [Fact]
    public void From_GroupsEqualHistoriesAndCountsThem()
    {
        var data = RepeatPurchaseData.From(
        [
            new CustomerHistory(1, 2, 5),
            new CustomerHistory(0, 0, 5),
            new CustomerHistory(1, 2, 5),
            new CustomerHistory(0, -0.0, 5),
            new CustomerHistory(1, 2, 6),
        ]);

        Assert.Equal(5, data.CustomerCount);
        Assert.Equal(3, data.RepeatBuyerCount);
        Assert.Equal(
            [(new CustomerHistory(0, 0, 5), 2), (new CustomerHistory(1, 2, 5), 2), (new CustomerHistory(1, 2, 6), 1)],
            data.Groups.Select(g => (g.History, g.Customers)));
    }

    [Fact]
    public void From_OrderOfInput_DoesNotChangeTheGroups()
    {
        var histories = SharedData.CdnowSummary();
        var random = new Random(7);
        var shuffled = histories.OrderBy(_ => random.Next()).ToList();
        Assert.Equal(RepeatPurchaseData.From(histories).Groups, RepeatPurchaseData.From(shuffled).Groups);
    }

    [Fact]
    public void From_HugeFrequency_TakesTheComparisonPathAndGroupsAlike()
    {
        // x ≥ 2²⁴ does not fit the packed radix key: the comparison sort must give the same kind of result.
        var data = RepeatPurchaseData.From(
        [
            new CustomerHistory(20_000_000, 3, 9),
            new CustomerHistory(1, 0.5, 2),
            new CustomerHistory(20_000_000, 3, 9),
            new CustomerHistory(0, 0, 9),
            new CustomerHistory(1, 0.25, 2),
        ]);

        Assert.Equal(
            [(new CustomerHistory(0, 0, 9), 1), (new CustomerHistory(1, 0.25, 2), 1), (new CustomerHistory(1, 0.5, 2), 1), (new CustomerHistory(20_000_000, 3, 9), 2)],
            data.Groups.Select(g => (g.History, g.Customers)));
    }

    [Fact]
    public void From_ManyCustomers_GroupsInValueOrderWithCorrectCounts()
    {
        // 100,000 random day-level histories against a plain dictionary count and sort.
        var random = new Random(3);
        var histories = Enumerable.Range(0, 100_000).Select(_ =>
        {
            var age = random.Next(0, 400);
            var x = random.Next(0, 4) == 0 ? 0 : random.Next(1, 30);
            return x == 0 ? new CustomerHistory(0, 0, age / 7.0) : new CustomerHistory(x, random.Next(0, age + 1) / 7.0, age / 7.0);
        }).ToList();

        var expected = histories
            .GroupBy(h => h)
            .Select(g => (g.Key, g.Count()))
            .OrderBy(g => g.Key.Frequency).ThenBy(g => g.Key.Age).ThenBy(g => g.Key.Recency)
            .ToList();
        Assert.Equal(expected, RepeatPurchaseData.From(histories).Groups.Select(g => (g.History, g.Customers)));
    }

    [Fact]
    public void FromGroups_MergesEqualHistories()
    {
        var history = new CustomerHistory(2, 3, 4);
        var data = RepeatPurchaseData.FromGroups([new GroupedHistory(history, 3), new GroupedHistory(history, 4)]);
        Assert.Equal([new GroupedHistory(history, 7)], data.Groups);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupedHistory(history, 0));
    }

    [Fact]
    public void HistoriesFromPurchaseDays_CountsDaysNotPurchases_AndStopsAtTheCalibrationEnd()
    {
        var end = new DateOnly(2024, 1, 29);
        var histories = RepeatPurchaseData.HistoriesFromPurchaseDays(
        [
            ("ann", new DateOnly(2024, 1, 1)),
            ("ann", new DateOnly(2024, 1, 15)),
            ("ann", new DateOnly(2024, 1, 15)),
            ("bob", new DateOnly(2024, 1, 22)),
            ("ann", new DateOnly(2024, 1, 8)),
            ("ann", new DateOnly(2024, 1, 30)),
            ("cat", new DateOnly(2024, 2, 1)),
            ("dan", end),
        ],
            end,
            HistoryTimeUnit.Weeks);

        // ann: first 1 Jan, repeat days 8 and 15 Jan (15 Jan twice counts once; 30 Jan is after the end).
        Assert.Equal(new CustomerHistory(2, 2, 4), histories["ann"]);

        // bob: one purchase a week before the end; dan: one purchase on the end day, inclusive.
        Assert.Equal(new CustomerHistory(0, 0, 1), histories["bob"]);
        Assert.Equal(new CustomerHistory(0, 0, 0), histories["dan"]);

        // cat first bought after the end: not yet a customer.
        Assert.False(histories.ContainsKey("cat"));
        Assert.Equal(["ann", "bob", "dan"], histories.Keys);

        var inDays = RepeatPurchaseData.HistoriesFromPurchaseDays([("ann", new DateOnly(2024, 1, 1)), ("ann", new DateOnly(2024, 1, 4))], end, HistoryTimeUnit.Days);
        Assert.Equal(new CustomerHistory(1, 3, 28), inDays["ann"]);
    }

    [Fact]
    public void HistoriesFromPurchaseDays_OfTheCdnowSample_MatchThePublishedSummary()
    {
        // The summary file is FHL 2005's calibration data (weeks, end 1997-09-30), rounded to
        // two decimals; README: "all 2,357 rows match to 0.01".
        var histories = RepeatPurchaseData.HistoriesFromPurchaseDays(
            SharedData.CdnowSamplePurchases().Select(p => (p.Customer, p.Day)),
            CalibrationEnd,
            HistoryTimeUnit.Weeks);
        var summary = SharedData.CdnowSummary();

        Assert.Equal(summary.Count, histories.Count);
        for (var id = 1; id <= summary.Count; id++)
        {
            var expected = summary[id - 1];
            var actual = histories[id];
            Assert.Equal(expected.Frequency, actual.Frequency);
            Assert.Equal(expected.Recency, actual.Recency, 0.0051);
            Assert.Equal(expected.Age, actual.Age, 0.0051);
        }
    }
}
