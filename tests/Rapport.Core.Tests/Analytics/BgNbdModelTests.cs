using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

public sealed class BgNbdModelTests
{
    /// <summary>The estimates printed in FHL 2005 for the CDNOW calibration data (weeks).</summary>
    private static readonly BgNbdModel Paper = new(0.243, 4.414, 0.793, 2.426);

    private static readonly Lazy<RepeatPurchaseData> Cdnow = new(() => RepeatPurchaseData.From(SharedData.CdnowSummary()));

    [Fact]
    public void Fit_CdnowSummary_GivesThePublishedEstimates()
    {
        var fit = BgNbdModel.Fit(Cdnow.Value);

        Assert.True(fit.Success, fit.Error);
        Assert.True(fit.Converged);
        Assert.Equal(2357, fit.CustomerCount);
        AssertPublished(fit);
    }

    [Fact]
    public void Fit_HistoriesBuiltFromTheRawCdnowSample_GivesThePublishedEstimates()
    {
        // Calibration ends 1997-09-30 inclusive; several purchases on one day count as one; weeks = days / 7.
        var data = RepeatPurchaseData.FromPurchaseDays(
            SharedData.CdnowSamplePurchases().Select(p => (p.Customer, p.Day)),
            new DateOnly(1997, 9, 30),
            HistoryTimeUnit.Weeks);

        var fit = BgNbdModel.Fit(data);

        Assert.True(fit.Success, fit.Error);
        Assert.Equal(2357, data.CustomerCount);
        Assert.Equal(946, data.RepeatBuyerCount);
        AssertPublished(fit);
    }

    [Theory]
    // The brief's poor starts: all ones, and far off in every parameter.
    [InlineData(1.0, 1.0, 1.0, 1.0)]
    [InlineData(0.01, 100.0, 5.0, 0.1)]
    // Every parameter off by a factor of 40 or more, in both directions.
    [InlineData(10.0, 0.01, 0.01, 100.0)]
    [InlineData(0.001, 1e4, 50.0, 0.01)]
    // Beyond the fit's bounds: clamped to them first.
    [InlineData(1e-12, 1e12, 1e-9, 1e9)]
    public void Fit_FromPoorStartingPoints_ReachesTheSameMaximum(double r, double alpha, double a, double b)
    {
        var reference = BgNbdModel.Fit(Cdnow.Value).Model;
        var fit = BgNbdModel.Fit(Cdnow.Value, new BgNbdModel(r, alpha, a, b));

        Assert.True(fit.Success, fit.Error);
        Assert.True(fit.Converged);
        Assert.Equal(reference.R, fit.Model.R, 1e-7 * reference.R);
        Assert.Equal(reference.Alpha, fit.Model.Alpha, 1e-7 * reference.Alpha);
        Assert.Equal(reference.A, fit.Model.A, 1e-7 * reference.A);
        Assert.Equal(reference.B, fit.Model.B, 1e-7 * reference.B);
    }

    [Fact]
    public void Fit_InDaysInsteadOfWeeks_ScalesAlphaAndShiftsTheLogLikelihood()
    {
        var summary = SharedData.CdnowSummary();
        var inDays = RepeatPurchaseData.From(summary.Select(h => new CustomerHistory(h.Frequency, 7 * h.Recency, 7 * h.Age)));
        var weeks = BgNbdModel.Fit(Cdnow.Value);
        var days = BgNbdModel.Fit(inDays);

        // Times seven times larger: α is seven times larger, r, a, b do not change, and the
        // density of each repeat purchase time is 7 times smaller: LL − Σx ln 7 (Σx = 2,457).
        Assert.Equal(weeks.Model.R, days.Model.R, 1e-7 * weeks.Model.R);
        Assert.Equal(7 * weeks.Model.Alpha, days.Model.Alpha, 1e-7 * days.Model.Alpha);
        Assert.Equal(weeks.Model.A, days.Model.A, 1e-7 * weeks.Model.A);
        Assert.Equal(weeks.Model.B, days.Model.B, 1e-7 * weeks.Model.B);
        Assert.Equal(weeks.LogLikelihood - 2457 * Math.Log(7), days.LogLikelihood, 1e-6);
    }

