using System.Runtime.CompilerServices;

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
/// Computed as written it cancels large numbers when p, q or γ are large (lnΓ(q) and q ln γ
/// are 10⁸ at q = 10⁷; the ln z̄ and ln(γ + x z̄) terms are px times 16 when p is 10⁷), exactly
/// where the fit must tell a true maximum from a slide to the edge of the parameter space. So
/// it is regrouped, with B the beta function and v = x z̄/γ:
/// LL = −ln B(px, q) − ln z̄ − q ln(1 + v) − px ln(1 + 1/v),
/// each part computed without cancellation (see <see cref="SpecialFunctions.LogBeta"/>); of
/// ln(1 + v) and ln(1 + 1/v) the one whose argument is below 1 is computed directly and the
/// other from it by adding ±ln v, so both keep their digits.
/// </para>
/// <para>
/// With D(z, y) = ψ(z+y) − ψ(z):
/// ∂LL/∂p = x [D(px, q) − ln(1 + 1/v)];
/// ∂LL/∂q = D(q, px) − ln(1 + v);
/// γ ∂LL/∂γ = (q v − px)/(1 + v).
/// The objective is −LL/N over φ = ln(p, q, γ′), so its gradient is −θ ∂LL/∂θ / N.
/// </para>
/// <para>
/// The beta and ψ terms depend on x alone and are computed once per distinct x; what is left per
/// distinct (x, z̄) is one log and two divisions. Rows are summed in fixed blocks of
/// <see cref="BlockRows"/>, in parallel when there are several, and the block sums are added
/// in block order, so the result does not depend on the number of processors. Spends are
/// divided by <see cref="Scale"/> (the mean z̄) so that the fit does not depend on the currency
/// unit: with γ′ = γ/s and z̄′ = z̄/s, LL = LL′ − ln s per customer.
/// </para>
/// </remarks>
internal sealed class GammaGammaLikelihood
{
    /// <summary>Rows per block of the parallel sum; fixed, so that sums do not depend on the machine.</summary>
    internal const int BlockRows = 16_384;

    /// <summary>About how many rows <see cref="Sample"/> keeps.</summary>
    internal const int SampleRows = 16_384;

    /// <summary>The number of sums a block produces: LL, the derivatives by p and q, and γ times the derivative by γ.</summary>
    private const int Sums = 4;

    private readonly int[] _frequencies;
    private readonly double[] _frequencyCustomers;
    private readonly Row[] _rows;

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

        _rows = new Row[groups.Count];
        var frequencies = new List<int>();
        var frequencyCustomers = new List<double>();
        for (var i = 0; i < _rows.Length; i++)
        {
            var spend = groups[i].Spend;

            // Groups come sorted by x, so equal frequencies are adjacent.
            if (frequencies.Count == 0 || frequencies[^1] != spend.Frequency)
            {
                frequencies.Add(spend.Frequency);
                frequencyCustomers.Add(0);
            }

            frequencyCustomers[^1] += groups[i].Customers;
            var mean = spend.MeanSpend / Scale;
            var total = spend.Frequency * mean;
            _rows[i] = new Row(groups[i].Customers, spend.Frequency, total, Math.Log(total), Math.Log(mean));
        }

