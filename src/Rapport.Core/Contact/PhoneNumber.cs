using System.Text.RegularExpressions;
using Rapport.Core.Common;

namespace Rapport.Core.Contact;

/// <summary>A telephone number, stored in a canonical form: <c>+</c> and digits, or digits alone.</summary>
/// <remarks>
/// Written forms such as <c>+1 (206) 555-0142</c>, <c>020 7946 0018</c> or
/// <c>+44.20.7946.0018</c> are accepted: spaces, hyphens, dots and parentheses are dropped.
/// A number has 5 to 15 digits (E.164 allows at most 15). Numbers without a leading
/// <c>+</c> are kept as national numbers, because the country cannot be guessed safely.
/// An extension may follow (<c>x12</c>, <c>ext. 12</c>, <c>#12</c>); it is kept as
/// <c>x12</c> at the end of the canonical form.
/// </remarks>
public sealed partial record PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    /// <summary>The canonical number: an optional leading <c>+</c>, digits, and <c>x</c> and the extension if there is one.</summary>
    public string Value { get; }

    /// <summary>Whether the number carries its country code (starts with <c>+</c>).</summary>
    public bool IsInternational => Value[0] == '+';

    /// <summary>Reads a number.</summary>
    /// <param name="text">The number as people write it.</param>
    public static ParseResult<PhoneNumber> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var extension = ExtensionPattern().Match(trimmed);
        if (extension.Success)
        {
            trimmed = trimmed[..extension.Index];
        }

        Span<char> digits = stackalloc char[16];
        var count = 0;
        var international = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '+' && i == 0)
            {
                international = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return Fail(text, "has more than 15 digits");
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return Fail(text, "is not a phone number");
            }
        }

        if (count < 5 || count > 15)
        {
            return Fail(text, count < 5 ? "is not a phone number (too few digits)" : "has more than 15 digits");
        }

        var value = international ? string.Concat("+", digits[..count]) : new string(digits[..count]);
        if (extension.Success)
        {
            value = string.Concat(value, "x", extension.Groups[1].Value);
        }

        return ParseResult<PhoneNumber>.ForValue(new PhoneNumber(value));
    }

    /// <summary>Reads a number that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The text is not a phone number.</exception>
    public static PhoneNumber From(string text)
    {
        var result = Parse(text);
        return result.Success ? result.Value : throw new FormatException(result.Error);
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static ParseResult<PhoneNumber> Fail(string text, string why) =>
        ParseResult<PhoneNumber>.ForError($"'{text}' {why}");

    [GeneratedRegex(@"\s*(?:x|ext\.?|extension|#)\s*([0-9]{1,6})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionPattern();
}
