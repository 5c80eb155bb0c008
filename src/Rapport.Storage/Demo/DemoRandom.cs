namespace Rapport.Storage.Demo;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose draws are the same on
/// every machine and in every process.
/// </summary>
/// <remarks>
/// Each stream is keyed by (seed, stream number, salt), so a customer's data depends only on the
/// seed and the customer's position, never on the order in which work is done. Every draw uses
/// integer arithmetic, IEEE basic operations and <see cref="DemoMath"/>, not the platform's
/// <c>Math.Log</c> or <c>Math.Exp</c>, whose last bit may differ between C runtimes.
/// </remarks>
internal struct DemoRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    public DemoRandom(int seed, ulong stream, ulong salt)
    {
        var x = Mix(Mix((ulong)(uint)seed ^ salt) + stream);
        _s0 = NextSplitMix(ref x);
        _s1 = NextSplitMix(ref x);
        _s2 = NextSplitMix(ref x);
        _s3 = NextSplitMix(ref x);
        _spareNormal = 0;
        _hasSpareNormal = false;
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, count); count must be positive.</summary>
    public int Next(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    /// <summary>An integer in [low, high); an empty range gives <paramref name="low"/>.</summary>
    public int Next(int low, int high) => high <= low ? low : low + Next(high - low);

    /// <summary>A long in [low, high); an empty range gives <paramref name="low"/>.</summary>
    public long NextLong(long low, long high) =>
        high <= low ? low : low + (long)((NextUInt64() >> 1) % (ulong)(high - low));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>An index drawn with the given weights (any non-negative numbers, not all zero).</summary>
    public int Pick(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var target = Next(total);
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>A standard normal draw (Marsaglia's polar method, which needs no sine or cosine).</summary>
    public double Normal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var factor = Math.Sqrt(-2 * DemoMath.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>An exponential draw with mean 1.</summary>
    public double Exponential() => -DemoMath.Log(1 - NextDouble());

    /// <summary>A gamma draw (Marsaglia and Tsang), mean shape × scale.</summary>
    public double Gamma(double shape, double scale)
    {
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            var boost = DemoMath.Exp(DemoMath.Log(1 - NextDouble()) / shape);
            return Gamma(shape + 1, scale) * boost;
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal();
            var v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            var u = 1 - NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) ||
                DemoMath.Log(u) < (0.5 * x * x) + (d * (1 - v + DemoMath.Log(v))))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>A beta draw, mean a / (a + b).</summary>
    public double Beta(double a, double b)
    {
        var x = Gamma(a, 1);
        var y = Gamma(b, 1);
        return x / (x + y);
    }

    private static ulong NextSplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Natural logarithm and exponential from IEEE basic operations only, so results are bit-identical everywhere.</summary>
/// <remarks>Accurate to a few units in the last place, which is plenty for simulation.</remarks>
internal static class DemoMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>ln x for a positive, finite, normal x.</summary>
    public static double Log(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (mantissa > Sqrt2)
        {
            mantissa *= 0.5;
            exponent++;
        }

        // ln m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172: eleven terms reach double precision.
        var s = (mantissa - 1) / (mantissa + 1);
        var s2 = s * s;
        var series = 1.0 / 23;
        for (var k = 10; k >= 0; k--)
        {
            series = (series * s2) + (1.0 / ((2 * k) + 1));
        }

        return (exponent * Ln2) + (2 * s * series);
    }

    /// <summary>e^x; tiny results flush to zero.</summary>
    public static double Exp(double x)
    {
        if (x < -700)
        {
            return 0;
        }

        if (x > 700)
        {
            return double.PositiveInfinity;
        }

        var k = Math.Round(x / Ln2);
        var r = x - (k * Ln2);

        // |r| <= ln 2 / 2: Taylor terms to r^14 reach double precision.
        var sum = 1.0;
        for (var n = 14; n >= 1; n--)
        {
            sum = 1 + (sum * r / n);
        }

        return sum * BitConverter.Int64BitsToDouble(((long)k + 1023) << 52);
    }
}
