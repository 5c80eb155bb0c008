namespace Rapport.Core.Analytics;

/// <summary>
/// The special functions the customer-base models need: lnΓ, the digamma function ψ, the Gauss
/// hypergeometric function ₂F₁ (as its logarithm), and accurate <c>e^x − 1</c> and <c>ln(1 + x)</c>.
/// </summary>
/// <remarks>
/// <para>
/// lnΓ uses the recurrence lnΓ(x) = lnΓ(x + n) − ln(x(x+1)…(x+n−1)) to reach x ≥ 15, then
/// Stirling's series up to the x⁻¹³ term; the first omitted term is below 1e-19 there, so the
/// absolute error is a few units of 1e-15 (the subtraction of two numbers near 28 dominates).
/// </para>
/// <para>
/// ψ uses ψ(x) = ψ(x + n) − Σ 1/(x + k) to reach x ≥ 12, then the asymptotic series up to the
/// x⁻¹⁴ term; the first omitted term is below 2e-18 there.
/// </para>
/// <para>
/// .NET's <c>double.ExpM1</c> and <c>double.LogP1</c> are computed as <c>Exp(x) − 1</c> and
/// <c>Log(1 + x)</c>, which lose every digit near zero, hence the versions here (Kahan's trick).
/// </para>
/// </remarks>
internal static class SpecialFunctions
{
    /// <summary>ln √(2π).</summary>
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    private const double StirlingThreshold = 15;
    private const double DigammaThreshold = 12;

    /// <summary>The relative size of the series tail at which <see cref="LogHypergeometric2F1"/> stops.</summary>
    private const double SeriesTolerance = 1e-17;

    /// <summary>
    /// The most terms <see cref="LogHypergeometric2F1"/> sums. About ln(1e-17)/ln(z) terms are needed,
    /// plus a few times (a + b − c)/(1 − z) while the terms still grow, so this allows
    /// 1 − z down to about 1e-7.
    /// </summary>
    private const long MaxSeriesTerms = 500_000_000;

    /// <summary>When the running sum passes this, sum and term are scaled down (their logarithm kept apart) so that nothing overflows.</summary>
    private const double RescaleAbove = 1e250;

