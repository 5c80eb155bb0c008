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
/// With L = ln(e^A₃ + e^A₄), w₃ = e^(A₃−L) and w₄ = e^(A₄−L) (so w₃ + w₄ = 1, and w₄ = 0 when x = 0):
/// ∂LL/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+tₓ);
/// ∂LL/∂α = r/α − (r+x)(w₃/(α+T) + w₄/(α+tₓ));
/// ∂LL/∂a = ψ(a+b) − ψ(a+b+x) + w₄/a;
/// ∂LL/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w₄/(b+x−1).
/// The objective is −LL/N over φ = ln θ, so its gradient is −θ ∂LL/∂θ / N.
/// </para>
/// <para>
/// Speed: A₁, A₂ and their derivatives depend on x alone and are computed once per distinct x;
/// ln(α+T) and ln(α+tₓ) once per distinct T and tₓ. What is left per distinct history is one
/// exp, one log, one division and a few multiplications, written as
/// L = A₃ + max(0, d) + ln(1 + e^(−|d|)) with d = A₄ − A₃. Repeat buyers' rows are summed in
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
        var groups = data.Groups;
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

        // Distinct values in order of first appearance: the groups' order is fixed, so this one is too.
        var ages = new Dictionary<double, int>();
        var recencies = new Dictionary<double, int>();
        var ageList = new List<double>();
        var recencyList = new List<double>();
        var singleAgeCustomers = new List<double>();
        var frequencies = new List<int>();
        var frequencyCustomers = new List<double>();
        var repeatRows = new List<RepeatRow>(groups.Count);
        foreach (var group in groups)
        {
            var history = group.History;

            // Groups come sorted by x, so equal frequencies are adjacent.
            if (frequencies.Count == 0 || frequencies[^1] != history.Frequency)
            {
                frequencies.Add(history.Frequency);
                frequencyCustomers.Add(0);
            }

            frequencyCustomers[^1] += group.Customers;
            var age = IndexOf(ages, ageList, history.Age);
            if (history.Frequency == 0)
            {
                while (singleAgeCustomers.Count <= age)
                {
                    singleAgeCustomers.Add(0);
                }

                singleAgeCustomers[age] += group.Customers;
                continue;
            }

            repeatRows.Add(new RepeatRow(group.Customers, frequencies.Count - 1, age, IndexOf(recencies, recencyList, history.Recency)));
        }

        _frequencies = [.. frequencies];
        _frequencyCustomers = [.. frequencyCustomers];
        _repeatRows = [.. repeatRows];
        _singleAgeCustomers = [.. singleAgeCustomers];
        _ages = ageList.Select(value => value / Scale).ToArray();
        _recencies = recencyList.Select(value => value / Scale).ToArray();
    }

    /// <summary>The number of customers N.</summary>
    internal long CustomerCount { get; }

    /// <summary>The time scale s: the mean age T, or 1 when every age is 0.</summary>
    internal double Scale { get; }

    /// <summary>−Σ x ln s: what turns the log-likelihood in scaled time into the one in the caller's unit.</summary>
    internal double LogLikelihoodShift { get; }

    /// <summary>The parameter names, in the order of the log-parameter vector.</summary>
    internal static string[] Names { get; } = ["r", "α", "a", "b"];

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
        var logAlpha = logParameters[1];
        var logA = logParameters[2];

        var ages = new TimeTerm[_ages.Length];
        for (var j = 0; j < ages.Length; j++)
        {
            ages[j] = new TimeTerm(alpha + _ages[j]);
        }

        var recencies = new TimeTerm[_recencies.Length];
        for (var j = 0; j < recencies.Length; j++)
        {
            recencies[j] = new TimeTerm(alpha + _recencies[j]);
        }

        double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
        var logGammaR = SpecialFunctions.LogGamma(r);
        var digammaR = SpecialFunctions.Digamma(r);
        var logGammaAB = SpecialFunctions.LogGamma(a + b);
        var digammaAB = SpecialFunctions.Digamma(a + b);
        var logGammaB = SpecialFunctions.LogGamma(b);
        var digammaB = SpecialFunctions.Digamma(b);
        var perFrequency = new FrequencyTerm[_frequencies.Length];
        for (var k = 0; k < _frequencies.Length; k++)
        {
            var x = _frequencies[k];
            var w = _frequencyCustomers[k];
            ll += w * r * logAlpha;
            dr += w * logAlpha;
            dAlpha += w * r / alpha;
            if (x == 0)
            {
                continue;
            }

            ll += w * (SpecialFunctions.LogGamma(r + x) - logGammaR
                + logGammaAB + SpecialFunctions.LogGamma(b + x) - logGammaB - SpecialFunctions.LogGamma(a + b + x));
            var digammaABX = SpecialFunctions.Digamma(a + b + x);
            dr += w * (SpecialFunctions.Digamma(r + x) - digammaR);
            da += w * (digammaAB - digammaABX);
            db += w * (digammaAB + SpecialFunctions.Digamma(b + x) - digammaB - digammaABX);
            perFrequency[k] = new FrequencyTerm(r + x, logA - Math.Log(b + x - 1), 1 / (b + x - 1));
        }

        // Customers without repeat purchases: L = A₃ = −r ln(α+T).
        for (var j = 0; j < _singleAgeCustomers.Length; j++)
        {
            var n = _singleAgeCustomers[j];
            ll -= n * r * ages[j].Log;
            dr -= n * ages[j].Log;
            dAlpha -= n * r * ages[j].Inverse;
        }

        var blocks = (_repeatRows.Length + BlockRows - 1) / BlockRows;
        var sums = new double[blocks * Sums];
        if (blocks == 1)
        {
            SumBlock(0, ages, recencies, perFrequency, sums);
        }
        else
        {
            Parallel.For(0, blocks, block => SumBlock(block, ages, recencies, perFrequency, sums));
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

    private void SumBlock(int block, TimeTerm[] ages, TimeTerm[] recencies, FrequencyTerm[] perFrequency, double[] sums)
    {
        double ll = 0, dr = 0, dAlpha = 0, db = 0, dropWeight = 0;
        var end = Math.Min(_repeatRows.Length, (block + 1) * BlockRows);
        for (var i = block * BlockRows; i < end; i++)
        {
            var row = _repeatRows[i];
            var frequency = perFrequency[row.Frequency];
            var age = ages[row.Age];
            var recency = recencies[row.Recency];
            var rx = frequency.RPlusX;

            // d = A₄ − A₃; L = ln(e^A₃ + e^A₄) = A₃ + max(0, d) + ln(1 + e^(−|d|)); w₄ = e^(A₄−L).
            var d = frequency.LogDropRatio + rx * (age.Log - recency.Log);
            var e = Math.Exp(-Math.Abs(d));
            var inverse = 1 / (1 + e);
            var w4 = d > 0 ? inverse : e * inverse;
            var n = row.Customers;
            ll += n * (Math.Max(0, d) + Math.Log(1 + e) - rx * age.Log);
            dr -= n * (age.Log + w4 * (recency.Log - age.Log));
            dAlpha -= n * rx * (age.Inverse + w4 * (recency.Inverse - age.Inverse));
            db -= n * w4 * frequency.InverseBPlusXMinusOne;
            dropWeight += n * w4;
        }

        var at = block * Sums;
        sums[at] = ll;
        sums[at + 1] = dr;
        sums[at + 2] = dAlpha;
        sums[at + 3] = db;
        sums[at + 4] = dropWeight;
    }

    private static int IndexOf(Dictionary<double, int> index, List<double> values, double value)
    {
        ref var position = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(index, value, out var known);
        if (!known)
        {
            position = values.Count;
            values.Add(value);
        }

        return position;
    }

    /// <summary>A repeat buyers' row: how many customers, and indexes of their x, T and tₓ.</summary>
    private readonly record struct RepeatRow(double Customers, int Frequency, int Age, int Recency);

    /// <summary>What a row needs of its x: r + x, ln(a/(b+x−1)) and 1/(b+x−1).</summary>
    private readonly record struct FrequencyTerm(double RPlusX, double LogDropRatio, double InverseBPlusXMinusOne);

    /// <summary>ln v and 1/v for v = α + a time.</summary>
    private readonly struct TimeTerm(double value)
    {
        public double Log { get; } = Math.Log(value);

        public double Inverse { get; } = 1 / value;
    }
}
