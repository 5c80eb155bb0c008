using Fluid;

namespace Rapport.Messaging.Templates;

/// <summary>
/// One template file, parsed once: what it is for (from its name), its subject line (e-mail only)
/// and its text, or the error that makes it unusable.
/// </summary>
/// <remarks>
/// A template with an error still takes its place in the library, so that a broken file in the
/// user's folder is never silently replaced by the shipped default: touches that would use it
/// produce a <see cref="RenderProblem"/> instead of a message. Parsed templates are immutable and
/// rendered from many threads at once.
/// </remarks>
public sealed class MessageTemplate
{
    internal MessageTemplate(TemplateName name, string location, string text, bool isDefault, IFluidTemplate? subject, IFluidTemplate? body, TemplateError? error, string? errorField)
    {
        Name = name;
        Location = location;
        Text = text;
        IsDefault = isDefault;
        Subject = subject;
        Body = body;
        Error = error;
        ErrorField = errorField;
    }

    /// <summary>What the template is for.</summary>
    public TemplateName Name { get; }

    /// <summary>The file name, such as <c>thank-you.email.young-children.liquid</c>.</summary>
    public string FileName => Name.FileName;

    /// <summary>Where it came from: the path in the user's folder, or <c>defaults/NAME</c>.</summary>
    public string Location { get; }

    /// <summary>The file's text as written.</summary>
    public string Text { get; }

    /// <summary>Whether it is one of the templates shipped with Rapport.</summary>
    public bool IsDefault { get; }

    /// <summary>Why it cannot be used; null when it can.</summary>
    public TemplateError? Error { get; }

    /// <summary>For an unknown field or filter, its name as written.</summary>
    internal string? ErrorField { get; }

    internal IFluidTemplate? Subject { get; }

    internal IFluidTemplate? Body { get; }

    /// <inheritdoc />
    public override string ToString() => Location;
}