    [Fact]
    public void Fit_ShuffledCustomers_GivesTheSameNumbersToTheLastBit()
    {
        var random = new Random(11);
        var shuffled = RepeatPurchaseData.From(SharedData.CdnowSummary().OrderBy(_ => random.Next()));
        var first = BgNbdModel.Fit(Cdnow.Value);
        var second = BgNbdModel.Fit(shuffled);

        Assert.Equal(first.Model, second.Model);
        Assert.Equal(first.LogLikelihood, second.LogLikelihood);
    }

    [Fact]
    public void Fit_SimulatedCustomers_RecoversTheParameters()
    {
        var truth = new BgNbdModel(0.6, 25, 0.9, 4);
        var histories = Simulation.BgNbdHistories(new Random(2005), 200_000, truth.R, truth.Alpha, truth.A, truth.B, 540);
        var fit = BgNbdModel.Fit(RepeatPurchaseData.From(histories));

        // 200,000 customers: standard errors are a few percent at most (a and b the loosest).
        Assert.True(fit.Success, fit.Error);
        Assert.Equal(truth.R, fit.Model.R, 0.03 * truth.R);
        Assert.Equal(truth.Alpha, fit.Model.Alpha, 0.05 * truth.Alpha);
        Assert.Equal(truth.A, fit.Model.A, 0.08 * truth.A);
        Assert.Equal(truth.B, fit.Model.B, 0.12 * truth.B);
    }

    [Fact]
    public void Fit_LargeData_WarmStartOnASampleEndsAtTheFullDataMaximum()
    {
        // 150,000 customers make far more than 65,536 rows, so the fit warms up on a sample; a
        // cold BFGS run on all rows from the default start must reach the same point.
        var data = RepeatPurchaseData.From(Simulation.BgNbdHistories(new Random(9), 150_000, 0.4, 20, 1.2, 5, 700));
        var likelihood = new BgNbdLikelihood(data);
        Assert.NotNull(likelihood.Sample());

        var fit = BgNbdModel.Fit(data);
        var cold = MaximumLikelihood.Minimize(likelihood.Evaluate, new double[4], BgNbdLikelihood.Names, 200, null, checkEscape: true);
        var coldModel = likelihood.ToModel(cold.Point);

        Assert.True(fit.Success, fit.Error);
        Assert.Equal(coldModel.R, fit.Model.R, 1e-7 * coldModel.R);
        Assert.Equal(coldModel.Alpha, fit.Model.Alpha, 1e-7 * coldModel.Alpha);
        Assert.Equal(coldModel.A, fit.Model.A, 1e-7 * coldModel.A);
        Assert.Equal(coldModel.B, fit.Model.B, 1e-7 * coldModel.B);
    }

