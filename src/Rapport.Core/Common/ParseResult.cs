namespace Rapport.Core.Common;

/// <summary>
/// The outcome of reading a value from text: the value, or a sentence that says why the
/// text is not one.
/// </summary>
/// <remarks>
/// Modelled on NodaTime's <c>ParseResult</c>: bad input is an expected outcome, not an
/// exception. The error names the offending text (<c>'12,34x' is not a number</c>); callers
/// add where it came from (file, line, column).
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Why the text could not be read; <see langword="null"/> on success.</summary>
    public string? Error { get; }

    /// <summary>Whether a value was read.</summary>
    public bool Success => Error is null;

    /// <summary>The value read.</summary>
    /// <exception cref="InvalidOperationException">The text could not be read.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException(Error);

    /// <summary>A successful result.</summary>
    /// <param name="value">The value read.</param>
    public static ParseResult<T> ForValue(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    /// <param name="error">Why the text could not be read, naming the text.</param>
    public static ParseResult<T> ForError(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(default, error);
    }

    /// <summary>Converts a failure to another value type, keeping the error.</summary>
    /// <typeparam name="TOther">The other value type.</typeparam>
    public ParseResult<TOther> ConvertError<TOther>() =>
        ParseResult<TOther>.ForError(Error ?? throw new InvalidOperationException("The result is a success."));
}
