using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Rapport.Core.Common;

namespace Rapport.Core.Customers;

/// <summary>A language as a BCP 47 tag: <c>en</c>, <c>en-GB</c>, <c>de-CH</c>, <c>zh-Hant</c>.</summary>
/// <remarks>
/// Checked for shape: a 2–3 letter language subtag, then subtags of 2–8 letters or digits.
/// Stored in the conventional case: language lower, script title, region upper. A language's
/// name in English or in itself (<c>German</c>, <c>Deutsch</c>) is read as its tag (<c>de</c>).
/// </remarks>
public sealed record LanguageTag
{
    private static readonly Lazy<FrozenDictionary<string, string>> ByName = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.NeutralCultures))
        {
            if (culture.Name.Length is 2 or 3)
            {
                names.TryAdd(culture.EnglishName, culture.Name);
                names.TryAdd(culture.NativeName, culture.Name);
            }
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    });

    private LanguageTag(string value) => Value = value;

    /// <summary>The tag.</summary>
    public string Value { get; }

    /// <summary>The language subtag alone, such as <c>en</c>.</summary>
    public string Language => Value.Split('-')[0];

    /// <summary>Reads a tag; <c>_</c> is accepted for <c>-</c> (<c>en_GB</c>).</summary>
    public static ParseResult<LanguageTag> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ByName.Value.TryGetValue(text.Trim(), out var named))
        {
            return ParseResult<LanguageTag>.ForValue(new LanguageTag(named));
        }

        var parts = text.Trim().Replace('_', '-').Split('-');
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
        {
            return Fail(text);
        }

        var builder = new StringBuilder(parts[0].ToLowerInvariant());
        foreach (var part in parts.Skip(1))
        {
            if (part.Length is < 2 or > 8 || !part.All(char.IsAsciiLetterOrDigit))
            {
                return Fail(text);
            }

            builder.Append('-').Append(part.Length switch
            {
                4 when part.All(char.IsAsciiLetter) => string.Concat(part[..1].ToUpperInvariant(), part[1..].ToLowerInvariant()),
                2 => part.ToUpperInvariant(),
                _ => part.ToLowerInvariant(),
            });
        }

        return ParseResult<LanguageTag>.ForValue(new LanguageTag(builder.ToString()));
    }

    /// <summary>Reads a tag that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The text is not a language tag.</exception>
    public static LanguageTag From(string text)
    {
        var result = Parse(text);
        return result.Success ? result.Value : throw new FormatException(result.Error);
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static ParseResult<LanguageTag> Fail(string text) =>
        ParseResult<LanguageTag>.ForError($"'{text}' is not a language tag (such as en, en-GB or de)");
}
