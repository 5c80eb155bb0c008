using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>
/// The BG/NBD ("beta-geometric/negative binomial distribution") model of repeat purchasing:
/// how often customers buy while they are active, and how likely they are to have stopped.
/// </summary>
/// <remarks>
/// <para>
/// Fader, Hardie &amp; Lee (2005), "'Counting Your Customers' the Easy Way: An Alternative to
/// the Pareto/NBD Model", <i>Marketing Science</i> 24(2):275-284 (FHL 2005). While active, a
/// customer buys as a Poisson process with rate λ; after each purchase they drop out with
/// probability p. Across customers λ ~ Gamma(shape r, rate α) and p ~ Beta(a, b).
/// </para>
/// <para>
/// α is in the time unit of the <see cref="CustomerHistory"/> values the model was fitted on
/// (its reciprocal is a rate per unit), and so are every time given to the model and every
/// forecast horizon. r, a and b have no unit. All four are positive and finite.
/// </para>
/// </remarks>
/// <param name="R">r: the shape of the gamma distribution of purchase rates.</param>
/// <param name="Alpha">α: the rate (inverse scale) of the gamma distribution of purchase rates, in the time unit.</param>
/// <param name="A">a: the first shape of the beta distribution of drop-out probabilities.</param>
/// <param name="B">b: the second shape of the beta distribution of drop-out probabilities.</param>
public sealed record BgNbdModel(double R, double Alpha, double A, double B)
{
    /// <summary>The most BFGS iterations <see cref="Fit"/> makes unless told otherwise.</summary>
    public const int DefaultMaxIterations = 200;

    /// <summary>
    /// The half-width of the band around a = 1 in which expected purchases are interpolated: the
    /// formulas divide by a − 1 (the limit at a = 1 is finite), and this width balances the
    /// rounding error (about 1e-16/h) against the interpolation error (about h²).
    /// </summary>
    private const double NearOne = 1e-5;

    /// <summary>r: the shape of the gamma distribution of purchase rates.</summary>
    public double R { get; } = Positive(R, nameof(R));

    /// <summary>α: the rate of the gamma distribution of purchase rates, in the time unit (the mean rate is r/α per unit).</summary>
    public double Alpha { get; } = Positive(Alpha, nameof(Alpha));

    /// <summary>a: the first shape of the beta distribution of drop-out probabilities (the mean is a/(a+b)).</summary>
    public double A { get; } = Positive(A, nameof(A));

    /// <summary>b: the second shape of the beta distribution of drop-out probabilities.</summary>
    public double B { get; } = Positive(B, nameof(B));

    /// <summary>Fits the model to customer histories by maximum likelihood.</summary>
    /// <remarks>
    /// <para>
    /// Maximises the log-likelihood of FHL 2005 over ln r, ln α, ln a, ln b with BFGS and
    /// a strong-Wolfe line search, using the analytic gradient; times are rescaled by the mean
    /// age so that the fit does not depend on the time unit. Equal histories are computed once
    /// (see <see cref="RepeatPurchaseData"/>). The default start is r = a = b = 1 and α = the mean
    /// age. A <paramref name="start"/> changes the path, not the answer; should the search from it
    /// drift off to the edge of the parameter space, it is run again from the default start.
    /// With more than 65,536 distinct histories of repeat buyers, a warm start on a systematic sample of about
    /// 16,000 of them comes first, so that the full data take a few iterations only; the answer
    /// is the maximum on all of them either way.
    /// </para>
    /// <para>
    /// The fit fails, with a sentence that says why, when there are no customers, when nobody
    /// made a repeat purchase, when every customer has the same history, and when the likelihood
    /// has no maximum inside the parameter space (it keeps rising as a parameter goes to 0 or to
    /// infinity: typical of very few customers or of histories that barely differ). A fit that
    /// runs out of iterations near a maximum is returned with <see cref="ModelFit{TModel}.Converged"/> false.
    /// </para>
    /// </remarks>
    /// <param name="data">The customers' histories, all in one time unit.</param>
    /// <param name="start">Where to start; <see langword="null"/> for the default.</param>
    /// <param name="maxIterations">The most BFGS iterations of one run; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is below 1.</exception>
    public static ModelFit<BgNbdModel> Fit(RepeatPurchaseData data, BgNbdModel? start = null, int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var customers = data.CustomerCount;
        if (customers == 0)
        {
            return ModelFit<BgNbdModel>.ForError("There are no customers to fit the BG/NBD model to.", 0, 0);
        }

        if (data.RepeatBuyerCount == 0)
        {
            return ModelFit<BgNbdModel>.ForError(
                $"None of the {Count(customers)} customers made a repeat purchase, so the BG/NBD model cannot estimate purchase rates or drop-out.",
                customers,
                0);
        }

        if (data.Groups.Count == 1)
        {
            var only = data.Groups[0].History;
            var who = customers == 1 ? "There is only one customer" : $"All {Count(customers)} customers have the same history";
            return ModelFit<BgNbdModel>.ForError(
                $"{who} (x = {Count(only.Frequency)}, tₓ = {Number(only.Recency)}, T = {Number(only.Age)}); one history cannot determine the four parameters of the BG/NBD model.",
                customers,
                0);
        }

        var likelihood = new BgNbdLikelihood(data);
        var startPoint = start is null ? null : likelihood.ToLogParameters(start);
        var minimum = MaximumLikelihood.Fit(likelihood.Evaluate, likelihood.Sample() is { } sample ? sample.Evaluate : null, startPoint, BgNbdLikelihood.Names, maxIterations);
        if (minimum.Escape is not null)
        {
            return ModelFit<BgNbdModel>.ForError(
                $"The BG/NBD likelihood of these {Count(customers)} customers has no maximum: {minimum.Escape} (stopped after {Count(minimum.Iterations)} iterations). This happens with very few customers or with histories that barely differ.",
                customers,
                minimum.Iterations);
        }

        var logLikelihood = -minimum.Value * customers + likelihood.LogLikelihoodShift;
        return ModelFit<BgNbdModel>.ForModel(likelihood.ToModel(minimum.Point), logLikelihood, customers, minimum.Iterations, minimum.Converged);
    }