        _frequencies = [.. frequencies];
        _frequencyCustomers = [.. frequencyCustomers];
    }

    private GammaGammaLikelihood(GammaGammaLikelihood full, int stride)
    {
        CustomerCount = full.CustomerCount;
        Scale = full.Scale;
        LogLikelihoodShift = full.LogLikelihoodShift;
        _frequencies = full._frequencies;
        _frequencyCustomers = full._frequencyCustomers;
        var rows = new List<Row>(full._rows.Length / stride + 1);
        for (var i = stride / 2; i < full._rows.Length; i += stride)
        {
            var row = full._rows[i];
            rows.Add(row with { Customers = row.Customers * stride });
        }

        _rows = [.. rows];
    }

    /// <summary>The number of repeat buyers N.</summary>
    internal long CustomerCount { get; }

    /// <summary>The spend scale s: the mean z̄.</summary>
    internal double Scale { get; }

    /// <summary>−N ln s: what turns the log-likelihood in scaled spend into the one in the caller's currency.</summary>
    internal double LogLikelihoodShift { get; }

    /// <summary>The parameter names, in the order of the log-parameter vector.</summary>
    internal static string[] Names { get; } = ["p", "q", "γ"];

    /// <summary>
    /// A cheap stand-in for a warm start: every k-th row (rows are sorted by x, then time or
    /// spend, so this is a systematic sample across them) weighted by k, about
    /// <see cref="SampleRows"/> rows in all; <see langword="null"/> when the data are small
    /// enough to fit directly.
    /// </summary>
    internal GammaGammaLikelihood? Sample() =>
        _rows.Length > 4 * SampleRows ? new GammaGammaLikelihood(this, _rows.Length / SampleRows) : null;

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
        double ll = 0, dp = 0, dq = 0, gammaDGamma = 0;
        for (var k = 0; k < _frequencies.Length; k++)
        {
            var x = _frequencies[k];
            var w = _frequencyCustomers[k];
            var px = p * x;
            ll -= w * SpecialFunctions.LogBeta(px, q);
            dp += w * x * SpecialFunctions.DigammaDifference(px, q);
            dq += w * SpecialFunctions.DigammaDifference(q, px);
        }

        var blocks = (_rows.Length + BlockRows - 1) / BlockRows;
        var sums = new double[blocks * Sums];
        var parameters = new Parameters(p, q, gamma, logParameters[2]);
        if (blocks == 1)
        {
            SumBlock(0, parameters, sums);
        }
        else
        {
            Parallel.For(0, blocks, block => SumBlock(block, parameters, sums));
        }

        for (var block = 0; block < blocks; block++)
        {
            ll += sums[block * Sums];
            dp += sums[block * Sums + 1];
            dq += sums[block * Sums + 2];
            gammaDGamma += sums[block * Sums + 3];
        }

        var scale = -1.0 / CustomerCount;
        gradient[0] = scale * p * dp;
        gradient[1] = scale * q * dq;
        gradient[2] = scale * gammaDGamma;
        return scale * ll;
    }

    // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SumBlock(int block, Parameters parameters, double[] sums)
    {
        var (p, q, gamma, logGamma) = parameters;
        var inverseGamma = 1 / gamma;
        double ll = 0, dp = 0, dq = 0, dGammaScaled = 0;
        var end = Math.Min(_rows.Length, (block + 1) * BlockRows);
        for (var i = block * BlockRows; i < end; i++)
        {
            var row = _rows[i];
            var px = p * row.X;
            var v = row.Total * inverseGamma;
            double logOnePlusV, logOnePlusInverse;
            if (v <= 1)
            {
                logOnePlusV = SpecialFunctions.LogOnePlus(v);
                logOnePlusInverse = logOnePlusV - (row.LogTotal - logGamma);
            }
            else
            {
                logOnePlusInverse = SpecialFunctions.LogOnePlus(1 / v);
                logOnePlusV = row.LogTotal - logGamma + logOnePlusInverse;
            }

            var n = row.Customers;
            ll -= n * (row.LogMean + q * logOnePlusV + px * logOnePlusInverse);
            dp -= n * row.X * logOnePlusInverse;
            dq -= n * logOnePlusV;
            dGammaScaled += n * (q * v - px) / (1 + v);
        }

        var at = block * Sums;
        sums[at] = ll;
        sums[at + 1] = dp;
        sums[at + 2] = dq;
        sums[at + 3] = dGammaScaled;
    }

    /// <summary>A row: how many customers, x, x z̄′, ln(x z̄′) and ln z̄′.</summary>
    private readonly record struct Row(double Customers, double X, double Total, double LogTotal, double LogMean);

    private readonly record struct Parameters(double P, double Q, double Gamma, double LogGamma);
}
