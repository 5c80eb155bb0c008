using System.Runtime.CompilerServices;

namespace Rapport.Core.Analytics;

/// <summary>
/// The BG/NBD log-likelihood of grouped data and its gradient, laid out for speed: the objective
/// that <see cref="BgNbdModel.Fit"/> minimises.
/// </summary>
/// <remarks>
/// <para>
/// For one customer (FHL 2005, written with their A₁ … A₄):
/// LL = A₁ + A₂ + ln(e^A₃ + δ(x&gt;0) e^A₄), where
/// A₁ = lnΓ(r+x) − lnΓ(r) + r ln α,
/// A₂ = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
/// A₃ = −(r+x) ln(α+T),
/// A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ).
/// </para>
/// <para>
/// Computed as written, A₁ + A₃ subtracts r ln(α+T) from r ln α, and A₂ subtracts lnΓ values
/// of size 10⁸ when a and b are 10⁷: the likelihood turns to noise exactly where the fit must
/// tell a true maximum from a slide to the edge of the parameter space. So the terms are
/// regrouped without cancellation: with G(z, x) = lnΓ(z+x) − lnΓ(z) and
/// λ(t) = ln(1 + t/α) (both computed directly, see <see cref="SpecialFunctions.LogGammaRatio"/>),
/// LL = G(r, x) + G(b, x) − G(a+b, x) + ln(e^B₃ + δ(x&gt;0) e^B₄), with
/// B₃ = −r λ(T) − x ln(α+T) = A₁ − G(r, x) + A₃ and
/// B₄ = ln a − ln(b+x−1) − r λ(tₓ) − x ln(α+tₓ) = A₁ − G(r, x) + A₄.
/// </para>
/// <para>
/// With L = ln(e^B₃ + e^B₄) and w₄ = e^(B₄−L) (0 when x = 0), and D(z, x) = ψ(z+x) − ψ(z):
/// ∂LL/∂r = D(r, x) − λ(T) − w₄ (λ(tₓ) − λ(T));
/// ∂LL/∂α = r κ(T) − x/(α+T) + w₄ (r (κ(tₓ) − κ(T)) − x (1/(α+tₓ) − 1/(α+T))), with κ(t) = t/(α(α+t)) = −∂λ/∂α;
/// ∂LL/∂a = −D(a+b, x) + w₄/a;
/// ∂LL/∂b = D(b, x) − D(a+b, x) − w₄/(b+x−1).
/// The objective is −LL/N over φ = ln θ, so its gradient is −θ ∂LL/∂θ / N.
/// </para>
/// <para>
/// Speed: G, D and their kin depend on x alone and are computed once per distinct x; λ, κ,
/// ln(α+t) and 1/(α+t) once per distinct T and tₓ. What is left per distinct history is one
/// exp, one division and a few multiplications (the logs of 1 + e^(−|d|) are summed as the log
/// of a product, see <c>SumBlock</c>), written as
/// L = B₃ + max(0, d) + ln(1 + e^(−|d|)) with d = B₄ − B₃. Repeat buyers' rows are summed in
/// fixed blocks of <see cref="BlockRows"/>, in parallel when there are several, and the block
/// sums are added in block order: the result does not depend on the number of processors.
/// </para>
/// <para>
/// Times are divided by <see cref="Scale"/> (the mean age T) so that the fit does not depend on
/// the time unit: with α′ = α/s, T′ = T/s, tₓ′ = tₓ/s, LL = LL′ − x ln s per customer.
/// </para>
/// </remarks>
internal sealed class BgNbdLikelihood
{
    /// <summary>Rows per block of the parallel sum; fixed, so that sums do not depend on the machine.</summary>
    internal const int BlockRows = 16_384;

    /// <summary>About how many rows <see cref="Sample"/> keeps.</summary>
    internal const int SampleRows = 16_384;

    /// <summary>The number of sums a block produces: LL and the derivatives by r, α, b, and Σ n w₄ (for a).</summary>
    private const int Sums = 5;

    private readonly int[] _frequencies;
    private readonly double[] _frequencyCustomers;
    private readonly RepeatRow[] _repeatRows;
    private readonly double[] _singleAgeCustomers;
    private readonly double[] _ages;
    private readonly double[] _recencies;

    internal BgNbdLikelihood(RepeatPurchaseData data)
    {
        var groups = data.Grouping.Groups;
        CustomerCount = data.CustomerCount;
        var ageSum = 0.0;
        var repeatSum = 0.0;
        foreach (var group in groups)
        {
            ageSum += group.Customers * group.History.Age;
            repeatSum += group.Customers * (double)group.History.Frequency;
        }

        Scale = ageSum > 0 ? ageSum / CustomerCount : 1;
        LogLikelihoodShift = -repeatSum * Math.Log(Scale);

        var grouping = data.Grouping;
        var singleAgeCustomers = new double[grouping.Ages.Length];
        var frequencies = new List<int>();
        var frequencyCustomers = new List<double>();
        var repeatRows = new RepeatRow[groups.Length];
        var repeatCount = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            var history = group.History;

            // Groups come sorted by x, so equal frequencies are adjacent.
            if (frequencies.Count == 0 || frequencies[^1] != history.Frequency)
            {
                frequencies.Add(history.Frequency);
                frequencyCustomers.Add(0);
            }

            frequencyCustomers[^1] += group.Customers;
            if (history.Frequency == 0)
            {
                singleAgeCustomers[grouping.AgeRanks[g]] += group.Customers;
            }
            else
            {
                repeatRows[repeatCount++] = new RepeatRow(group.Customers, frequencies.Count - 1, grouping.AgeRanks[g], grouping.RecencyRanks[g]);
            }
        }

