namespace Rapport.Core.Common;

/// <summary>Rules for the business's own identifiers (customer, purchase, branch, staff and touch ids).</summary>
/// <remarks>
/// An id is 1 to <see cref="MaxLength"/> characters, has no leading or trailing white space and
/// no control characters. Ids are compared exactly (case-sensitive).
/// </remarks>
public static class Identifiers
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Why a text is not an id, or <see langword="null"/> if it is one.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty";
        }

        if (text.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return "has white space at its start or end";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return "contains a control character";
            }
        }

        return null;
    }

    /// <summary>Checks an id.</summary>
    /// <exception cref="ArgumentException">The text is not an id.</exception>
    public static string Check(string? text, string parameterName)
    {
        var problem = Problem(text);
        return problem is null ? text! : throw new ArgumentException($"The id '{text}' {problem}.", parameterName);
    }
}
