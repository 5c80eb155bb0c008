using System.Globalization;

namespace Rapport.Messaging.Templates;

/// <summary>Why a template file cannot be used: its name, its header, its Liquid, or a field it names.</summary>
/// <param name="File">The file as the user knows it: the path in the templates folder, or <c>defaults/NAME</c> for a shipped one.</param>
/// <param name="Line">The line (from 1), or 0 when the problem is the file as a whole (its name).</param>
/// <param name="Column">The column (from 1), or 0 when the problem is a whole line or file.</param>
/// <param name="Message">The problem in words.</param>
public sealed record TemplateError(string File, int Line, int Column, string Message)
{
    /// <summary>The problem as a compiler writes one: <c>templates/thank-you.email.liquid:3:14: …</c>.</summary>
    public override string ToString() => Line == 0
        ? $"{File}: {Message}"
        : Column == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}");
}
