using System.Collections.Frozen;
using System.Text;

namespace Rapport.Core.Common;

/// <summary>
/// The kebab-case spelling of Rapport's enumerations, as used in files, the command line
/// and the API: <c>DoNotCall</c> is <c>do-not-call</c>, <c>ThankYou</c> is <c>thank-you</c>.
/// </summary>
/// <remarks>
/// Reading is case-insensitive, ignores surrounding white space, and takes spaces and
/// underscores for hyphens (<c>No Answer</c> and <c>no_answer</c> read as <c>no-answer</c>).
/// </remarks>
public static class EnumText
{
    /// <summary>The kebab-case text of a value.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="value">A defined value.</param>
    public static string ToText<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var text)
            ? text
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    /// <summary>Reads a value from its kebab-case text.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="text">The text, such as <c>do-not-call</c>.</param>
    /// <param name="what">What the value is, for the error: <c>channel</c>, <c>kind of touch</c>.</param>
    public static ParseResult<TEnum> Parse<TEnum>(string text, string what)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = text.Trim().Replace(' ', '-').Replace('_', '-');
        return Names<TEnum>.ByText.TryGetValue(key, out var value)
            ? ParseResult<TEnum>.ForValue(value)
            : ParseResult<TEnum>.ForError($"'{text}' is not a {what} (expected one of: {string.Join(", ", AllTexts<TEnum>())})");
    }

    /// <summary>Every value's text, in declaration order.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    public static IReadOnlyList<string> AllTexts<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>.InOrder;

    internal static string ToKebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => ToKebab(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> ByText =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly IReadOnlyList<string> InOrder =
            Enum.GetValues<TEnum>().Select(v => ByValue[v]).ToArray();
    }
}
