using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fluid;
using Rapport.Core.Contact;

namespace Rapport.Messaging.Templates;

/// <summary>
/// Reads a template file: the header (<c>subject: …</c> lines, then <c>---</c>), the Liquid of the
/// subject and the text, and the names they use. Every problem is an error with line and column.
/// </summary>
internal static partial class TemplateReader
{
    /// <summary>Shared by every template: Fluid's parser is thread-safe once built.</summary>
    internal static readonly FluidParser Parser = new();

    /// <summary>Shared by every render; read-only after this point.</summary>
    internal static readonly TemplateOptions Options = new()
    {
        CultureInfo = CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,

        // A template loops only over an address; a runaway loop is a broken template, not a long letter.
        MaxSteps = 100_000,
        MaxRecursion = 20,
    };

    private const string Separator = "---";

    public static MessageTemplate Read(TemplateName name, string location, string text, bool isDefault)
    {
        var source = Normalise(text);
        var lines = source.Split('\n');
        var header = ReadHeader(lines, out var bodyLine, out var headerError);
        if (headerError is not null)
        {
            return Broken(headerError.Value.Line, headerError.Value.Column, headerError.Value.Message);
        }

        IFluidTemplate? subject = null;
        if (header.TryGetValue("subject", out var subjectLine))
        {
            if (name.Channel != Channel.Email)
            {
                return Broken(subjectLine.Line, 1, $"only e-mail has a subject; remove the header (the lines down to '{Separator}')");
            }

            if (string.IsNullOrWhiteSpace(subjectLine.Value))
            {
                return Broken(subjectLine.Line, 1, "the subject is empty");
            }

            if (!Parser.TryParse(subjectLine.Value, out subject, out var error))
            {
                var (_, column, message) = Position(error);
                return Broken(subjectLine.Line, subjectLine.Column + column - 1, message);
            }
        }
        else if (name.Channel == Channel.Email)
        {
            return Broken(1, 1, $"an e-mail template starts with a subject: a line 'subject: …', then a line '{Separator}'");
        }

        var body = Body(lines, bodyLine);
        if (string.IsNullOrWhiteSpace(body))
        {
            return Broken(bodyLine, 0, "the template has no text");
        }

        if (!Parser.TryParse(body, out var bodyTemplate, out var bodyError))
        {
            var (line, column, message) = Position(bodyError);
            return Broken(bodyLine + line - 1, column, message);
        }

        var problem = Check(subject) ?? Check(bodyTemplate);
        if (problem is not null)
        {
            var (line, column) = Locate(lines, problem.SearchText, bodyLine);
            return Broken(line, column, problem.Message, problem.Field);
        }

        return new MessageTemplate(name, location, text, isDefault, subject, bodyTemplate, null, null);

        MessageTemplate Broken(int line, int column, string message, string? field = null) =>
            new(name, location, text, isDefault, null, null, new TemplateError(location, line, column, message), field);
    }

    /// <summary>Reads a name that is not a template's: an error for the file as a whole.</summary>
    public static TemplateError BadName(string location, string error) => new(location, 0, 0, error);

    private static string Normalise(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        return text[start..].Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static Dictionary<string, HeaderLine> ReadHeader(string[] lines, out int bodyLine, out (int Line, int Column, string Message)? error)
    {
        var header = new Dictionary<string, HeaderLine>(StringComparer.Ordinal);
        bodyLine = 1;
        error = null;
        if (lines.Length == 0 || HeaderLinePattern().Match(lines[0]) is not { Success: true })
        {
            return header;
        }

        var end = Array.FindIndex(lines, l => l.TrimEnd() == Separator);
        var isHeader = end > 0 && lines.Take(end).All(l => HeaderLinePattern().IsMatch(l));
        if (!isHeader)
        {
            if (lines[0].StartsWith("subject:", StringComparison.OrdinalIgnoreCase))
            {
                error = (1, 1, $"the header must end with a line '{Separator}' before the text");
            }

            return header;
        }

        for (var i = 0; i < end; i++)
        {
            var match = HeaderLinePattern().Match(lines[i]);
            var key = match.Groups["key"].Value.ToLowerInvariant();
            if (key != "subject")
            {
                error = (i + 1, 1, $"'{match.Groups["key"].Value}' is not a header Rapport knows (the only one is subject:, for e-mail)");
                return header;
            }

            if (!header.TryAdd(key, new HeaderLine(i + 1, match.Groups["value"].Index + 1, match.Groups["value"].Value)))
            {
                error = (i + 1, 1, "the subject is given twice");
                return header;
            }
        }

        bodyLine = end + 2;
        return header;
    }

    /// <summary>
    /// The text from its first line, where a line that holds only tags (<c>{% if … %}</c>) leaves no
    /// empty line behind: its indentation and line break move inside the tag, where Liquid ignores them.
    /// </summary>
    /// <remarks>
    /// Lets a template put each <c>if</c> on a line of its own, as people write them, without stray
    /// blank lines in the message. Line numbers stay as written, so errors point into the file.
    /// </remarks>
    private static string Body(string[] lines, int firstLine)
    {
        var builder = new StringBuilder();
        for (var i = firstLine - 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var last = i == lines.Length - 1;
            var start = 0;
            while (start < line.Length && line[start] is ' ' or '\t')
            {
                start++;
            }

            var end = line.Length;
            while (end > start && line[end - 1] is ' ' or '\t')
            {
                end--;
            }

            var tags = line.AsSpan(start, end - start);
            if (last || !IsOnlyTags(tags) || tags.EndsWith("-%}"))
            {
                builder.Append(line);
                if (!last)
                {
                    builder.Append('\n');
                }

                continue;
            }

            var open = tags.StartsWith("{%-") ? 3 : 2;
            builder.Append(tags[..open]).Append(line.AsSpan(0, start)).Append(tags[open..^2]).Append(line.AsSpan(end)).Append('\n').Append("%}");
        }

        return builder.ToString();
    }

    private static bool IsOnlyTags(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            if (!text[i..].StartsWith("{%"))
            {
                return false;
            }

            var close = text[i..].IndexOf("%}");
            if (close < 0)
            {
                return false;
            }

            i += close + 2;
        }

        return true;
    }

    private static FieldProblem? Check(IFluidTemplate? template) =>
        template is Fluid.Parser.FluidTemplate parsed ? FieldCheck.Find(parsed.Statements, Options) : null;

    /// <summary>Reads Fluid's "… at (3:14)" into a line, a column and the message without the source excerpt.</summary>
    private static (int Line, int Column, string Message) Position(string error)
    {
        var match = PositionPattern().Match(error);
        if (!match.Success)
        {
            return (1, 0, error.Split('\n')[0]);
        }

        var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
        var column = int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture);
        return (line, column, error[..match.Index].Trim());
    }

    /// <summary>Where a name first appears in the file, as a whole word: the best pointer to an unknown field.</summary>
    private static (int Line, int Column) Locate(string[] lines, string text, int fromLine)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var at = -1;
            while ((at = lines[i].IndexOf(text, at + 1, StringComparison.Ordinal)) >= 0)
            {
                var before = at == 0 ? ' ' : lines[i][at - 1];
                var after = at + text.Length >= lines[i].Length ? ' ' : lines[i][at + text.Length];
                if (!IsNameChar(before) && !IsNameChar(after))
                {
                    return (i + 1, at + 1);
                }
            }
        }

        return (fromLine, 0);

        static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?<value>.*?)[ \t]*$")]
    private static partial Regex HeaderLinePattern();

    [GeneratedRegex(@" at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex PositionPattern();

    private readonly record struct HeaderLine(int Line, int Column, string Value);
}
