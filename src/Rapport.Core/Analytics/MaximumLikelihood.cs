namespace Rapport.Core.Analytics;

/// <summary>A function to minimise: returns its value at a point and writes its gradient there.</summary>
/// <remarks>
/// Returns <see cref="double.PositiveInfinity"/> (gradient unspecified) where the function is
/// not defined; the minimiser then steps back.
/// </remarks>
internal delegate double Objective(ReadOnlySpan<double> point, Span<double> gradient);

/// <summary>Where <see cref="MaximumLikelihood.Minimize"/> stopped, and why.</summary>
/// <param name="Point">The last point: the minimum when <see cref="Escape"/> is <see langword="null"/>.</param>
/// <param name="Value">The objective at <see cref="Point"/>.</param>
/// <param name="Iterations">Quasi-Newton iterations made.</param>
/// <param name="Converged">Whether the gradient became as small as asked (or as small as rounding allows).</param>
/// <param name="Escape">
/// When the objective has no minimum inside the parameter space, a clause that says so about the
/// likelihood (<c>"it keeps rising as b grows without bound"</c>); otherwise <see langword="null"/>.
/// </param>
/// <param name="InverseHessian">The last BFGS approximation of the inverse Hessian at <see cref="Point"/>.</param>
internal sealed record Minimum(double[] Point, double Value, int Iterations, bool Converged, string? Escape, double[,] InverseHessian);

/// <summary>
/// Maximum-likelihood fitting: BFGS with a line search that satisfies the strong Wolfe
/// conditions, over the logarithms of the parameters, followed by a check that the answer is an
/// interior maximum.
/// </summary>
/// <remarks>
/// <para>
/// The objective is the negative mean log-likelihood per customer, as a function of the
/// logarithms of the (positive) parameters, so every step keeps the parameters positive and the
/// tolerances do not depend on the number of customers.
/// </para>
/// <para>
/// BFGS (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., algorithm 6.1) keeps a dense
/// inverse-Hessian approximation: the models have three or four parameters. The line search is
/// algorithms 3.5 and 3.6 of the same book (bracketing, then zoom with safeguarded cubic
/// interpolation), with c₁ = 1e-4 and c₂ = 0.9. A step that leaves the domain (infinite
/// objective) is treated as too long. The first inverse Hessian is scaled by sᵀy / yᵀy after
/// the first step; an update without positive curvature is skipped, and a direction that is not
/// a descent direction resets the approximation.
/// </para>
/// <para>
/// At the end, the Hessian is estimated by forward differences of the analytic gradient and the
/// Newton step from the last point is computed. A true maximum has a positive definite Hessian
/// and a Newton step that is tiny. When the likelihood only keeps rising towards the edge of
/// the parameter space (a parameter to 0 or to infinity), the gradient can be small while the
/// Newton step stays of order one; that case, and a log-parameter beyond ±<see cref="LogBound"/>,
/// is reported as an escape instead of a fit. The check runs however the search stopped, so a
/// search that ran out of iterations or stalled is only returned as a (not converged) fit when
/// it stopped within a tiny Newton step of a true maximum.
/// </para>
/// </remarks>
internal static class MaximumLikelihood
{
    /// <summary>The largest |ln θ| accepted in a fit (parameters between about 1e-7 and 1e7, in the scaled units of the model).</summary>
    internal const double LogBound = 16.1;

    /// <summary>Beyond this |ln θ| the objective is not even evaluated: exp would lose all meaning.</summary>
    private const double LogDomain = 40;

    /// <summary>Gradient size (max norm) at which the minimisation stops, per customer and per unit of ln θ.</summary>
    private const double GradientTolerance = 1e-10;

    /// <summary>When rounding stops all progress, the gradient size still accepted as converged.</summary>
    private const double StalledGradientTolerance = 1e-7;

    /// <summary>The largest Newton step (max norm, in ln θ) accepted at a maximum.</summary>
    private const double NewtonStepTolerance = 1e-3;

    /// <summary>The largest change of any ln θ in one line search step.</summary>
    private const double MaxLogStep = 10;

    /// <summary>How many steps in a row may lower the objective by less than its rounding before the search stops.</summary>
    private const int MaxStalledSteps = 5;

    private const double ArmijoConstant = 1e-4;
    private const double CurvatureConstant = 0.9;
    private const int MaxLineSearchEvaluations = 40;