    private static readonly double LogRescale = Math.Log(RescaleAbove);

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not positive, or is NaN.</exception>
    internal static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "lnΓ(x) is defined here for x > 0 only.");
        }

        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }

        var logProduct = 0.0;
        if (x < StirlingThreshold)
        {
            // At most 15 factors, each below 16: the product stays far from overflow, and for a
            // tiny x it is about x·14!, far from underflow unless x itself is subnormal.
            var product = 1.0;
            while (x < StirlingThreshold)
            {
                product *= x;
                x += 1;
            }

            logProduct = Math.Log(product);
        }

        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + StirlingSeries(x) - logProduct;
    }

    /// <summary>ψ(x) = d lnΓ(x) / dx for x &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not positive, or is NaN.</exception>
    internal static double Digamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "ψ(x) is defined here for x > 0 only.");
        }

        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }

        var shift = 0.0;
        while (x < DigammaThreshold)
        {
            shift += 1 / x;
            x += 1;
        }

        return Math.Log(x) - 0.5 / x - DigammaSeries(x) - shift;
    }

    /// <summary>lnΓ(z + q) − lnΓ(z) for z &gt; 0 and q ≥ 0, without the cancellation of subtracting two large lnΓ values.</summary>
    /// <remarks>
    /// For z ≥ 15, Stirling's formula gives (z − ½) ln(1 + q/z) + q ln(z + q) − q plus the
    /// difference of the two Stirling series. Below, the recurrence lnΓ(z+q) − lnΓ(z) =
    /// [lnΓ(z+1+q) − lnΓ(z+1)] − ln(1 + q/z) moves z up until it reaches 15. Every term keeps its relative accuracy, so the result does
    /// too, even for z = 10⁷ and q = 1 where lnΓ(z) alone is 1.5·10⁸.
    /// </remarks>
    internal static double LogGammaRatio(double z, double q)
    {
        if (q == 0)
        {
            return 0;
        }

        var sum = 0.0;
        while (z < StirlingThreshold)
        {
            sum -= LogOnePlus(q / z);
            z += 1;
        }

        return sum + (z - 0.5) * LogOnePlus(q / z) + q * Math.Log(z + q) - q + (StirlingSeries(z + q) - StirlingSeries(z));
    }

    /// <summary>ψ(z + q) − ψ(z) for z &gt; 0 and q ≥ 0, without cancellation.</summary>
    /// <remarks>
    /// For z ≥ 12 the asymptotic series gives ln(1 + q/z) + q/(2z(z + q)) minus the difference of
    /// the series; below, the recurrence adds Σ q/((z + k)(z + q + k)) until z + n ≥ 12.
    /// </remarks>
    internal static double DigammaDifference(double z, double q)
    {
        if (q == 0)
        {
            return 0;
        }

        var sum = 0.0;
        while (z < DigammaThreshold)
        {
            sum += q / (z * (z + q));
            z += 1;
        }

        return sum + LogOnePlus(q / z) + 0.5 * q / (z * (z + q)) - (DigammaSeries(z + q) - DigammaSeries(z));
    }

    /// <summary>ln B(u, v) = lnΓ(u) + lnΓ(v) − lnΓ(u + v) for u, v &gt; 0, without cancellation.</summary>
    /// <remarks>
    /// When both are at least 15, Stirling's formula gives
    /// (u − ½) ln(u/(u+v)) + (v − ½) ln(v/(u+v)) − ½ ln(u+v) + ½ ln 2π plus the series, with each
    /// logarithm of a ratio computed as −ln(1 + ·); otherwise lnΓ(v) − (lnΓ(u + v) − lnΓ(u)) with
    /// v the smaller, by <see cref="LogGammaRatio"/>.
    /// </remarks>
    internal static double LogBeta(double u, double v)
    {
        if (u < v)
        {
            (u, v) = (v, u);
        }

        if (v < StirlingThreshold)
        {
            return LogGamma(v) - LogGammaRatio(u, v);
        }

        var w = u + v;
        return -(u - 0.5) * LogOnePlus(v / u) - (v - 0.5) * LogOnePlus(u / v) - 0.5 * Math.Log(w) + HalfLogTwoPi
            + StirlingSeries(u) + StirlingSeries(v) - StirlingSeries(w);
    }

    /// <summary>
    /// ln ₂F₁(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1, by the Gauss series
    /// Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every term is positive, so there is no cancellation. The ratio of term n+1 to term n is
    /// z·f(n) with f(n) = (a+n)(b+n) / ((c+n)(n+1)); since (c+n)(n+1) ≥ n²,
    /// |f(m) − 1| ≤ |a+b−c−1|/m + |ab−c|/m² for every m ≥ 1. So once ρ = z(1 + |a+b−c−1|/m + |ab−c|/m²)
    /// is below 1, every later ratio is at most ρ, and the tail after the current term is at most
    /// term·ρ/(1 − ρ). The sum stops when that bound is below 1e-17 of the sum: the result is as
    /// accurate as the rounding of the additions allows.
    /// </para>
    /// <para>
    /// Near z = 1 the terms first grow (by up to (1 − z)^(c−a−b)) before they fall: the sum is
    /// kept scaled and its logarithm returned, so nothing overflows. The number of terms grows
    /// like 1/(1 − z): about 4,000 at z = 0.99 and 40,000 at z = 0.999. Rounding in the term
    /// recurrence grows with the number of terms: the relative error is about 1e-15 up to
    /// z = 0.99, 1e-13 at z = 0.999 and 1e-11 at z = 0.999999.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A parameter is not positive, z is outside [0, 1), or z is so close to 1 (1 − z below about
    /// 1e-7) that the series would need more than <see cref="MaxSeriesTerms"/> terms.
    /// </exception>
    internal static double LogHypergeometric2F1(double a, double b, double c, double z)
    {
        if (!(a > 0) || !(b > 0) || !(c > 0) || double.IsInfinity(a) || double.IsInfinity(b) || double.IsInfinity(c))
        {
            throw new ArgumentOutOfRangeException(nameof(a), "₂F₁(a, b; c; z) is summed here for finite a, b, c > 0 only.");
        }

        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "₂F₁(a, b; c; z) is summed here for 0 ≤ z < 1 only.");
        }

        var d = Math.Abs(a + b - c - 1);
        var e = Math.Abs(a * b - c);
        var sum = 1.0;
        var term = 1.0;
        var logScale = 0.0;
        for (long n = 0; n < MaxSeriesTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (sum > RescaleAbove)
            {
                sum /= RescaleAbove;
                term /= RescaleAbove;
                logScale += LogRescale;
            }

            var m = n + 1.0;
            var ratioBound = z * (1 + d / m + e / (m * m));
            if (ratioBound < 1 && term * ratioBound <= SeriesTolerance * sum * (1 - ratioBound))
            {
                return logScale + Math.Log(sum);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(z), z, "z is too close to 1 for the hypergeometric series to be summed.");
    }

    /// <summary>e^x − 1, accurate also for x near 0.</summary>
    internal static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var uMinusOne = u - 1.0;
        if (uMinusOne == -1.0 || double.IsPositiveInfinity(u))
        {
            return uMinusOne;
        }

        return uMinusOne * x / Math.Log(u);
    }

    /// <summary>ln(1 + x) for x &gt; −1, accurate also for x near 0.</summary>
    internal static double LogOnePlus(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>The Stirling series of lnΓ(x) after (x − ½) ln x − x + ½ ln 2π, to the x⁻¹³ term; for x ≥ 15.</summary>
    private static double StirlingSeries(double x)
    {
        var inverse = 1 / x;
        var inverseSquared = inverse * inverse;
        return inverse * (1.0 / 12 + inverseSquared * (-1.0 / 360 + inverseSquared * (1.0 / 1260
            + inverseSquared * (-1.0 / 1680 + inverseSquared * (1.0 / 1188
            + inverseSquared * (-691.0 / 360360 + inverseSquared * (1.0 / 156)))))));
    }

    /// <summary>The asymptotic series of ψ(x) after ln x − 1/(2x), with its sign reversed, to the x⁻¹⁴ term; for x ≥ 12.</summary>
    private static double DigammaSeries(double x)
    {
        var inverse = 1 / x;
        var inverseSquared = inverse * inverse;
        return inverseSquared * (1.0 / 12 + inverseSquared * (-1.0 / 120 + inverseSquared * (1.0 / 252
            + inverseSquared * (-1.0 / 240 + inverseSquared * (1.0 / 132
            + inverseSquared * (-691.0 / 32760 + inverseSquared * (1.0 / 12)))))));
    }
}
