using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

public sealed class GammaGammaModelTests
{
    /// <summary>The estimates printed by Fader &amp; Hardie (2013) for the 946 CDNOW repeat buyers.</summary>
    private static readonly GammaGammaModel Published = new(6.25, 3.74, 15.44);

    private static readonly Lazy<RepeatSpendData> Cdnow = new(() => RepeatSpendData.From(SharedData.CdnowSummaryWithSpend().Select(c => c.Spend)));

    [Fact]
    public void Fit_CdnowRepeatBuyers_GivesThePublishedEstimates()
    {
        var data = Cdnow.Value;
        var fit = GammaGammaModel.Fit(data);

        Assert.True(fit.Success, fit.Error);
        Assert.True(fit.Converged);
        Assert.Equal(2357, data.CustomerCount);
        Assert.Equal(946, fit.CustomerCount);
        Assert.Equal(6.25, Math.Round(fit.Model.P, 2));
        Assert.Equal(3.74, Math.Round(fit.Model.Q, 2));

        // The note prints γ = 15.44; the maximum is at γ = 15.4477 (p = 6.24880, q = 3.74459),
        // which rounds to 15.45, as the lifetimes library also reports. The printed point is not
        // the maximum: an independent mpmath evaluation at 30 digits gives LL = −4055.92471 at
        // (6.25, 3.74, 15.44) against −4055.92324 here, and a gradient below 1e-7 here. So γ is
        // checked against 15.44 to within the last printed digit, and to 15.4477 exactly.
        Assert.Equal(15.44, fit.Model.Gamma, 0.01);
        Assert.Equal(15.4477, Math.Round(fit.Model.Gamma, 4));
        Assert.Equal(-4055.9232435028643, fit.LogLikelihood, 1e-8);
        Assert.True(fit.LogLikelihood > Published.LogLikelihood(data));
    }

