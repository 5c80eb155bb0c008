using System.Buffers;
using System.Text.RegularExpressions;

namespace Rapport.Messaging.Templates;

/// <summary>
/// The last look at a message before it may go: no form-letter phrase, no placeholder, no Liquid
/// left over (SPEC R7, from S1 #2 and S2 #3).
/// </summary>
internal static partial class FormLetterCheck
{
    /// <summary>Phrases that mark a form letter or an unfinished one, found in any case.</summary>
    internal static readonly string[] Phrases =
    [
        "Dear Sir or Madam", "Dear Sir/Madam", "Dear Sir / Madam", "To whom it may concern", "Valued Customer", "Dear Customer",
        "name inserted here", "Lorem ipsum",
    ];

    /// <summary>What a template leaves behind when Liquid did not run over it.</summary>
    internal static readonly string[] LiquidMarks = ["{{", "}}", "{%", "%}"];

    /// <summary>Said only to a first-time buyer (S3: "Thanks for trying us" to a customer of five years).</summary>
    internal static readonly string[] FirstTimeOnly = ["thanks for trying us", "thank you for trying us"];

    private static readonly SearchValues<string> PhraseSearch = SearchValues.Create(Phrases, StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> FirstTimeSearch = SearchValues.Create(FirstTimeOnly, StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> LiquidSearch = SearchValues.Create(LiquidMarks, StringComparison.Ordinal);

    /// <summary>The first thing wrong with a message's text, as the phrase found and a sentence; null when it may go.</summary>
    /// <param name="text">The subject or the text.</param>
    /// <param name="firstPurchase">Whether the customer is buying for the first time.</param>
    public static (string Found, string Message)? Find(string text, bool firstPurchase)
    {
        var span = text.AsSpan();
        var at = span.IndexOfAny(PhraseSearch);
        if (at >= 0)
        {
            var found = Matched(text, at, Phrases);
            return (found, $"the message says '{found}', which reads as a form letter");
        }

        at = span.IndexOfAny(LiquidSearch);
        if (at >= 0)
        {
            var found = text.Substring(at, 2);
            return (found, $"the message contains '{found}', a merge field or tag left unfilled");
        }

        if (span.Contains('[') && Placeholder().Match(text) is { Success: true } placeholder)
        {
            return (placeholder.Value, $"the message contains the placeholder '{placeholder.Value}'");
        }

        if (!firstPurchase)
        {
            at = span.IndexOfAny(FirstTimeSearch);
            if (at >= 0)
            {
                var found = Matched(text, at, FirstTimeOnly);
                return (found, $"the message says '{found}' to a customer who has bought before");
            }
        }

        return null;
    }

    private static string Matched(string text, int at, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (string.Compare(text, at, phrase, 0, phrase.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return text.Substring(at, phrase.Length);
            }
        }

        return text[at..];
    }

    /// <summary>A bracketed capital placeholder: [FIRST NAME], [COMPANY], [DATE OF VISIT].</summary>
    [GeneratedRegex(@"\[[A-Z][A-Z0-9_]+(?:[ _-][A-Z0-9_]+)*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