        _frequencies = [.. frequencies];
        _frequencyCustomers = [.. frequencyCustomers];
        _repeatRows = repeatRows[..repeatCount];
        _singleAgeCustomers = singleAgeCustomers;
        _ages = grouping.Ages.Select(value => value / Scale).ToArray();
        _recencies = grouping.Recencies.Select(value => value / Scale).ToArray();
    }

    private BgNbdLikelihood(BgNbdLikelihood full, int stride)
    {
        CustomerCount = full.CustomerCount;
        Scale = full.Scale;
        LogLikelihoodShift = full.LogLikelihoodShift;
        _frequencies = full._frequencies;
        _frequencyCustomers = full._frequencyCustomers;
        _singleAgeCustomers = full._singleAgeCustomers;
        _ages = full._ages;
        _recencies = full._recencies;
        var rows = new List<RepeatRow>(full._repeatRows.Length / stride + 1);
        for (var i = stride / 2; i < full._repeatRows.Length; i += stride)
        {
            var row = full._repeatRows[i];
            rows.Add(row with { Customers = row.Customers * stride });
        }

        _repeatRows = [.. rows];
    }

    /// <summary>The number of customers N.</summary>
    internal long CustomerCount { get; }

    /// <summary>The time scale s: the mean age T, or 1 when every age is 0.</summary>
    internal double Scale { get; }

    /// <summary>−Σ x ln s: what turns the log-likelihood in scaled time into the one in the caller's unit.</summary>
    internal double LogLikelihoodShift { get; }

    /// <summary>The parameter names, in the order of the log-parameter vector.</summary>
    internal static string[] Names { get; } = ["r", "α", "a", "b"];

    /// <summary>
    /// A cheap stand-in for a warm start: every k-th row (rows are sorted by x, then time or
    /// spend, so this is a systematic sample across them) weighted by k, about
    /// <see cref="SampleRows"/> rows in all; <see langword="null"/> when the data are small
    /// enough to fit directly.
    /// </summary>
    internal BgNbdLikelihood? Sample() =>
        _repeatRows.Length > 4 * SampleRows ? new BgNbdLikelihood(this, _repeatRows.Length / SampleRows) : null;

    /// <summary>The log-parameter vector (in scaled time) of a model.</summary>
    internal double[] ToLogParameters(BgNbdModel model) =>
        [Math.Log(model.R), Math.Log(model.Alpha / Scale), Math.Log(model.A), Math.Log(model.B)];

    /// <summary>The model (in the caller's unit) at a log-parameter vector.</summary>
    internal BgNbdModel ToModel(ReadOnlySpan<double> logParameters) =>
        new(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]) * Scale, Math.Exp(logParameters[2]), Math.Exp(logParameters[3]));

    /// <summary>The log-likelihood, in the caller's unit, at a log-parameter vector.</summary>
    internal double LogLikelihood(ReadOnlySpan<double> logParameters)
    {
        Span<double> gradient = stackalloc double[4];
        return -Evaluate(logParameters, gradient) * CustomerCount + LogLikelihoodShift;
    }

    /// <summary>−LL/N in scaled time at φ = ln(r, α′, a, b), and its gradient with respect to φ.</summary>
    internal double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        var r = Math.Exp(logParameters[0]);
        var alpha = Math.Exp(logParameters[1]);
        var a = Math.Exp(logParameters[2]);
        var b = Math.Exp(logParameters[3]);
        var logA = logParameters[2];

        var ages = new TimeTerm[_ages.Length];
        for (var j = 0; j < ages.Length; j++)
        {
            ages[j] = new TimeTerm(alpha, _ages[j]);
        }

        var recencies = new TimeTerm[_recencies.Length];
        for (var j = 0; j < recencies.Length; j++)
        {
            recencies[j] = new TimeTerm(alpha, _recencies[j]);
        }

        double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
        var perFrequency = new FrequencyTerm[_frequencies.Length];
        for (var k = 0; k < _frequencies.Length; k++)
        {
            var x = _frequencies[k];
            if (x == 0)
            {
                continue;
            }

            var w = _frequencyCustomers[k];
            var digammaABX = SpecialFunctions.DigammaDifference(a + b, x);
            ll += w * (SpecialFunctions.LogGammaRatio(r, x) + SpecialFunctions.LogGammaRatio(b, x) - SpecialFunctions.LogGammaRatio(a + b, x));
            dr += w * SpecialFunctions.DigammaDifference(r, x);
            da -= w * digammaABX;
            db += w * (SpecialFunctions.DigammaDifference(b, x) - digammaABX);
            perFrequency[k] = new FrequencyTerm(x, logA - Math.Log(b + x - 1), 1 / (b + x - 1));
        }

        // Customers without repeat purchases: L = B₃ = −r λ(T).
        for (var j = 0; j < _singleAgeCustomers.Length; j++)
        {
            var n = _singleAgeCustomers[j];
            ll -= n * r * ages[j].Log1p;
            dr -= n * ages[j].Log1p;
            dAlpha += n * r * ages[j].Kappa;
        }

        var blocks = (_repeatRows.Length + BlockRows - 1) / BlockRows;
        var sums = new double[blocks * Sums];
        if (blocks == 1)
        {
            SumBlock(0, r, ages, recencies, perFrequency, sums);
        }
        else
        {
            Parallel.For(0, blocks, block => SumBlock(block, r, ages, recencies, perFrequency, sums));
        }

        double dropWeight = 0;
        for (var block = 0; block < blocks; block++)
        {
            ll += sums[block * Sums];
            dr += sums[block * Sums + 1];
            dAlpha += sums[block * Sums + 2];
            db += sums[block * Sums + 3];
            dropWeight += sums[block * Sums + 4];
        }

        da += dropWeight / a;
        var scale = -1.0 / CustomerCount;
        gradient[0] = scale * r * dr;
        gradient[1] = scale * alpha * dAlpha;
        gradient[2] = scale * a * da;
        gradient[3] = scale * b * db;
        return scale * ll;
    }

    // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SumBlock(int block, double r, TimeTerm[] ages, TimeTerm[] recencies, FrequencyTerm[] perFrequency, double[] sums)
    {
        double ll = 0, dr = 0, dAlpha = 0, db = 0, dropWeight = 0;

        // Σ ln(1 + e) over rows of one customer is taken as the log of a running product: every
        // factor is in (1, 2], so the product is logged and reset only when it passes 1e250,
        // once per several hundred rows instead of one log per row.
        double product = 1, logOfProducts = 0;
        var end = Math.Min(_repeatRows.Length, (block + 1) * BlockRows);
        for (var i = block * BlockRows; i < end; i++)
        {
            var row = _repeatRows[i];
            var frequency = perFrequency[row.Frequency];
            var age = ages[row.Age];
            var recency = recencies[row.Recency];
            var x = frequency.X;

            // B₃ and d = B₄ − B₃; L = ln(e^B₃ + e^B₄) = B₃ + max(0, d) + ln(1 + e^(−|d|)); w₄ = e^(B₄−L).
            var b3 = -r * age.Log1p - x * age.Log;
            var d = frequency.LogDropRatio + (r + x) * (age.Log1p - recency.Log1p);
            var e = Math.Exp(-Math.Abs(d));
            var onePlusE = 1 + e;
            var inverse = 1 / onePlusE;
            var w4 = d > 0 ? inverse : e * inverse;
            var n = row.Customers;
            if (n == 1)
            {
                product *= onePlusE;
                if (product > 1e250)
                {
                    logOfProducts += Math.Log(product);
                    product = 1;
                }
            }
            else
            {
                ll += n * Math.Log(onePlusE);
            }

            ll += n * (b3 + Math.Max(0, d));
            dr -= n * (age.Log1p + w4 * (recency.Log1p - age.Log1p));
            dAlpha += n * (r * age.Kappa - x * age.Inverse + w4 * (r * (recency.Kappa - age.Kappa) - x * (recency.Inverse - age.Inverse)));
            db -= n * w4 * frequency.InverseBPlusXMinusOne;
            dropWeight += n * w4;
        }

        ll += logOfProducts + Math.Log(product);
        var at = block * Sums;
        sums[at] = ll;
        sums[at + 1] = dr;
        sums[at + 2] = dAlpha;
        sums[at + 3] = db;
        sums[at + 4] = dropWeight;
    }

    /// <summary>A repeat buyers' row: how many customers, and indexes of their x, T and tₓ.</summary>
    private readonly record struct RepeatRow(double Customers, int Frequency, int Age, int Recency);

    /// <summary>What a row needs of its x: x, ln(a/(b+x−1)) and 1/(b+x−1).</summary>
    private readonly record struct FrequencyTerm(double X, double LogDropRatio, double InverseBPlusXMinusOne);

    /// <summary>For a time t: λ = ln(1 + t/α), ln(α+t), 1/(α+t) and κ = t/(α(α+t)).</summary>
    private readonly struct TimeTerm(double alpha, double time)
    {
        public double Log1p { get; } = SpecialFunctions.LogOnePlus(time / alpha);

        public double Log { get; } = Math.Log(alpha + time);

        public double Inverse { get; } = 1 / (alpha + time);

        public double Kappa { get; } = time / (alpha * (alpha + time));
    }
}
