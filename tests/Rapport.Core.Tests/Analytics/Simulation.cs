using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

/// <summary>Draws customers from the BG/NBD and Gamma-Gamma models, with a seeded generator.</summary>
internal static class Simulation
{
    /// <summary>
    /// Customers whose first purchase fell a whole number of days (0 to <paramref name="maxAgeDays"/>)
    /// before the calibration end, each buying as a Poisson process with λ ~ Gamma(r, α) (α in days)
    /// and dropping out after each repeat purchase with probability p ~ Beta(a, b): the BG/NBD model
    /// exactly, with continuous purchase times.
    /// </summary>
    public static List<CustomerHistory> BgNbdHistories(Random random, int customers, double r, double alpha, double a, double b, int maxAgeDays)
    {
        var histories = new List<CustomerHistory>(customers);
        for (var i = 0; i < customers; i++)
        {
            double age = random.Next(0, maxAgeDays + 1);
            var lambda = NextGamma(random, r) / alpha;
            var p = NextBeta(random, a, b);
            var t = 0.0;
            var last = 0.0;
            var x = 0;
            while (true)
            {
                t += -Math.Log(1 - random.NextDouble()) / lambda;
                if (t > age)
                {
                    break;
                }

                x++;
                last = t;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            histories.Add(new CustomerHistory(x, last, age));
        }

        return histories;
    }

    /// <summary>Repeat buyers' mean spend: each purchase ~ Gamma(p, ν), ν ~ Gamma(q, γ), amounts rounded to cents.</summary>
    public static List<CustomerSpend> GammaGammaSpend(Random random, int customers, double p, double q, double gamma, int maxFrequency)
    {
        var spend = new List<CustomerSpend>(customers);
        for (var i = 0; i < customers; i++)
        {
            var x = random.Next(1, maxFrequency + 1);
            var nu = NextGamma(random, q) / gamma;
            var total = 0.0;
            for (var j = 0; j < x; j++)
            {
                total += Math.Max(0.01, Math.Round(NextGamma(random, p) / nu, 2));
            }

            spend.Add(new CustomerSpend(x, total / x));
        }

        return spend;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia &amp; Tsang (2000), with the U^(1/shape) boost for shape &lt; 1.</summary>
    public static double NextGamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return NextGamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = NextNormal(random);
                v = 1 + c * z;
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    private static double NextBeta(Random random, double a, double b)
    {
        var x = NextGamma(random, a);
        var y = NextGamma(random, b);
        var p = x / (x + y);
        return double.IsNaN(p) ? random.NextDouble() : p;
    }

    private static double NextNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