    /// <summary>
    /// The forward-difference step of the Hessian estimate, in ln θ: truncation error about
    /// 1e-6 times the third derivative, rounding about 1e-15/1e-6; both far below the curvature
    /// of a true maximum.
    /// </summary>
    private const double HessianStep = 1e-6;

    /// <summary>Whether a point is inside the domain where objectives are evaluated.</summary>
    internal static bool InDomain(ReadOnlySpan<double> point)
    {
        foreach (var value in point)
        {
            if (!(Math.Abs(value) <= LogDomain))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Minimises from the caller's start (if any) and, when that run escapes to the edge of the
    /// parameter space, again from the origin (every scaled parameter 1). With a sample
    /// objective, each run first goes to the sample's minimum and finishes on the full data.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A start far out (say q = 10⁹) can sit on a plateau where the likelihood is flat and the
    /// search drifts further out, although the data have an interior maximum. Only data without
    /// one escape from the origin too. Starting values are clamped to ±<see cref="LogBound"/>.
    /// </para>
    /// <para>
    /// The sample objective (a systematic sample of the rows, weighted up) costs a small part of
    /// the full one and has nearly the same minimum and curvature, so the full run starts next to
    /// its minimum with a good inverse Hessian and needs a few iterations instead of twenty or so.
    /// The answer is the full data's minimum either way. <see cref="Minimum.Iterations"/> counts
    /// the iterations of every run, on the sample and on the full data.
    /// </para>
    /// </remarks>
    /// <param name="objective">The negative mean log-likelihood over ln θ.</param>
    /// <param name="sample">The same on a sample of the data, or <see langword="null"/> when the data are small.</param>
    /// <param name="start">The caller's starting ln θ, or <see langword="null"/> for the origin only.</param>
    /// <param name="names">The parameters' names, for <see cref="Minimum.Escape"/>.</param>
    /// <param name="maxIterations">The most BFGS iterations of each run.</param>
    internal static Minimum Fit(Objective objective, Objective? sample, double[]? start, string[] names, int maxIterations)
    {
        var origin = new double[names.Length];
        if (start is null)
        {
            return Run(objective, sample, origin, names, maxIterations);
        }

        var clamped = start.Select(static value => Math.Clamp(value, -LogBound, LogBound)).ToArray();
        var fromStart = Run(objective, sample, clamped, names, maxIterations);
        if (fromStart.Escape is null)
        {
            return fromStart;
        }

        var fromOrigin = Run(objective, sample, origin, names, maxIterations);
        return fromOrigin with { Iterations = fromStart.Iterations + fromOrigin.Iterations };
    }

    private static Minimum Run(Objective objective, Objective? sample, double[] start, string[] names, int maxIterations)
    {
        if (sample is null)
        {
            return Minimize(objective, start, names, maxIterations, null, checkEscape: true);
        }

        var warm = Minimize(sample, start, names, maxIterations, null, checkEscape: false);
        var usable = double.IsFinite(warm.Value) && warm.Point.All(static value => Math.Abs(value) <= LogBound);
        var full = usable
            ? Minimize(objective, warm.Point, names, maxIterations, warm.InverseHessian, checkEscape: true)
            : Minimize(objective, start, names, maxIterations, null, checkEscape: true);
        return full with { Iterations = warm.Iterations + full.Iterations };
    }

    /// <summary>Minimises an objective of log-parameters from a starting point.</summary>
    /// <param name="objective">The negative mean log-likelihood over ln θ.</param>
    /// <param name="start">The starting ln θ.</param>
    /// <param name="names">The parameters' names, for <see cref="Minimum.Escape"/>.</param>
    /// <param name="maxIterations">The most BFGS iterations.</param>
    /// <param name="inverseHessian">A first inverse-Hessian approximation, or <see langword="null"/> to start from the identity.</param>
    /// <param name="checkEscape">Whether to check, at the end, that the point is an interior minimum.</param>
    internal static Minimum Minimize(Objective objective, double[] start, string[] names, int maxIterations, double[,]? inverseHessian, bool checkEscape)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var f = Evaluate(objective, x, g);
        if (!double.IsFinite(f))
        {
            return new Minimum(x, f, 0, false, "it cannot be computed at the starting point", Identity(n));
        }

        var h = inverseHessian is null ? Identity(n) : (double[,])inverseHessian.Clone();
        var hIsIdentity = inverseHessian is null;
        var firstUpdate = inverseHessian is null;
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var lineSearch = new LineSearch(objective, n);
        var iterations = 0;
        var stalledSteps = 0;
        var converged = false;
        while (true)
        {
            if (MaxAbs(g) <= GradientTolerance)
            {
                converged = true;
                break;
            }

            if (iterations >= maxIterations)
            {
                break;
            }

            iterations++;
            MultiplyNegated(h, g, direction);
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                SetIdentity(h);
                hIsIdentity = true;
                firstUpdate = true;
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = -Dot(g, g);
            }

            var stepLimit = MaxLogStep / MaxAbs(direction);

            // Before any curvature is known, a unit step along −g can be absurdly long.
            var firstTrial = hIsIdentity ? Math.Min(1, 1 / MaxAbs(g)) : 1;
            var fNew = lineSearch.Run(x, f, slope, direction, Math.Min(firstTrial, stepLimit), stepLimit, xNew, gNew);
            if (!double.IsFinite(fNew))
            {
                if (!hIsIdentity)
                {
                    SetIdentity(h);
                    hIsIdentity = true;
                    firstUpdate = true;
                    continue;
                }

                converged = MaxAbs(g) <= StalledGradientTolerance;
                break;
            }

            var s = new double[n];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }

            var sy = Dot(s, y);
            if (sy > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (firstUpdate)
                {
                    var scale = sy / Dot(y, y);
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            h[i, j] = i == j ? scale : 0;
                        }
                    }

                    firstUpdate = false;
                }

