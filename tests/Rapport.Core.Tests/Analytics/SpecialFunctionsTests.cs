using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

public sealed class SpecialFunctionsTests
{
    private const double EulerGamma = 0.57721566490153286061;

    [Theory]
    // Exact: Γ(1/2) = √π.
    [InlineData(0.5, 0.57236494292470008707)]
    // Exact: Γ(1) = Γ(2) = 1, Γ(3) = 2, Γ(10) = 9! = 362880.
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(3.0, 0.69314718055994530942)]
    [InlineData(10.0, 12.801827480081469611)]
    // Exact: Γ(3/2) = √π/2, Γ(5/2) = 3√π/4.
    [InlineData(1.5, -0.12078223763524522235)]
    [InlineData(2.5, 0.28468287047291915963)]
    // Tiny argument: lnΓ(x) ≈ −ln x − γx (mpmath.loggamma, 30 digits).
    [InlineData(1e-8, 18.420680738180208905)]
    // Either side of the switch from recurrence to Stirling's series at 15 (mpmath, 30 digits).
    [InlineData(14.999, 25.188546870546926425)]
    [InlineData(15.0, 25.1912211827386815)]
    // Values in between and far out (mpmath, 30 digits).
    [InlineData(0.1, 2.2527126517342059599)]
    [InlineData(7.25, 7.0521854507385394449)]
    [InlineData(100.0, 359.13420536957539878)]
    [InlineData(12345.678, 103959.91990554606092)]
    [InlineData(1e10, 220258509288.81058147)]
    public void LogGamma_MatchesKnownValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), Math.Max(1e-13, 1e-15 * Math.Abs(expected)));

    [Theory]
    // ψ(1) = −γ (Euler's constant).
    [InlineData(1.0, -EulerGamma)]
    // ψ(1/2) = −γ − 2 ln 2.
    [InlineData(0.5, -EulerGamma - 1.3862943611198906188)]
    // ψ(2) = 1 − γ; ψ(10) = H₉ − γ = 7129/2520 − γ.
    [InlineData(2.0, 1 - EulerGamma)]
    [InlineData(10.0, 7129.0 / 2520 - EulerGamma)]
    // ψ(1/3) = −γ − π/(2√3) − (3/2) ln 3.
    [InlineData(1.0 / 3, -3.1320337800208063229)]
    // mpmath.digamma, 30 digits: tiny, either side of the switch to the asymptotic series at 12, and far out.
    [InlineData(1e-6, -1000000.5772140199687)]
    [InlineData(0.25, -4.2274535333762654081)]
    [InlineData(3.5, 1.1031566406452431872)]
    [InlineData(11.999, 2.4425747743291192008)]
    [InlineData(12.0, 2.4426616799758120167)]
    [InlineData(1000.0, 6.9072551956488120521)]
    [InlineData(1e9, 20.723265836446411156)]
    // The positive root of ψ (≈ 1.4616): absolute accuracy matters where the value is 0.
    [InlineData(1.4616321449683623, 0.0)]
    public void Digamma_MatchesKnownValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Digamma(x), Math.Max(1e-14, 1e-14 * Math.Abs(expected)));

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.7)]
    [InlineData(4.2)]
    [InlineData(14.9)]
    [InlineData(250.0)]
    public void Digamma_IsTheDerivativeOfLogGamma(double x)
    {
        var h = 1e-5 * x;
        var centralDifference = (SpecialFunctions.LogGamma(x + h) - SpecialFunctions.LogGamma(x - h)) / (2 * h);
        Assert.Equal(SpecialFunctions.Digamma(x), centralDifference, 1e-7 * Math.Max(1, Math.Abs(centralDifference)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void LogGammaAndDigamma_RefuseArgumentsOutsideTheirDomain(double x)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Digamma(x));
    }

    [Theory]
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z, from far from 1 to very close to it. Rounding grows with
    // the number of terms: about 40 million at 1 − z = 1e-6, where the documented accuracy is 1e-10.
    [InlineData(0.5, 1e-14)]
    [InlineData(0.9, 1e-14)]
    [InlineData(0.999, 1e-12)]
    [InlineData(0.999999, 1e-10)]
    public void Hypergeometric_OneOneTwo_IsTheLogarithmSeries(double z, double tolerance)
    {
        var expected = Math.Log(-Math.Log(1 - z) / z);
        Assert.Equal(expected, SpecialFunctions.LogHypergeometric2F1(1, 1, 2, z), tolerance);
    }

    [Theory]
    // ₂F₁(a, b; b; z) = (1 − z)^(−a), the binomial series.
    [InlineData(0.243, 3.0, 0.3)]
    [InlineData(2.5, 0.7, 0.95)]
    [InlineData(40.0, 10.0, 0.99)]
    public void Hypergeometric_WithEqualSecondAndThirdParameters_IsTheBinomialSeries(double a, double b, double z) =>
        Assert.Equal(-a * Math.Log(1 - z), SpecialFunctions.LogHypergeometric2F1(a, b, b, z), 1e-12 * Math.Max(1, -a * Math.Log(1 - z)));

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Hypergeometric_HalfHalfThreeHalves_IsTheArcsine(double w) =>
        // ₂F₁(1/2, 1/2; 3/2; w²) = arcsin(w)/w.
        Assert.Equal(Math.Log(Math.Asin(w) / w), SpecialFunctions.LogHypergeometric2F1(0.5, 0.5, 1.5, w * w), 1e-13);

    [Fact]
    public void Hypergeometric_WithHugeTerms_StaysFinite()
    {
        // The terms near z = 1 with large parameters pass 1e300 before they fall (the value is
        // about e^715); mpmath.hyp2f1 at 30 digits gives ln ₂F₁ = 714.59583937131309083.
        Assert.Equal(714.59583937131309083, SpecialFunctions.LogHypergeometric2F1(102.243, 104.426, 103.219, 0.999), 1e-9);
    }

    [Fact]
    public void Hypergeometric_MatchesMpmath()
    {
        // The case of FHL 2005's customer (x = 2, T = 38.86, t = 39, paper's parameters):
        // mpmath.hyp2f1(2.243, 4.426, 4.219, 39/82.274) = 4.5753158976436900739.
        Assert.Equal(4.5753158976436900739, Math.Exp(SpecialFunctions.LogHypergeometric2F1(2.243, 4.426, 4.219, 39 / 82.274)), 1e-13);

        // Slow convergence, tiny terms: mpmath.hyp2f1(0.3, 0.2, 5, 0.99999) = 1.0141611398122152585.
        Assert.Equal(1.0141611398122152585, Math.Exp(SpecialFunctions.LogHypergeometric2F1(0.3, 0.2, 5, 0.99999)), 1e-13);
        Assert.Equal(0.0, SpecialFunctions.LogHypergeometric2F1(3, 4, 5, 0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Hypergeometric_RefusesArgumentsOutsideTheUnitInterval(double z) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogHypergeometric2F1(1, 1, 2, z));

    [Theory]
    [InlineData(1e-20)]
    [InlineData(-3e-12)]
    [InlineData(1e-5)]
    [InlineData(0.3)]
    [InlineData(-0.7)]
    public void ExpMinusOneAndLogOnePlus_KeepTheirDigitsNearZero(double x)
    {
        // Taylor series to well past double precision for |x| ≤ 1e-5; Math for larger x.
        var expMinusOne = Math.Abs(x) <= 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
        var logOnePlus = Math.Abs(x) <= 1e-5 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
        Assert.Equal(expMinusOne, SpecialFunctions.ExpMinusOne(x), 1e-15 * Math.Abs(expMinusOne));
        Assert.Equal(logOnePlus, SpecialFunctions.LogOnePlus(x), 1e-15 * Math.Abs(logOnePlus));
    }

    [Theory]
    // mpmath, 30 digits: lnΓ(z+q) − lnΓ(z) and ψ(z+q) − ψ(z). Small z (the recurrence), both
    // sides of 15, and z = 10⁷ where subtracting two lnΓ values would leave eight digits.
    [InlineData(0.243, 2.0, -1.1971660231130145345, 4.9197315667325500167)]
    [InlineData(2.426, 7.0, 11.292997446294764318, 1.5232822779111459494)]
    [InlineData(3.219, 1.0, 1.1690707523166711109, 0.31065548306927617272)]
    [InlineData(12.5, 3.74, 9.8246149850206328058, 0.27117765508687616649)]
    [InlineData(15.0, 0.5, 1.3456933083769321239, 0.033888580929571730849)]
    [InlineData(1e-5, 40.0, 95.118877331022639522, 100004.25352684286692)]
    [InlineData(1e7, 3.0, 48.354287252874934364, 2.99999970000005e-7)]
    [InlineData(200.0, 1e6, 12817409.757488055439, 8.5198947548469254594)]
    public void LogGammaRatioAndDigammaDifference_MatchMpmath(double z, double q, double logRatio, double digammaDifference)
    {
        Assert.Equal(logRatio, SpecialFunctions.LogGammaRatio(z, q), 2e-15 * Math.Max(1, Math.Abs(logRatio)));
        Assert.Equal(digammaDifference, SpecialFunctions.DigammaDifference(z, q), 2e-15 * Math.Abs(digammaDifference));
        Assert.Equal(0.0, SpecialFunctions.LogGammaRatio(z, 0));
        Assert.Equal(0.0, SpecialFunctions.DigammaDifference(z, 0));
    }

    [Theory]
    // mpmath, 30 digits: ln B(u, v), both small, one small, both large, and far apart.
    [InlineData(0.5, 0.7, 0.91860627945968249252)]
    [InlineData(12.5, 3.74, -8.3496094978730575439)]
    [InlineData(20.0, 30.0, -33.968820791977382963)]
    [InlineData(1e7, 3.0, -47.661140072314989055)]
    [InlineData(100.0, 1e7, -1252.6758547246148382)]
    public void LogBeta_MatchesMpmath(double u, double v, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogBeta(u, v), 2e-15 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(SpecialFunctions.LogBeta(u, v), SpecialFunctions.LogBeta(v, u));
    }
}
