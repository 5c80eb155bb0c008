using System.Collections.Frozen;
using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Touches;

namespace Rapport.Messaging.Templates;

/// <summary>
/// What a template file is for, read from its name: <c>{kind}.{channel}[.{segment}][.{language}].liquid</c>,
/// such as <c>thank-you.email.liquid</c>, <c>newsletter.email.young-children.liquid</c> or
/// <c>thank-you.email.fr-ca.liquid</c>.
/// </summary>
/// <param name="Kind">The kind of touch.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Segment">A customer tag (lower case), or null for every customer.</param>
/// <param name="Language">A lower-case BCP 47 tag, or null for the default language.</param>
/// <remarks>
/// With one part after the channel, the part is a language when it reads as one (a known language
/// code of two or three letters, then at most a four-letter script and a region: <c>fr</c>,
/// <c>fr-ca</c>, <c>zh-hant</c>), else a segment. With two parts, the first is the segment and the
/// second the language.
/// </remarks>
public sealed record TemplateName(TouchKind Kind, Channel Channel, string? Segment, string? Language)
{
    /// <summary>The file extension of a template.</summary>
    public const string Extension = ".liquid";

    private static readonly Lazy<FrozenSet<string>> KnownLanguages = new(() =>
        CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .Select(c => c.Name)
            .Where(n => n.Length is 2 or 3)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>The file name this template is stored under.</summary>
    public string FileName =>
        string.Join('.', new[] { EnumText.ToText(Kind), EnumText.ToText(Channel), Segment, Language }.Where(p => p is not null)) + Extension;

    /// <inheritdoc />
    public override string ToString() => FileName;

    /// <summary>Reads a template's file name (without folder).</summary>
    /// <param name="fileName">The name, such as <c>thank-you.email.fr.liquid</c>.</param>
    public static ParseResult<TemplateName> Parse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            return ParseResult<TemplateName>.ForError($"a template's name ends in '{Extension}'");
        }

        var parts = fileName[..^Extension.Length].ToLowerInvariant().Split('.');
        if (parts.Length is < 2 or > 4)
        {
            return ParseResult<TemplateName>.ForError("a template's name is kind.channel[.segment][.language].liquid, such as thank-you.email.liquid");
        }

        var kind = EnumText.Parse<TouchKind>(parts[0], "kind of touch");
        if (!kind.Success || kind.Value.IsInboundOnly())
        {
            return ParseResult<TemplateName>.ForError($"'{parts[0]}' is not a kind of touch Rapport sends (expected one of: {string.Join(", ", OutboundKinds())})");
        }

        if (!IsKebab(parts[0]))
        {
            return ParseResult<TemplateName>.ForError($"write the kind as '{EnumText.ToText(kind.Value)}'");
        }

        var channel = EnumText.Parse<Channel>(parts[1], "channel");
        if (!channel.Success || !IsKebab(parts[1]))
        {
            return ParseResult<TemplateName>.ForError($"'{parts[1]}' is not a channel (expected one of: {string.Join(", ", EnumText.AllTexts<Channel>())})");
        }

        string? segment = null;
        string? language = null;
        if (parts.Length == 3)
        {
            if (IsLanguage(parts[2]))
            {
                language = parts[2];
            }
            else if (IsKebab(parts[2]))
            {
                segment = parts[2];
            }
            else
            {
                return ParseResult<TemplateName>.ForError($"'{parts[2]}' is neither a segment (a customer tag such as young-children) nor a language (such as fr or fr-ca)");
            }
        }
        else if (parts.Length == 4)
        {
            if (!IsKebab(parts[2]))
            {
                return ParseResult<TemplateName>.ForError($"'{parts[2]}' is not a segment (a customer tag such as young-children: letters, digits and hyphens)");
            }

            if (!IsLanguage(parts[3]))
            {
                return ParseResult<TemplateName>.ForError($"'{parts[3]}' is not a language tag (such as fr or fr-ca)");
            }

            segment = parts[2];
            language = parts[3];
        }

        return ParseResult<TemplateName>.ForValue(new TemplateName(kind.Value, channel.Value, segment, language));
    }

    /// <summary>Whether a part reads as a language tag: a known language, then at most a script and a region.</summary>
    internal static bool IsLanguage(string part)
    {
        var subtags = part.Split('-');
        if (subtags.Length > 3 || subtags[0].Length is < 2 or > 3 || !subtags[0].All(char.IsAsciiLetterLower))
        {
            return false;
        }

        // Without ICU (invariant globalization) .NET knows no languages; any two or three letters will do.
        var known = KnownLanguages.Value;
        if (known.Count > 50 && !known.Contains(subtags[0]))
        {
            return false;
        }

        var next = 1;
        if (next < subtags.Length && subtags[next].Length == 4 && subtags[next].All(char.IsAsciiLetterLower))
        {
            next++;
        }

        if (next < subtags.Length && (subtags[next] is { Length: 2 } region && region.All(char.IsAsciiLetterLower)
            || subtags[next] is { Length: 3 } area && area.All(char.IsAsciiDigit)))
        {
            next++;
        }

        return next == subtags.Length;
    }

    private static bool IsKebab(string part) =>
        part.Length > 0 && part[0] != '-' && part[^1] != '-' && !part.Contains("--", StringComparison.Ordinal)
        && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static IEnumerable<string> OutboundKinds() =>
        Enum.GetValues<TouchKind>().Where(k => !k.IsInboundOnly()).Select(EnumText.ToText);
}