                UpdateInverseHessian(h, s, y, sy);
                hIsIdentity = false;
            }

            // Rounding ends progress: steps that no longer move the point, or a run of steps
            // that no longer lower the objective measurably.
            stalledSteps = f - fNew <= 1e-15 * Math.Abs(f) ? stalledSteps + 1 : 0;
            var stalled = MaxAbs(s) <= 1e-14 || stalledSteps >= MaxStalledSteps;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (stalled)
            {
                converged = MaxAbs(g) <= StalledGradientTolerance;
                break;
            }
        }

        var escape = checkEscape ? FindEscape(objective, x, g, names) : null;
        return new Minimum(x, f, iterations, converged, escape, h);
    }

    private static string? FindEscape(Objective objective, double[] x, double[] g, string[] names)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) > LogBound)
            {
                return Describe(names[i], x[i]);
            }
        }

        var hessian = EstimateHessian(objective, x, g);
        if (hessian is null)
        {
            return "a step towards it leaves the model's domain";
        }

        var (values, vectors) = SymmetricEigen(hessian);
        var n = x.Length;
        var smallest = 0;
        for (var k = 1; k < n; k++)
        {
            if (values[k] < values[smallest])
            {
                smallest = k;
            }
        }

        var largestValue = values.Max();
        if (!(values[smallest] > 1e-12 * Math.Max(1, largestValue)))
        {
            // No peak: the likelihood is flat or curves up along this eigenvector.
            var along = 0.0;
            var component = 0;
            for (var i = 0; i < n; i++)
            {
                along -= g[i] * vectors[i, smallest];
                if (Math.Abs(vectors[i, smallest]) > Math.Abs(vectors[component, smallest]))
                {
                    component = i;
                }
            }

            var sign = along * vectors[component, smallest];
            return sign == 0 ? $"it is flat along {names[component]}" : Describe(names[component], sign);
        }

        var step = new double[n];
        for (var k = 0; k < n; k++)
        {
            var projection = 0.0;
            for (var i = 0; i < n; i++)
            {
                projection += vectors[i, k] * g[i];
            }

            for (var i = 0; i < n; i++)
            {
                step[i] -= projection / values[k] * vectors[i, k];
            }
        }

        var largest = 0;
        for (var i = 1; i < n; i++)
        {
            if (Math.Abs(step[i]) > Math.Abs(step[largest]))
            {
                largest = i;
            }
        }

        return Math.Abs(step[largest]) <= NewtonStepTolerance ? null : Describe(names[largest], step[largest]);
    }

    private static string Describe(string name, double direction) =>
        direction > 0 ? $"it keeps rising as {name} grows without bound" : $"it keeps rising as {name} shrinks towards 0";

    /// <summary>The Hessian by forward differences of the analytic gradient, symmetrised; null when a step leaves the domain.</summary>
    private static double[,]? EstimateHessian(Objective objective, double[] x, double[] g)
    {
        var n = x.Length;
        var hessian = new double[n, n];
        var point = new double[n];
        var shifted = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Copy(x, point, n);
            point[j] = x[j] + HessianStep;
            if (!double.IsFinite(Evaluate(objective, point, shifted)))
            {
                return null;
            }

            for (var i = 0; i < n; i++)
            {
                hessian[i, j] = (shifted[i] - g[i]) / HessianStep;
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var mean = 0.5 * (hessian[i, j] + hessian[j, i]);
                hessian[i, j] = mean;
                hessian[j, i] = mean;
            }
        }

        return hessian;
    }

    /// <summary>Eigenvalues and eigenvectors (as columns) of a small symmetric matrix, by cyclic Jacobi rotations.</summary>
    internal static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = Identity(n);
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var offDiagonal = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    offDiagonal += a[p, q] * a[p, q];
                }
            }

            if (offDiagonal == 0)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }

        return (values, v);
    }

    private static double Evaluate(Objective objective, double[] x, double[] gradient)
    {
        if (!InDomain(x))
        {
            return double.PositiveInfinity;
        }

        var value = objective(x, gradient);
        if (!double.IsFinite(value))
        {
            return double.PositiveInfinity;
        }

        foreach (var component in gradient)
        {
            if (!double.IsFinite(component))
            {
                return double.PositiveInfinity;
            }
        }

        return value;
    }

    private static void UpdateInverseHessian(double[,] h, double[] s, double[] y, double sy)
    {
        // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded: H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.
        var n = s.Length;
        var rho = 1 / sy;
        var hy = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                hy[i] += h[i, j] * y[j];
            }
        }

        var yhy = Dot(y, hy);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[,] Identity(int n)
    {
        var identity = new double[n, n];
        SetIdentity(identity);
        return identity;
    }

    private static void SetIdentity(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                matrix[i, j] = i == j ? 1 : 0;
            }
        }
    }

    private static void MultiplyNegated(double[,] h, double[] g, double[] result)
    {
        var n = g.Length;
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += h[i, j] * g[j];
            }

            result[i] = -sum;
        }
    }

    private static double Dot(ReadOnlySpan<double> left, ReadOnlySpan<double> right)
    {
        var sum = 0.0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var value in values)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    /// <summary>
    /// A line search for the strong Wolfe conditions (Nocedal &amp; Wright, algorithms 3.5 and 3.6),
    /// which also accepts Hager &amp; Zhang's approximate Wolfe conditions near a minimum.
    /// </summary>
    /// <remarks>
    /// Close to the minimum the decrease of the objective along a step is below the rounding of
    /// the objective itself, so the sufficient-decrease test on values fails for every step
    /// although the gradient is still accurate. Hager &amp; Zhang (2005, SIAM J. Optim. 16(1))
    /// then test the slope instead: φ(α) ≤ φ(0) + ε|φ(0)| and φ′(α) ≤ (2c₁ − 1)φ′(0), which for
    /// a quadratic is the same as the sufficient-decrease test. ε is <see cref="ValueNoise"/>.
    /// </remarks>
    private sealed class LineSearch(Objective objective, int n)
    {
        /// <summary>The relative rounding noise allowed in objective values.</summary>
        private const double ValueNoise = 1e-13;

        private readonly double[] _trial = new double[n];
        private readonly double[] _trialGradient = new double[n];
        private readonly double[] _bestPoint = new double[n];
        private readonly double[] _bestGradient = new double[n];
        private double _bestValue;
        private double _bestStep;
        private double _f;
        private double _slope;

        /// <summary>
        /// Searches along a descent direction. Writes the accepted point and its gradient, and
        /// returns the objective there; returns +∞ when no acceptable point was found.
        /// </summary>
        public double Run(double[] x, double f, double slope, double[] direction, double firstStep, double maxStep, double[] xNew, double[] gNew)
        {
            _bestValue = double.PositiveInfinity;
            _bestStep = 0;
            _f = f;
            _slope = slope;
            var noise = ValueNoise * Math.Abs(f);
            var previousStep = 0.0;
            var previousValue = f;
            var previousSlope = slope;
            var step = firstStep;
            var evaluations = 0;
            while (evaluations < MaxLineSearchEvaluations)
            {
                var value = Try(x, direction, step, out var trialSlope);
                evaluations++;
                if (!Decreases(step, value, trialSlope) || (evaluations > 1 && value > previousValue + noise))
                {
                    return Zoom(x, direction, previousStep, previousValue, previousSlope, step, value, trialSlope, evaluations, xNew, gNew);
                }

                Remember(value, step);
                if (Math.Abs(trialSlope) <= -CurvatureConstant * slope || step >= maxStep)
                {
                    return AcceptTrial(value, xNew, gNew);
                }

                if (trialSlope >= 0)
                {
                    return Zoom(x, direction, step, value, trialSlope, previousStep, previousValue, previousSlope, evaluations, xNew, gNew);
                }

                previousStep = step;
                previousValue = value;
                previousSlope = trialSlope;
                step = Math.Min(4 * step, maxStep);
            }

            return AcceptBest(xNew, gNew);
        }

        /// <summary>Sufficient decrease: Armijo's test, or its approximate form on the slope when values are lost in rounding.</summary>
        private bool Decreases(double step, double value, double trialSlope) =>
            double.IsFinite(value)
            && (value <= _f + ArmijoConstant * step * _slope
                || (value <= _f + ValueNoise * Math.Abs(_f) && trialSlope <= (2 * ArmijoConstant - 1) * _slope));

        private double Zoom(
            double[] x, double[] direction,
            double low, double lowValue, double lowSlope,
            double high, double highValue, double highSlope,
            int evaluations, double[] xNew, double[] gNew)
        {
            var noise = ValueNoise * Math.Abs(_f);
            while (evaluations < MaxLineSearchEvaluations && Math.Abs(high - low) > 1e-15 * Math.Max(Math.Abs(low), Math.Abs(high)))
            {
                var step = Interpolate(low, lowValue, lowSlope, high, highValue, highSlope);
                var value = Try(x, direction, step, out var trialSlope);
                evaluations++;
                if (!Decreases(step, value, trialSlope) || value > lowValue + noise)
                {
                    high = step;
                    highValue = value;
                    highSlope = trialSlope;
                    continue;
                }

                Remember(value, step);
                if (Math.Abs(trialSlope) <= -CurvatureConstant * _slope)
                {
                    return AcceptTrial(value, xNew, gNew);
                }

                if (trialSlope * (high - low) >= 0)
                {
                    high = low;
                    highValue = lowValue;
                    highSlope = lowSlope;
                }

                low = step;
                lowValue = value;
                lowSlope = trialSlope;
            }

            // Out of evaluations: the best point with sufficient decrease will do.
            return AcceptBest(xNew, gNew);
        }

        private static double Interpolate(double low, double lowValue, double lowSlope, double high, double highValue, double highSlope)
        {
            var width = high - low;
            var bisection = low + 0.5 * width;
            if (!double.IsFinite(highValue) || !double.IsFinite(highSlope))
            {
                return bisection;
            }

            // Minimiser of the cubic through both ends (Nocedal & Wright eq. 3.59), kept inside the middle 80 %.
            var d1 = lowSlope + highSlope - 3 * (lowValue - highValue) / (low - high);
            var discriminant = d1 * d1 - lowSlope * highSlope;
            if (!(discriminant >= 0))
            {
                return bisection;
            }

            var d2 = Math.Sign(width) * Math.Sqrt(discriminant);
            var step = high - width * (highSlope + d2 - d1) / (highSlope - lowSlope + 2 * d2);
            var lowest = Math.Min(low, high) + 0.1 * Math.Abs(width);
            var highest = Math.Max(low, high) - 0.1 * Math.Abs(width);
            return double.IsFinite(step) && step >= lowest && step <= highest ? step : bisection;
        }

        private double Try(double[] x, double[] direction, double step, out double trialSlope)
        {
            for (var i = 0; i < x.Length; i++)
            {
                _trial[i] = x[i] + step * direction[i];
            }

            var value = Evaluate(objective, _trial, _trialGradient);
            trialSlope = double.IsFinite(value) ? Dot(_trialGradient, direction) : double.NaN;
            return value;
        }

        private void Remember(double value, double step)
        {
            if (value < _bestValue)
            {
                _bestValue = value;
                _bestStep = step;
                Array.Copy(_trial, _bestPoint, _trial.Length);
                Array.Copy(_trialGradient, _bestGradient, _trial.Length);
            }
        }

        private double AcceptTrial(double value, double[] xNew, double[] gNew)
        {
            Array.Copy(_trial, xNew, xNew.Length);
            Array.Copy(_trialGradient, gNew, gNew.Length);
            return value;
        }

        private double AcceptBest(double[] xNew, double[] gNew)
        {
            if (_bestStep == 0)
            {
                return double.PositiveInfinity;
            }

            Array.Copy(_bestPoint, xNew, xNew.Length);
            Array.Copy(_bestGradient, gNew, gNew.Length);
            return _bestValue;
        }
    }
}