    [Theory]
    // All ones; and far off in every parameter, in both directions.
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(0.01, 100.0, 5.0)]
    [InlineData(100.0, 0.05, 1e4)]
    [InlineData(1e-9, 1e9, 1e-9)]
    public void Fit_FromPoorStartingPoints_ReachesTheSameMaximum(double p, double q, double gamma)
    {
        var reference = GammaGammaModel.Fit(Cdnow.Value).Model;
        var fit = GammaGammaModel.Fit(Cdnow.Value, new GammaGammaModel(p, q, gamma));

        Assert.True(fit.Success, fit.Error);
        Assert.True(fit.Converged);
        Assert.Equal(reference.P, fit.Model.P, 1e-7 * reference.P);
        Assert.Equal(reference.Q, fit.Model.Q, 1e-7 * reference.Q);
        Assert.Equal(reference.Gamma, fit.Model.Gamma, 1e-7 * reference.Gamma);
    }

    [Fact]
    public void Fit_InCentsInsteadOfDollars_ScalesGammaAndShiftsTheLogLikelihood()
    {
        var cents = RepeatSpendData.From(SharedData.CdnowSummaryWithSpend().Select(c => new CustomerSpend(c.Spend.Frequency, 100 * c.Spend.MeanSpend)));
        var dollars = GammaGammaModel.Fit(Cdnow.Value);
        var inCents = GammaGammaModel.Fit(cents);

        // Each z̄ density is 100 times smaller in cents: LL − 946 ln 100.
        Assert.Equal(dollars.Model.P, inCents.Model.P, 1e-7 * dollars.Model.P);
        Assert.Equal(dollars.Model.Q, inCents.Model.Q, 1e-7 * dollars.Model.Q);
        Assert.Equal(100 * dollars.Model.Gamma, inCents.Model.Gamma, 1e-7 * inCents.Model.Gamma);
        Assert.Equal(dollars.LogLikelihood - 946 * Math.Log(100), inCents.LogLikelihood, 1e-6);
    }

    [Fact]
    public void Fit_SimulatedRepeatBuyers_RecoversTheParameters()
    {
        var spend = Simulation.GammaGammaSpend(new Random(2013), 100_000, 4, 3, 30, 10);
        var fit = GammaGammaModel.Fit(RepeatSpendData.From(spend));

        Assert.True(fit.Success, fit.Error);
        Assert.Equal(4, fit.Model.P, 0.04 * 4);
        Assert.Equal(3, fit.Model.Q, 0.05 * 3);
        Assert.Equal(30, fit.Model.Gamma, 0.08 * 30);
    }

    [Theory]
    // At the maximum on the CDNOW data, at the default start, and far away in both directions.
    [InlineData(1.8325, 1.3203, -0.8201)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(3.0, -2.0, 2.5)]
    [InlineData(-2.0, 3.0, -3.0)]
    public void Gradient_MatchesCentralDifferences(double logP, double logQ, double logGamma)
    {
        var likelihood = new GammaGammaLikelihood(Cdnow.Value);
        double[] point = [logP, logQ, logGamma];
        var gradient = new double[3];
        likelihood.Evaluate(point, gradient);
        var scratch = new double[3];
        for (var i = 0; i < 3; i++)
        {
            // Five-point stencil: truncation error h⁴ f⁽⁵⁾/30, rounding about 1e-14/h.
            const double h = 1e-4;
            double At(double offset)
            {
                var shifted = (double[])point.Clone();
                shifted[i] += offset;
                return likelihood.Evaluate(shifted, scratch);
            }

            var difference = (At(-2 * h) - 8 * At(-h) + 8 * At(h) - At(2 * h)) / (12 * h);
            Assert.Equal(difference, gradient[i], 1e-8 + 1e-6 * Math.Abs(difference));
        }
    }

    [Fact]
    public void LogLikelihood_OfTheData_IsTheSumOverRepeatBuyers()
    {
        var perCustomer = SharedData.CdnowSummaryWithSpend()
            .Where(c => c.Spend.IsInformative)
            .Sum(c => Published.LogLikelihood(c.Spend));

        // mpmath, 30 digits, at (6.25, 3.74, 15.44): −4055.92471273016598.
        Assert.Equal(-4055.924712730166, perCustomer, 1e-8);
        Assert.Equal(perCustomer, Published.LogLikelihood(Cdnow.Value), 1e-8);
    }

    [Fact]
    public void ExpectedAverageSpend_CustomerOneOfCdnow_MatchesTheFormulaByHand()
    {
        // E[Z | x, z̄] = p(γ + x z̄)/(px + q − 1), published parameters, x = 2, z̄ = 22.35:
        //   6.25 · (15.44 + 2 · 22.35) / (6.25 · 2 + 3.74 − 1) = 6.25 · 60.14 / 15.24 = 375.875 / 15.24 = 24.663714
        // The same as the weighted mean of the population mean pγ/(q−1) = 96.5/2.74 = 35.218978
        // and z̄, with weights (q−1)/(px+q−1) = 2.74/15.24 and px/(px+q−1) = 12.5/15.24:
        //   0.179790 · 35.218978 + 0.820210 · 22.35 = 6.332021 + 18.331693 = 24.663714
        Assert.Equal(375.875 / 15.24, Published.ExpectedAverageSpend(2, 22.35), 1e-12);
        Assert.Equal(2.74 / 15.24 * (96.5 / 2.74) + 12.5 / 15.24 * 22.35, Published.ExpectedAverageSpend(2, 22.35), 1e-12);

        // Without repeat purchases the expectation is the population mean.
        Assert.Equal(96.5 / 2.74, Published.ExpectedAverageSpend(0, 0), 1e-12);
        Assert.Equal(96.5 / 2.74, Published.MeanSpend, 1e-12);
    }

    [Fact]
    public void ExpectedAverageSpend_WithQAtMostOne_IsInfiniteForNewCustomersOnly()
    {
        // q ≤ 1: E[1/ν] does not exist a priori; after x purchases the posterior shape is px + q > 1.
        var model = new GammaGammaModel(2, 0.8, 10);
        Assert.False(model.HasFiniteMeanSpend);
        Assert.Equal(double.PositiveInfinity, model.MeanSpend);
        Assert.Equal(double.PositiveInfinity, model.ExpectedAverageSpend(0, 0));
        Assert.Equal(2 * (10 + 3 * 20.0) / (2 * 3 + 0.8 - 1), model.ExpectedAverageSpend(3, 20));

        // With a tiny p even a repeat buyer can have px + q ≤ 1.
        Assert.Equal(double.PositiveInfinity, new GammaGammaModel(0.05, 0.5, 10).ExpectedAverageSpend(2, 20));
    }

    [Fact]
    public void Data_LeavesOutCustomersWithoutRepeatSpend_AndCountsThem()
    {
        var data = RepeatSpendData.From([new CustomerSpend(0, 0), new CustomerSpend(2, 0), new CustomerSpend(1, 5), new CustomerSpend(1, 5), new CustomerSpend(3, 7.5)]);

        Assert.Equal(5, data.CustomerCount);
        Assert.Equal(3, data.RepeatBuyerCount);
        Assert.Equal(1, data.ZeroSpendRepeatBuyerCount);
        Assert.Equal([new GroupedSpend(new CustomerSpend(1, 5), 2), new GroupedSpend(new CustomerSpend(3, 7.5), 1)], data.Groups);
    }

    [Fact]
    public void Data_GroupsEqualSpendInValueOrder_WhateverTheInputOrder()
    {
        var random = new Random(5);
        var spend = Enumerable.Range(0, 50_000)
            .Select(_ => new CustomerSpend(random.Next(1, 8), random.Next(1, 3000) / 100.0))
            .ToList();
        var expected = spend
            .GroupBy(s => s)
            .Select(g => new GroupedSpend(g.Key, g.Count()))
            .OrderBy(g => g.Spend.Frequency).ThenBy(g => g.Spend.MeanSpend)
            .ToList();

        Assert.Equal(expected, RepeatSpendData.From(spend).Groups);
        Assert.Equal(expected, RepeatSpendData.From(Enumerable.Reverse(spend)).Groups);

        // Counted groups merge: each group once more with one customer adds one to its count.
        var merged = RepeatSpendData.FromGroups(expected.Concat(expected.Select(g => new GroupedSpend(g.Spend, 1))));
        Assert.Equal(expected.Select(g => new GroupedSpend(g.Spend, g.Customers + 1)), merged.Groups);
    }

    [Theory]
    // Negative count, negative or undefined spend, and a mean repeat spend without repeat purchases.
    [InlineData(-1, 0.0)]
    [InlineData(1, -3.0)]
    [InlineData(1, double.NaN)]
    [InlineData(0, 12.0)]
    public void Spend_ThatBreaksTheRules_CannotExist(int frequency, double meanSpend)
    {
        Assert.NotNull(CustomerSpend.Problem(frequency, meanSpend));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerSpend(frequency, meanSpend));
    }

    public static TheoryData<string, CustomerSpend[], string> OddData => new()
    {
        { "no customers", [], "There are no customers" },
        { "nobody repeats", [new(0, 0), new(0, 0)], "None of the 2 customers" },
        { "repeat purchases all free", [new(0, 0), new(2, 0)], "None of the 2 customers" },
        { "one repeat buyer", [new(2, 10), new(0, 0)], "only one repeat buyer" },
        { "every repeat buyer the same", Enumerable.Repeat(new CustomerSpend(2, 10), 20).ToArray(), "All 20 repeat buyers have the same spending" },
        { "same mean spend, different counts", [new(1, 10), new(2, 10), new(3, 10), new(5, 10)], "has no maximum" },
        { "two repeat buyers", [new(1, 10), new(1, 20)], "has no maximum" },
    };

    [Theory]
    [MemberData(nameof(OddData))]
    public void Fit_OddData_FailsWithAClearReason(string why, CustomerSpend[] spend, string reason)
    {
        var fit = GammaGammaModel.Fit(RepeatSpendData.From(spend));

        Assert.False(fit.Success, why);
        Assert.Contains(reason, fit.Error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => fit.LogLikelihood);
    }

    [Fact]
    public void Fit_ManySmallRandomDataSets_NeverGivesNaNOrABadParameter()
    {
        var random = new Random(43);
        for (var trial = 0; trial < 400; trial++)
        {
            var spend = Enumerable.Range(0, random.Next(1, 60))
                .Select(_ => random.Next(0, 4) == 0 ? new CustomerSpend(0, 0) : new CustomerSpend(random.Next(1, 6), Math.Round(random.NextDouble() * 100, 2)))
                .ToList();
            var fit = GammaGammaModel.Fit(RepeatSpendData.From(spend));
            if (!fit.Success)
            {
                Assert.False(string.IsNullOrWhiteSpace(fit.Error));
                continue;
            }

            var m = fit.Model;
            Assert.All(new[] { m.P, m.Q, m.Gamma, fit.LogLikelihood }, v => Assert.True(double.IsFinite(v)));
            Assert.All(new[] { m.P, m.Q, m.Gamma }, v => Assert.True(v > 0));
        }
    }
}