    /// <summary>The log-likelihood of all the customers in <paramref name="data"/> (the sum of <see cref="LogLikelihood(CustomerHistory)"/>).</summary>
    /// <param name="data">Histories in the model's time unit.</param>
    public double LogLikelihood(RepeatPurchaseData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.CustomerCount == 0)
        {
            return 0;
        }

        var likelihood = new BgNbdLikelihood(data);
        return likelihood.LogLikelihood(likelihood.ToLogParameters(this));
    }

    /// <summary>The log-likelihood of one customer's history (FHL 2005).</summary>
    /// <remarks>
    /// Regrouped so that nothing cancels when parameters are large: lnΓ(z+x) − lnΓ(z) is computed
    /// as one quantity, and r ln α − r ln(α+T) as −r ln(1 + T/α).
    /// </remarks>
    /// <param name="history">The history, in the model's time unit.</param>
    public double LogLikelihood(CustomerHistory history)
    {
        var x = history.Frequency;
        var common = SpecialFunctions.LogGammaRatio(R, x) + SpecialFunctions.LogGammaRatio(B, x) - SpecialFunctions.LogGammaRatio(A + B, x);
        var b3 = -R * SpecialFunctions.LogOnePlus(history.Age / Alpha) - x * Math.Log(Alpha + history.Age);
        if (x == 0)
        {
            return common + b3;
        }

        var b4 = Math.Log(A) - Math.Log(B + x - 1) - R * SpecialFunctions.LogOnePlus(history.Recency / Alpha) - x * Math.Log(Alpha + history.Recency);
        var larger = Math.Max(b3, b4);
        return common + larger + Math.Log(1 + Math.Exp(Math.Min(b3, b4) - larger));
    }

    /// <summary>The probability that a customer with this history is still active at the end of the calibration period.</summary>
    /// <remarks>
    /// P(alive | x, tₓ, T) = 1 / (1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) (FHL 2005 eq. A.4;
    /// Fader &amp; Hardie note 018). It is 1 for a customer without repeat purchases: in the
    /// BG/NBD model customers can only drop out right after a purchase.
    /// </remarks>
    /// <param name="history">The history, in the model's time unit.</param>
    public double ProbabilityAlive(CustomerHistory history) => 1 / (1 + Math.Exp(LogOddsDropped(R, Alpha, A, B, history)));

    /// <summary>The probability that a customer is still active at the end of the calibration period.</summary>
    /// <param name="frequency">x: the number of repeat purchases.</param>
    /// <param name="recency">tₓ: the time of the last repeat purchase since the first purchase.</param>
    /// <param name="age">T: the time from the first purchase to the end of the calibration period.</param>
    /// <exception cref="ArgumentOutOfRangeException">The values are not a history (see <see cref="CustomerHistory"/>).</exception>
    public double ProbabilityAlive(int frequency, double recency, double age) => ProbabilityAlive(new CustomerHistory(frequency, recency, age));

    /// <summary>The expected number of purchases in the next <paramref name="horizon"/> time units of a customer with this history.</summary>
    /// <remarks>
    /// <para>
    /// E[Y(t) | x, tₓ, T] (FHL 2005 eq. 10) =
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive | x, tₓ, T).
    /// </para>
    /// <para>
    /// ₂F₁ is summed as its Gauss series (all terms positive, argument in [0, 1), stopped by a
    /// rigorous bound on the tail), so the cost grows like 1/(1 − z) with z = t/(α+T+t): a few
    /// hundred terms for a horizon a few times α+T. A horizon beyond about a million times α+T
    /// is refused. When a+b+x−1 ≤ 0.5 (only possible for x = 0) a Gauss contiguous relation moves
    /// the third parameter up by one first, so the series stays positive. Near a = 1, where the
    /// formula is 0/0 with a finite limit, the value is interpolated between a = 1 ± 1e-5.
    /// </para>
    /// </remarks>
    /// <param name="horizon">t: how far ahead, in the model's time unit; finite and not negative.</param>
    /// <param name="history">The history, in the model's time unit.</param>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is negative, not finite, or absurdly long.</exception>
    public double ExpectedPurchases(double horizon, CustomerHistory history)
    {
        CheckHorizon(horizon);
        if (Math.Abs(A - 1) >= NearOne)
        {
            return ExpectedPurchases(R, Alpha, A, B, horizon, history);
        }

        var below = ExpectedPurchases(R, Alpha, 1 - NearOne, B, horizon, history);
        var above = ExpectedPurchases(R, Alpha, 1 + NearOne, B, horizon, history);
        return below + (A - (1 - NearOne)) / (2 * NearOne) * (above - below);
    }

    /// <summary>The expected number of purchases in the next <paramref name="horizon"/> time units of a customer (FHL 2005 eq. 10).</summary>
    /// <param name="horizon">t: how far ahead, in the model's time unit; finite and not negative.</param>
    /// <param name="frequency">x: the number of repeat purchases.</param>
    /// <param name="recency">tₓ: the time of the last repeat purchase since the first purchase.</param>
    /// <param name="age">T: the time from the first purchase to the end of the calibration period.</param>
    /// <exception cref="ArgumentOutOfRangeException">The horizon or the history is not valid.</exception>
    public double ExpectedPurchases(double horizon, int frequency, double recency, double age) =>
        ExpectedPurchases(horizon, new CustomerHistory(frequency, recency, age));

    /// <summary>
    /// The expected number of repeat purchases of a new customer in the first
    /// <paramref name="horizon"/> time units after their first purchase (FHL 2005 eq. 7).
    /// </summary>
    /// <remarks>
    /// E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]; this equals
    /// <see cref="ExpectedPurchases(double, CustomerHistory)"/> for the history (0, 0, 0).
    /// </remarks>
    /// <param name="horizon">t, in the model's time unit; finite and not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is negative, not finite, or absurdly long.</exception>
    public double ExpectedRepeatPurchases(double horizon) => ExpectedPurchases(horizon, default(CustomerHistory));

    /// <summary>ln of a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x), or −∞ for x = 0.</summary>
    private static double LogOddsDropped(double r, double alpha, double a, double b, CustomerHistory history)
    {
        var x = history.Frequency;
        return x == 0
            ? double.NegativeInfinity
            : Math.Log(a) - Math.Log(b + x - 1) + (r + x) * (Math.Log(alpha + history.Age) - Math.Log(alpha + history.Recency));
    }

    private static double ExpectedPurchases(double r, double alpha, double a, double b, double t, CustomerHistory history)
    {
        if (t == 0)
        {
            return 0;
        }

        var x = history.Frequency;
        var rx = r + x;
        var bx = b + x;
        var c = a + b + x - 1;
        var ageAlpha = alpha + history.Age;
        var z = t / (ageAlpha + t);
        var logOneMinusZ = -SpecialFunctions.LogOnePlus(t / ageAlpha);
        double growth;
        if (c > 0.5)
        {
            // c · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; c; z)], the bracket computed as −expm1 so that a short horizon keeps its digits.
            growth = -c * SpecialFunctions.ExpMinusOne(rx * logOneMinusZ + SpecialFunctions.LogHypergeometric2F1(rx, bx, c, z));
        }
        else
        {
            // Gauss's contiguous relation with d = c + 1 > 0:
            // c (1−z)^A F(A,B;c;z) = (1−z)^(A−1) {[c − (2d−A−B−1) z] F(A,B;d;z) + (d−A)(d−B) z F(A,B;d+1;z) / d}.
            var d = c + 1;
            var first = (c - (2 * d - rx - bx - 1) * z) * Math.Exp((rx - 1) * logOneMinusZ + SpecialFunctions.LogHypergeometric2F1(rx, bx, d, z));
            var second = (d - rx) * (d - bx) * z / d * Math.Exp((rx - 1) * logOneMinusZ + SpecialFunctions.LogHypergeometric2F1(rx, bx, d + 1, z));
            growth = c - first - second;
        }

        var alive = 1 / (1 + Math.Exp(LogOddsDropped(r, alpha, a, b, history)));
        return growth / (a - 1) * alive;
    }

    private static void CheckHorizon(double horizon)
    {
        if (!(horizon >= 0) || double.IsPositiveInfinity(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a finite time, not negative.");
        }
    }

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"The BG/NBD parameter {name} must be positive and finite.");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
