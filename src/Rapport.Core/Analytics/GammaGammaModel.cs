using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>The Gamma-Gamma model of the value of customers' purchases.</summary>
/// <remarks>
/// <para>
/// Fader &amp; Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
/// (brucehardie.com/notes/025), after Colombo &amp; Jiang (1999). The value of each of a
/// customer's purchases is Gamma(shape p, rate ν); across customers ν ~ Gamma(shape q, rate γ).
/// The model assumes that what customers spend per purchase does not depend on how often they
/// buy.
/// </para>
/// <para>
/// γ is in the currency of the spend data it was fitted on; p and q have no unit. All three are
/// positive and finite. The mean value per purchase across customers, pγ/(q−1), exists only
/// when q &gt; 1 (<see cref="HasFiniteMeanSpend"/>).
/// </para>
/// </remarks>
/// <param name="P">p: the shape of the gamma distribution of one purchase's value.</param>
/// <param name="Q">q: the shape of the gamma distribution of ν across customers.</param>
/// <param name="Gamma">γ: the rate of the gamma distribution of ν across customers, in currency units.</param>
public sealed record GammaGammaModel(double P, double Q, double Gamma)
{
    /// <summary>The most BFGS iterations <see cref="Fit"/> makes unless told otherwise.</summary>
    public const int DefaultMaxIterations = 200;

    /// <summary>p: the shape of the gamma distribution of one purchase's value.</summary>
    public double P { get; } = Positive(P, nameof(P));

    /// <summary>q: the shape of the gamma distribution of ν across customers.</summary>
    public double Q { get; } = Positive(Q, nameof(Q));

    /// <summary>γ: the rate of the gamma distribution of ν across customers, in currency units.</summary>
    public double Gamma { get; } = Positive(Gamma, nameof(Gamma));

    /// <summary>Whether the mean value of a purchase across customers is finite (q &gt; 1).</summary>
    public bool HasFiniteMeanSpend => Q > 1;

    /// <summary>The mean value of a purchase across customers, pγ/(q−1); +∞ when q ≤ 1.</summary>
    public double MeanSpend => HasFiniteMeanSpend ? P * Gamma / (Q - 1) : double.PositiveInfinity;

    /// <summary>Fits the model to repeat buyers' spending by maximum likelihood.</summary>
    /// <remarks>
    /// <para>
    /// Maximises the log-likelihood of Fader &amp; Hardie (2013) over ln p, ln q, ln γ with BFGS and
    /// a strong-Wolfe line search, using the analytic gradient; spend is rescaled by its mean so
    /// that the fit does not depend on the currency unit. Only repeat buyers with a positive mean
    /// spend take part (see <see cref="RepeatSpendData"/>). The default start is p = q = 1 and
    /// γ = the mean spend. A <paramref name="start"/> changes the path, not the answer; should the
    /// search from it drift off to the edge of the parameter space, it is run again from the
    /// default start.
    /// With more than 65,536 distinct (x, z̄) pairs, a warm start on a systematic sample of about
    /// 16,000 of them comes first, so that the full data take a few iterations only; the answer
    /// is the maximum on all of them either way.
    /// </para>
    /// <para>
    /// The fit fails, with a sentence that says why, when there is no repeat buyer, when every
    /// repeat buyer has the same (x, z̄), and when the likelihood has no maximum inside the
    /// parameter space (for example when spend varies less between customers than the model
    /// needs: q and γ then grow without bound together).
    /// </para>
    /// </remarks>
    /// <param name="data">The customers' repeat spending, in one currency.</param>
    /// <param name="start">Where to start; <see langword="null"/> for the default.</param>
    /// <param name="maxIterations">The most BFGS iterations of one run; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is below 1.</exception>
    public static ModelFit<GammaGammaModel> Fit(RepeatSpendData data, GammaGammaModel? start = null, int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var customers = data.RepeatBuyerCount;
        if (customers == 0)
        {
            var why = data.CustomerCount == 0
                ? "There are no customers"
                : $"None of the {Count(data.CustomerCount)} customers made a repeat purchase with a positive value";
            return ModelFit<GammaGammaModel>.ForError($"{why}, so the Gamma-Gamma spend model has nothing to learn from.", 0, 0);
        }

        if (data.Groups.Count == 1)
        {
            var only = data.Groups[0].Spend;
            var who = customers == 1 ? "There is only one repeat buyer" : $"All {Count(customers)} repeat buyers have the same spending";
            return ModelFit<GammaGammaModel>.ForError(
                $"{who} (x = {Count(only.Frequency)}, z̄ = {only.MeanSpend.ToString("G6", CultureInfo.InvariantCulture)}); that cannot determine the three parameters of the Gamma-Gamma model.",
                customers,
                0);
        }

        var likelihood = new GammaGammaLikelihood(data);
        var startPoint = start is null ? null : likelihood.ToLogParameters(start);
        var minimum = MaximumLikelihood.Fit(likelihood.Evaluate, likelihood.Sample() is { } sample ? sample.Evaluate : null, startPoint, GammaGammaLikelihood.Names, maxIterations);
        if (minimum.Escape is not null)
        {
            return ModelFit<GammaGammaModel>.ForError(
                $"The Gamma-Gamma likelihood of these {Count(customers)} repeat buyers has no maximum: {minimum.Escape} (stopped after {Count(minimum.Iterations)} iterations). This happens with very few repeat buyers or with spending that barely differs between them.",
                customers,
                minimum.Iterations);
        }

        var logLikelihood = -minimum.Value * customers + likelihood.LogLikelihoodShift;
        return ModelFit<GammaGammaModel>.ForModel(likelihood.ToModel(minimum.Point), logLikelihood, customers, minimum.Iterations, minimum.Converged);
    }

