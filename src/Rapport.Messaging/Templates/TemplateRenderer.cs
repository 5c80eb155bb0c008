using System.Globalization;
using System.Text;
using Fluid;
using Rapport.Core.Common;
using Rapport.Core.Contact;

namespace Rapport.Messaging.Templates;

/// <summary>
/// Turns the facts of one touch into its message, through the template the library chooses for
/// the customer, and refuses (fails closed, SPEC R7) whenever the message would not be personal
/// and complete.
/// </summary>
/// <remarks>
/// <para>No message, only a <see cref="RenderProblem"/>, when: no template exists for the kind and
/// channel; the template cannot be used (a Liquid error, a field or filter that does not exist,
/// even inside an <c>if</c>); it writes a field that is empty for this customer (testing one with
/// <c>if</c> is fine); the message is empty; or it contains a form-letter phrase ("Dear Sir or
/// Madam", "Valued Customer", "Dear Customer", "&lt;name inserted here&gt;", "Lorem ipsum"),
/// Liquid left over (<c>{{</c>, <c>}}</c>, <c>{%</c>), a placeholder such as <c>[FIRST NAME]</c>,
/// or "thanks for trying us" to a customer who has bought before.</para>
/// <para>Thread-safe: templates are parsed once by the library; each render has its own context.</para>
/// </remarks>
public sealed class TemplateRenderer(TemplateLibrary library)
{
    private const string DefaultLanguage = "en-GB";

    [ThreadStatic]
    private static StringWriter? _writer;

    /// <summary>The templates this renderer uses.</summary>
    public TemplateLibrary Library { get; } = library ?? throw new ArgumentNullException(nameof(library));

    /// <summary>Renders one touch.</summary>
    /// <param name="facts">What Rapport knows for this touch and customer.</param>
    public RenderResult Render(MessageFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var template = Library.Find(facts.Kind, facts.Channel, facts.Tags, facts.Language);
        if (template is null)
        {
            var plain = new TemplateName(facts.Kind, facts.Channel, null, null).FileName;
            return Fail(facts, null, null, $"no template for a {EnumText.ToText(facts.Kind)} by {EnumText.ToText(facts.Channel)} (add {plain})");
        }

        var file = template.FileName;
        if (template.Error is { } error)
        {
            var where = error.Line == 0 ? string.Empty
                : error.Column == 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {error.Line})")
                : string.Create(CultureInfo.InvariantCulture, $" (line {error.Line}, column {error.Column})");
            return Fail(facts, file, template.ErrorField, $"{file}: {error.Message}{where}");
        }

        var log = new RenderLog();
        var context = new TemplateContext(new MessageModel(facts, log), TemplateReader.Options)
        {
            // A template that asks for "now" gets the touch's day, never the clock.
            Now = () => new DateTimeOffset(facts.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };

        string text;
        string? subject = null;
        try
        {
            if (template.Subject is not null)
            {
                subject = SubjectLine(Run(template.Subject, context));
            }

            text = Tidy(Run(template.Body!, context));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Fail(facts, file, null, $"{file}: {exception.Message}");
        }

        if (log.MissingField is { } missing)
        {
            return Fail(facts, file, missing, $"{file}: field '{missing}' is empty for this customer");
        }

        if (subject is { Length: 0 })
        {
            return Fail(facts, file, null, $"{file}: the subject is empty for this customer");
        }

        if (text.Length == 0)
        {
            return Fail(facts, file, null, $"{file}: the message is empty for this customer");
        }

        var firstPurchase = facts.Relationship == Relationship.First;
        var found = (subject is null ? null : FormLetterCheck.Find(subject, firstPurchase)) ?? FormLetterCheck.Find(text, firstPurchase);
        if (found is { } formLetter)
        {
            return Fail(facts, file, formLetter.Found, $"{file}: {formLetter.Message}");
        }

        var html = facts.Channel == Channel.Email ? HtmlLayout.Build(subject ?? string.Empty, text, template.Name.Language ?? DefaultLanguage) : null;
        return RenderResult.Rendered(new RenderedMessage(facts.TouchKey, facts.CustomerId, facts.Kind, facts.Channel, file, subject, text, html));
    }

    private static string Run(IFluidTemplate template, TemplateContext context)
    {
        var writer = _writer ??= new StringWriter(new StringBuilder(2048), CultureInfo.InvariantCulture);
        var buffer = writer.GetStringBuilder();
        buffer.Clear();
        var rendering = template.RenderAsync(writer, NullEncoder.Default, context);
        if (!rendering.IsCompletedSuccessfully)
        {
            // Nothing in a message template waits on I/O; this only surfaces an exception.
            rendering.AsTask().GetAwaiter().GetResult();
        }

        var result = buffer.ToString();
        if (buffer.Capacity > 64 * 1024)
        {
            // One huge message should not pin its buffer to the thread for good.
            _writer = null;
        }

        return result;
    }

    /// <summary>
    /// The text as it goes out: no white space at line ends, at most one blank line in a row, none
    /// at the start or the end.
    /// </summary>
    internal static string Tidy(string text)
    {
        var builder = new StringBuilder(text.Length);
        var blankLines = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.TrimEnd();
            if (line.IsEmpty)
            {
                blankLines++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n', blankLines > 0 ? 2 : 1);
            }

            blankLines = 0;
            builder.Append(line);
        }

        return builder.ToString();
    }

    /// <summary>A subject is one line: every run of white space becomes one space.</summary>
    private static string SubjectLine(string rendered) =>
        string.Join(' ', rendered.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static RenderResult Fail(MessageFacts facts, string? template, string? field, string message) =>
        RenderResult.Failed(new RenderProblem(facts.TouchKey, facts.CustomerId, facts.Kind, facts.Channel, template, field, message));
}
