namespace Rapport.Core.Analytics;

/// <summary>
/// The Gamma-Gamma log-likelihood of grouped repeat buyers and its gradient: the objective that
/// <see cref="GammaGammaModel.Fit"/> minimises.
/// </summary>
/// <remarks>
/// <para>
/// For one repeat buyer (Fader &amp; Hardie 2013, in logarithms):
/// LL = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
/// </para>
/// <para>
/// ∂LL/∂p = x [ψ(px+q) − ψ(px) + ln z̄ + ln x − ln(γ + x z̄)];
/// ∂LL/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ + x z̄);
/// ∂LL/∂γ = q/γ − (px+q)/(γ + x z̄).
/// The objective is −LL/N over φ = ln(p, q, γ′), so its gradient is −θ ∂LL/∂θ / N.
/// </para>
/// <para>
/// The lnΓ and ψ terms depend on x alone and are computed once per distinct x; what is left per
/// distinct (x, z̄) is one log and one division. Spends are divided by <see cref="Scale"/> (the
/// mean z̄) so that the fit does not depend on the currency unit: with γ′ = γ/s and z̄′ = z̄/s,
/// LL = LL′ − ln s per customer.
/// </para>
/// </remarks>
internal sealed class GammaGammaLikelihood
{
    private readonly int[] _frequencies;
    private readonly double[] _frequencyCustomers;
    private readonly int[] _rowFrequency;
    private readonly double[] _rowCustomers;
    private readonly double[] _rowTotal;
    private readonly double[] _rowLogMean;

    internal GammaGammaLikelihood(RepeatSpendData data)
    {
        var groups = data.Groups;
        CustomerCount = data.RepeatBuyerCount;
        var spendSum = 0.0;
        foreach (var group in groups)
        {
            spendSum += group.Customers * group.Spend.MeanSpend;
        }

        Scale = spendSum > 0 ? spendSum / CustomerCount : 1;
        LogLikelihoodShift = -CustomerCount * Math.Log(Scale);

        var rows = groups.Count;
        _rowFrequency = new int[rows];
        _rowCustomers = new double[rows];
        _rowTotal = new double[rows];
        _rowLogMean = new double[rows];
        var frequencies = new List<int>();
        var frequencyCustomers = new List<double>();
        for (var i = 0; i < rows; i++)
        {
            var spend = groups[i].Spend;

            // Groups come sorted by x, so equal frequencies are adjacent.
            if (frequencies.Count == 0 || frequencies[^1] != spend.Frequency)
            {
                frequencies.Add(spend.Frequency);
                frequencyCustomers.Add(0);
            }

            frequencyCustomers[^1] += groups[i].Customers;
            _rowFrequency[i] = frequencies.Count - 1;
            _rowCustomers[i] = groups[i].Customers;
            var mean = spend.MeanSpend / Scale;
            _rowTotal[i] = spend.Frequency * mean;
            _rowLogMean[i] = Math.Log(mean);
        }

        _frequencies = [.. frequencies];
        _frequencyCustomers = [.. frequencyCustomers];
    }

    /// <summary>The number of repeat buyers N.</summary>
    internal long CustomerCount { get; }

    /// <summary>The spend scale s: the mean z̄.</summary>
    internal double Scale { get; }

    /// <summary>−N ln s: what turns the log-likelihood in scaled spend into the one in the caller's currency.</summary>
    internal double LogLikelihoodShift { get; }

    /// <summary>The parameter names, in the order of the log-parameter vector.</summary>
    internal static string[] Names { get; } = ["p", "q", "γ"];

    /// <summary>The log-parameter vector (in scaled spend) of a model.</summary>
    internal double[] ToLogParameters(GammaGammaModel model) =>
        [Math.Log(model.P), Math.Log(model.Q), Math.Log(model.Gamma / Scale)];

    /// <summary>The model (in the caller's currency) at a log-parameter vector.</summary>
    internal GammaGammaModel ToModel(ReadOnlySpan<double> logParameters) =>
        new(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]) * Scale);

    /// <summary>The log-likelihood, in the caller's currency, at a log-parameter vector.</summary>
    internal double LogLikelihood(ReadOnlySpan<double> logParameters)
    {
        Span<double> gradient = stackalloc double[3];
        return -Evaluate(logParameters, gradient) * CustomerCount + LogLikelihoodShift;
    }

    /// <summary>−LL/N in scaled spend at φ = ln(p, q, γ′), and its gradient with respect to φ.</summary>
    internal double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        var p = Math.Exp(logParameters[0]);
        var q = Math.Exp(logParameters[1]);
        var gamma = Math.Exp(logParameters[2]);
        var logGamma = logParameters[2];
        var logGammaQ = SpecialFunctions.LogGamma(q);
        var digammaQ = SpecialFunctions.Digamma(q);
        double ll = 0, dp = 0, dq = 0, dGamma = 0;
        for (var k = 0; k < _frequencies.Length; k++)
        {
            var x = _frequencies[k];
            var w = _frequencyCustomers[k];
            var px = p * x;
            var logX = Math.Log(x);
            var digammaPXQ = SpecialFunctions.Digamma(px + q);
            ll += w * (SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - logGammaQ + q * logGamma + px * logX);
            dp += w * x * (digammaPXQ - SpecialFunctions.Digamma(px) + logX);
            dq += w * (digammaPXQ - digammaQ + logGamma);
            dGamma += w * q / gamma;
        }

        for (var i = 0; i < _rowCustomers.Length; i++)
        {
            var n = _rowCustomers[i];
            var x = _frequencies[_rowFrequency[i]];
            var px = p * x;
            var denominator = gamma + _rowTotal[i];
            var logDenominator = Math.Log(denominator);
            ll += n * ((px - 1) * _rowLogMean[i] - (px + q) * logDenominator);
            dp += n * x * (_rowLogMean[i] - logDenominator);
            dq -= n * logDenominator;
            dGamma -= n * (px + q) / denominator;
        }

        var scale = -1.0 / CustomerCount;
        gradient[0] = scale * p * dp;
        gradient[1] = scale * q * dq;
        gradient[2] = scale * gamma * dGamma;
        return scale * ll;
    }
}