    /// <summary>The log-likelihood of the repeat buyers in <paramref name="data"/> (the sum of <see cref="LogLikelihood(CustomerSpend)"/>).</summary>
    /// <param name="data">Spending in the model's currency.</param>
    public double LogLikelihood(RepeatSpendData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RepeatBuyerCount == 0)
        {
            return 0;
        }

        var likelihood = new GammaGammaLikelihood(data);
        return likelihood.LogLikelihood(likelihood.ToLogParameters(this));
    }

    /// <summary>The log-likelihood of one repeat buyer's mean spend (Fader &amp; Hardie 2013).</summary>
    /// <remarks>
    /// Regrouped so that nothing cancels when parameters are large: lnΓ(px+q) − lnΓ(px) − lnΓ(q)
    /// as −ln B(px, q), q ln γ − q ln(γ + x z̄) as −q ln(1 + v), and
    /// (px−1) ln z̄ + px ln x − px ln(γ + x z̄) as −ln z̄ − px ln(1 + 1/v), with v = x z̄/γ.
    /// </remarks>
    /// <param name="spend">A repeat buyer's spending, with x ≥ 1 and z̄ &gt; 0, in the model's currency.</param>
    /// <exception cref="ArgumentException">The customer has no repeat purchase or a zero mean spend.</exception>
    public double LogLikelihood(CustomerSpend spend)
    {
        if (!spend.IsInformative)
        {
            throw new ArgumentException("The Gamma-Gamma likelihood is defined for repeat buyers with a positive mean spend only.", nameof(spend));
        }

        var x = spend.Frequency;
        var px = P * x;
        var v = x * spend.MeanSpend / Gamma;
        var logV = Math.Log(x) + Math.Log(spend.MeanSpend) - Math.Log(Gamma);
        var logOnePlusV = v <= 1 ? SpecialFunctions.LogOnePlus(v) : logV + SpecialFunctions.LogOnePlus(1 / v);
        var logOnePlusInverse = v <= 1 ? logOnePlusV - logV : SpecialFunctions.LogOnePlus(1 / v);
        return -SpecialFunctions.LogBeta(px, Q) - Math.Log(spend.MeanSpend) - Q * logOnePlusV - px * logOnePlusInverse;
    }

    /// <summary>The expected value of this customer's future purchases, one by one: E[Z | x, z̄].</summary>
    /// <remarks>
    /// E[Z | x, z̄] = p(γ + x z̄) / (px + q − 1) (Fader &amp; Hardie 2013): a weighted mean
    /// of the population mean pγ/(q−1) and the customer's own z̄, the weight of z̄ growing with x.
    /// It is finite when px + q &gt; 1; otherwise (in particular for x = 0 when q ≤ 1, see
    /// <see cref="HasFiniteMeanSpend"/>) the expectation does not exist and the result is
    /// <see cref="double.PositiveInfinity"/>.
    /// </remarks>
    /// <param name="spend">The customer's spending, in the model's currency; x = 0 gives the population mean.</param>
    public double ExpectedAverageSpend(CustomerSpend spend)
    {
        var shape = P * spend.Frequency + Q - 1;
        return shape > 0 ? P * (Gamma + spend.Frequency * spend.MeanSpend) / shape : double.PositiveInfinity;
    }

    /// <summary>The expected value of a customer's future purchases, one by one: E[Z | x, z̄].</summary>
    /// <param name="frequency">x: the number of repeat purchases.</param>
    /// <param name="meanSpend">z̄: their mean value; 0 when x = 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The values are not a spend summary (see <see cref="CustomerSpend"/>).</exception>
    public double ExpectedAverageSpend(int frequency, double meanSpend) => ExpectedAverageSpend(new CustomerSpend(frequency, meanSpend));

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"The Gamma-Gamma parameter {name} must be positive and finite.");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
