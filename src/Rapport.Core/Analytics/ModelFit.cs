using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>
/// The outcome of fitting a model by maximum likelihood: the model and how the fit went, or a
/// sentence that says why the data cannot be fitted.
/// </summary>
/// <remarks>
/// Like <see cref="Common.ParseResult{T}"/>, data that cannot be fitted is an expected outcome, not an
/// exception. A successful fit always has finite, positive parameters and a finite
/// log-likelihood. <see cref="Converged"/> is false when the iterations ran out before the
/// gradient became small; the model is then the best point reached, close to the maximum but
/// not at it.
/// </remarks>
/// <typeparam name="TModel">The fitted model's type.</typeparam>
public sealed class ModelFit<TModel>
    where TModel : class
{
    private readonly TModel? _model;
    private readonly double _logLikelihood;

    private ModelFit(TModel? model, double logLikelihood, string? error, long customerCount, int iterations, bool converged)
    {
        _model = model;
        _logLikelihood = logLikelihood;
        Error = error;
        CustomerCount = customerCount;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Whether a model was fitted.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    /// <summary>Why no model could be fitted; <see langword="null"/> on success.</summary>
    public string? Error { get; }

    /// <summary>The fitted model.</summary>
    /// <exception cref="InvalidOperationException">The fit failed; the message is <see cref="Error"/>.</exception>
    public TModel Model => _model ?? throw new InvalidOperationException(Error);

    /// <summary>The log-likelihood of the data at <see cref="Model"/> (natural logarithm, in the data's units).</summary>
    /// <exception cref="InvalidOperationException">The fit failed; the message is <see cref="Error"/>.</exception>
    public double LogLikelihood => Success ? _logLikelihood : throw new InvalidOperationException(Error);

    /// <summary>How many customers the fit used.</summary>
    public long CustomerCount { get; }

    /// <summary>
    /// How many quasi-Newton iterations the fit made over all its runs: for large data a warm
    /// start on a sample of the rows and the finish on all of them, and a second run from the
    /// default start when the caller's start drifted off. 0 when the data were refused before any.
    /// </summary>
    public int Iterations { get; }

    /// <summary>Whether the gradient of the log-likelihood reached the tolerance (always false on failure).</summary>
    public bool Converged { get; }

    /// <summary>A one-line description, for logs and test output.</summary>
    public override string ToString() =>
        Success
            ? string.Create(CultureInfo.InvariantCulture, $"{_model} LL={_logLikelihood:R} customers={CustomerCount} iterations={Iterations} converged={Converged}")
            : $"failed: {Error}";

    /// <summary>A successful fit.</summary>
    internal static ModelFit<TModel> ForModel(TModel model, double logLikelihood, long customerCount, int iterations, bool converged) =>
        double.IsFinite(logLikelihood)
            ? new(model, logLikelihood, null, customerCount, iterations, converged)
            : ForError("The log-likelihood at the fitted parameters is not a finite number.", customerCount, iterations);

    /// <summary>A failed fit.</summary>
    internal static ModelFit<TModel> ForError(string error, long customerCount, int iterations) =>
        new(null, 0, error, customerCount, iterations, false);
}