    [Theory]
    // At the maximum on the CDNOW data (gradient ≈ 0 there, so the check is on rounding).
    [InlineData(-1.416, -2.0, -0.232, 0.886)]
    // At the default start, r = α′ = a = b = 1.
    [InlineData(0.0, 0.0, 0.0, 0.0)]
    // Far from the maximum in every direction.
    [InlineData(2.0, -3.0, 1.5, -2.5)]
    [InlineData(-4.0, 3.0, -3.0, 4.0)]
    public void Gradient_MatchesCentralDifferences(double logR, double logAlpha, double logA, double logB)
    {
        var likelihood = new BgNbdLikelihood(Cdnow.Value);
        double[] point = [logR, logAlpha, logA, logB];
        var gradient = new double[4];
        likelihood.Evaluate(point, gradient);
        var scratch = new double[4];
        for (var i = 0; i < 4; i++)
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
    public void LogLikelihood_OfTheData_IsTheSumOverCustomers()
    {
        var perCustomer = SharedData.CdnowSummary().Sum(Paper.LogLikelihood);

        // FHL 2005's printed estimates give −9582.43 (mpmath at 25 digits: −9582.42683118…); the
        // maximum is −9582.42556 (below).
        Assert.Equal(perCustomer, Paper.LogLikelihood(Cdnow.Value), 1e-8);
        Assert.Equal(-9582.4268311823647, perCustomer, 1e-8);
    }

    [Fact]
    public void ProbabilityAlive_CustomerOneOfCdnow_MatchesTheFormulaByHand()
    {
        // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)), paper's parameters, x = 2, tₓ = 30.43, T = 38.86:
        //   a/(b+x−1)           = 0.793 / 3.426          = 0.2314653
        //   (α+T)/(α+tₓ)        = 43.274 / 34.844        = 1.2419355
        //   ^(r+x) = ^2.243     = e^(2.243 · 0.2166710)  = e^0.4859931 = 1.6257888
        //   odds of having left = 0.2314653 · 1.6257888  = 0.3763136
        //   P(alive)            = 1 / 1.3763136          = 0.7265786
        Assert.Equal(0.726578570080673, Paper.ProbabilityAlive(2, 30.43, 38.86), 1e-12);

        // A repeat purchase on the last day: (α+T)/(α+tₓ) = 1, odds = a/(b+x−1) = 0.793/3.426.
        Assert.Equal(1 / (1 + 0.793 / 3.426), Paper.ProbabilityAlive(2, 38.86, 38.86), 1e-14);

        // Nobody drops out before a repeat purchase in the BG/NBD model.
        Assert.Equal(1.0, Paper.ProbabilityAlive(0, 0, 38.86));
    }

    [Fact]
    public void ExpectedPurchases_CustomerOneOfCdnow_IsThePapersFigure()
    {
        // FHL 2005 report 1.226 expected transactions in the next 39 weeks for the customer with
        // x = 2, tₓ = 30.43, T = 38.86. By hand from eq. 10 with the paper's parameters:
        //   (a+b+x−1)/(a−1)              = 4.219 / −0.207              = −20.381643
        //   (α+T)/(α+T+t)                = 43.274 / 82.274             = 0.5259742;  ^2.243 = 0.2366591
        //   z = t/(α+T+t)                = 39 / 82.274                 = 0.4740258
        //   ₂F₁(2.243, 4.426; 4.219; z)  = 4.5753159 (mpmath.hyp2f1, 30 digits)
        //   1 − 0.2366591 · 4.5753159    = 1 − 1.0827902               = −0.0827902
        //   −20.381643 · −0.0827902      = 1.6873993
        //   · P(alive) 0.7265786         = 1.2260282
        var expected = Paper.ExpectedPurchases(39, 2, 30.43, 38.86);
        Assert.Equal(1.226, Math.Round(expected, 3));
        Assert.Equal(1.2260281747671444, expected, 1e-12);
    }

    [Fact]
    public void ExpectedRepeatPurchases_IsTheUnconditionalExpectationOfANewCustomer()
    {
        // E[X(t)] (eq. 7) is eq. 10 for the history (0, 0, 0). Paper's parameters, t = 39 and
        // 78 weeks: mpmath gives 1.19672319332081684 and 1.86051905794276854.
        Assert.Equal(1.1967231933208168, Paper.ExpectedRepeatPurchases(39), 1e-12);
        Assert.Equal(1.8605190579427685, Paper.ExpectedRepeatPurchases(78), 1e-12);
        Assert.Equal(Paper.ExpectedRepeatPurchases(39), Paper.ExpectedPurchases(39, default(CustomerHistory)));
        Assert.Equal(0.0, Paper.ExpectedRepeatPurchases(0));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(10.0)]
    [InlineData(300.0)]
    public void ExpectedRepeatPurchases_WithROneAOneBTwo_IsTheClosedForm(double alpha)
    {
        // With r = 1, a = 2, b = 1: (a+b−1)/(a−1) = 2 and ₂F₁(1, 1; 2; z) = −ln(1−z)/z, with
        // z = t/(α+t) and 1 − z = α/(α+t), so
        //   E[X(t)] = 2 [1 − (α/(α+t)) · ln((α+t)/α) · (α+t)/t] = 2 [1 − (α/t) ln(1 + t/α)].
        var model = new BgNbdModel(1, alpha, 2, 1);
        foreach (var t in new[] { 0.01, 1.0, 52.0, 1000.0 })
        {
            var closedForm = 2 * (1 - alpha / t * Math.Log(1 + t / alpha));
            Assert.Equal(closedForm, model.ExpectedRepeatPurchases(t), 1e-12 * Math.Max(1, closedForm));
        }
    }

    [Fact]
    public void ExpectedRepeatPurchases_IsTheMixtureOverPurchaseRatesAndDropOut()
    {
        // Independent of ₂F₁: given p, and λ ~ Gamma(r, α), E[X(t) | p] = (1/p)(1 − (α/(α+pt))^r)
        // (a geometric number of purchases, each made by time t with probability 1 − E e^(−λpt)).
        // Averaging over p ~ Beta(a, b) by Simpson's rule in u = p^a (which removes the p^(a−1)
        // singularity at 0) must give eq. 7.
        const double t = 39;
        const int intervals = 200_000;
        double numerator = 0, denominator = 0;
        for (var i = 0; i <= intervals; i++)
        {
            var u = (double)i / intervals;
            var weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            var p = Math.Pow(u, 1 / Paper.A);
            var betaPart = Math.Pow(1 - p, Paper.B - 1);
            var given = p == 0
                ? Paper.R * t / Paper.Alpha
                : -SpecialFunctions.ExpMinusOne(-Paper.R * SpecialFunctions.LogOnePlus(p * t / Paper.Alpha)) / p;
            numerator += weight * given * betaPart;
            denominator += weight * betaPart;
        }

        Assert.Equal(numerator / denominator, Paper.ExpectedRepeatPurchases(t), 1e-9);
    }

    [Fact]
    public void ExpectedRepeatPurchases_ForAShortHorizon_IsTheMeanRateTimesTheHorizon()
    {
        // Everyone is alive at first, so E[X(t)] ≈ E[λ] t = (r/α) t for small t: checks that the
        // bracket 1 − (…)·₂F₁ keeps its digits when it is tiny.
        const double t = 1e-7;
        Assert.Equal(Paper.R / Paper.Alpha * t, Paper.ExpectedRepeatPurchases(t), 1e-6 * Paper.R / Paper.Alpha * t);
    }

    [Theory]
    // x = 0 and a + b − 1 < 0.5: the third parameter of ₂F₁ is too small for a positive series and a contiguous relation is used.
    // mpmath (r = 0.5, α = 3, a = 0.4, b = 0.3): E[Y(10) | 0, 0, 5] = 0.43852047904331884, E[X(2)] = 0.26702753230724378.
    [InlineData(10.0, 5.0, 0.43852047904331884)]
    [InlineData(2.0, 0.0, 0.26702753230724378)]
    public void ExpectedPurchases_WhenABelowOneMinusB_StillMatchesTheFormula(double t, double age, double expected) =>
        Assert.Equal(expected, new BgNbdModel(0.5, 3, 0.4, 0.3).ExpectedPurchases(t, new CustomerHistory(0, 0, age)), 1e-12);

    [Fact]
    public void ExpectedPurchases_ContiguousRelationAndSeries_AgreeWhereTheyMeet()
    {
        // a + b − 1 = 0.5 is where the two ways meet: both sides must give nearly the same.
        var below = new BgNbdModel(0.7, 6, 0.6, 0.9 - 1e-9).ExpectedPurchases(20, new CustomerHistory(0, 0, 8));
        var above = new BgNbdModel(0.7, 6, 0.6, 0.9 + 1e-9).ExpectedPurchases(20, new CustomerHistory(0, 0, 8));
        Assert.Equal(below, above, 1e-8);
    }

    [Fact]
    public void ExpectedPurchases_AcrossAEqualsOne_IsContinuous()
    {
        // The formula is 0/0 at a = 1 with a finite limit; values at and next to 1 lie on a smooth curve.
        var history = new CustomerHistory(3, 20, 30);
        double At(double a) => new BgNbdModel(0.5, 5, a, 2).ExpectedPurchases(26, history);
        var left = At(0.999);
        var right = At(1.001);
        foreach (var a in new[] { 1 - 1e-6, 1.0, 1 + 1e-9, 1 + 2e-5 })
        {
            var linear = left + (a - 0.999) / 0.002 * (right - left);
            Assert.Equal(linear, At(a), 1e-6);
        }
    }

    [Fact]
    public void ExpectedPurchases_HeavyBuyerFarAhead_StaysFiniteAndGrowsWithTheHorizon()
    {
        // x = 300 and a horizon 200 times α+T: the series' terms pass 1e300 before they fall.
        var model = BgNbdModel.Fit(Cdnow.Value).Model;
        var previous = 0.0;
        foreach (var t in new[] { 1.0, 52.0, 1000.0, 10_000.0 })
        {
            var expected = model.ExpectedPurchases(t, 300, 45, 46);
            Assert.True(double.IsFinite(expected) && expected > previous, $"E[Y({t})] = {expected}");
            previous = expected;
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ExpectedPurchases_BadHorizon_IsRefused(double horizon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Paper.ExpectedPurchases(horizon, 1, 2, 3));

    [Theory]
    [InlineData(0.0, 1.0, 1.0, 1.0)]
    [InlineData(1.0, -1.0, 1.0, 1.0)]
    [InlineData(1.0, 1.0, double.NaN, 1.0)]
    [InlineData(1.0, 1.0, 1.0, double.PositiveInfinity)]
    public void Model_WithAParameterThatIsNotPositiveAndFinite_CannotExist(double r, double alpha, double a, double b) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdModel(r, alpha, a, b));

    public static TheoryData<string, CustomerHistory[], string> OddData => new()
    {
        { "no customers", [], "no customers" },
        { "one customer", [new(2, 3, 10)], "only one customer" },
        { "nobody repeats", [new(0, 0, 10), new(0, 0, 25), new(0, 0, 3)], "None of the 3 customers made a repeat purchase" },
        { "everybody repeats with the same history", Enumerable.Repeat(new CustomerHistory(2, 3, 10), 50).ToArray(), "All 50 customers have the same history" },
        { "x = 0 everywhere, different ages", Enumerable.Range(0, 40).Select(i => new CustomerHistory(0, 0, i)).ToArray(), "None of the 40 customers" },
        { "two customers", [new(2, 3, 10), new(0, 0, 10)], "has no maximum" },
        { "every repeat buyer bought on the last day", [new(2, 10, 10), new(1, 10, 10), new(5, 20, 20), new(3, 20, 20), new(0, 0, 20)], "has no maximum" },
    };

    [Theory]
    [MemberData(nameof(OddData))]
    public void Fit_OddData_FailsWithAClearReason(string why, CustomerHistory[] histories, string reason)
    {
        var fit = BgNbdModel.Fit(RepeatPurchaseData.From(histories));

        Assert.False(fit.Success, why);
        Assert.Contains(reason, fit.Error, StringComparison.Ordinal);
        Assert.False(fit.Converged);
        Assert.Throws<InvalidOperationException>(() => fit.Model);
    }

    [Fact]
    public void Fit_ManySmallRandomDataSets_NeverGivesNaNOrABadParameter()
    {
        // Property over 300 seeded data sets: every other one uniform noise of 1 to 60
        // customers (mostly unfittable), the rest 100 to 600 customers drawn from the model. A
        // fit is either a described failure or finite positive parameters with a finite
        // log-likelihood that the model reproduces.
        var random = new Random(42);
        var fitted = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            List<CustomerHistory> histories;
            if (trial % 2 == 0)
            {
                histories = [];
                var customers = random.Next(1, 61);
                for (var i = 0; i < customers; i++)
                {
                    var age = random.Next(0, 40);
                    var x = random.Next(0, 2) == 0 ? 0 : random.Next(1, 8);
                    histories.Add(x == 0 ? new CustomerHistory(0, 0, age) : new CustomerHistory(x, random.Next(0, age + 1), age));
                }
            }
            else
            {
                histories = Simulation.BgNbdHistories(random, random.Next(100, 601), 0.5, 10, 0.8, 3, 100);
            }

            var fit = BgNbdModel.Fit(RepeatPurchaseData.From(histories));
            if (!fit.Success)
            {
                Assert.False(string.IsNullOrWhiteSpace(fit.Error));
                continue;
            }

            fitted++;
            var m = fit.Model;
            Assert.All(new[] { m.R, m.Alpha, m.A, m.B, fit.LogLikelihood }, v => Assert.True(double.IsFinite(v)));
            Assert.All(new[] { m.R, m.Alpha, m.A, m.B }, v => Assert.True(v > 0));
            Assert.Equal(m.LogLikelihood(RepeatPurchaseData.From(histories)), fit.LogLikelihood, 1e-8 * Math.Abs(fit.LogLikelihood));
        }

        Assert.True(fitted >= 100, $"Only {fitted} of 300 data sets could be fitted.");
    }

    private static void AssertPublished(ModelFit<BgNbdModel> fit)
    {
        // FHL 2005: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        Assert.Equal(0.243, Math.Round(fit.Model.R, 3));
        Assert.Equal(4.414, Math.Round(fit.Model.Alpha, 3));
        Assert.Equal(0.793, Math.Round(fit.Model.A, 3));
        Assert.Equal(2.426, Math.Round(fit.Model.B, 3));
        Assert.Equal(-9582.4, Math.Round(fit.LogLikelihood, 1));
    }
}
