using System.Reflection;
using System.Text;
using Rapport.Core.Contact;
using Rapport.Core.Touches;

namespace Rapport.Messaging.Templates;

/// <summary>
/// Every template Rapport may use: the ones shipped with it, and those in the user's folder, which
/// replace a shipped one of the same file name or add segments and languages. Each is parsed once.
/// </summary>
/// <remarks>
/// <para>Problems are values: a file with a bad name, a bad header, a Liquid error or a field that
/// does not exist is listed in <see cref="Errors"/> with file, line and column. A broken file still
/// takes its place (a broken override is never replaced by the default behind it): touches that
/// would use it fail closed with a <see cref="RenderProblem"/>.</para>
/// <para>Immutable once loaded, and safe to use from many threads.</para>
/// </remarks>
public sealed class TemplateLibrary
{
    private const string ResourcePrefix = "Rapport.Messaging.Templates.Defaults.";

    private static readonly int ChannelCount = Enum.GetValues<Channel>().Length;

    private static readonly Lazy<TemplateLibrary> Shipped = new(() => Build(null, []));

    private static readonly Lazy<(IReadOnlyList<MessageTemplate> Templates, IReadOnlyList<TemplateError> Errors)> ShippedTemplates = new(ReadDefaults);

    private readonly Slot?[] _slots;

    private TemplateLibrary(string? folder, IReadOnlyList<MessageTemplate> templates, IReadOnlyList<TemplateError> errors)
    {
        Folder = folder;
        Templates = templates;
        Errors = errors;
        _slots = new Slot?[Enum.GetValues<TouchKind>().Length * ChannelCount];
        foreach (var template in templates)
        {
            var name = template.Name;
            var slot = _slots[Index(name.Kind, name.Channel)] ??= new Slot();
            slot.Add(template);
        }
    }

    /// <summary>The user's folder, or null for the shipped templates alone.</summary>
    public string? Folder { get; }

    /// <summary>The templates in use, by file name: the user's where they replace a shipped one.</summary>
    public IReadOnlyList<MessageTemplate> Templates { get; }

    /// <summary>Every file that cannot be used, and why; empty when all is well.</summary>
    public IReadOnlyList<TemplateError> Errors { get; }

    /// <summary>The shipped templates alone.</summary>
    public static TemplateLibrary Defaults => Shipped.Value;

    /// <summary>The shipped templates with the user's folder over them.</summary>
    /// <param name="folder">
    /// The user's templates folder (<c>--templates DIR</c>, <c>RAPPORT_TEMPLATES</c>, or <c>./templates</c>
    /// when it exists), or null for the shipped templates alone. Only <c>*.liquid</c> files directly in
    /// it are read; other files are left alone.
    /// </param>
    public static TemplateLibrary Load(string? folder)
    {
        if (folder is null)
        {
            return Defaults;
        }

        if (!Directory.Exists(folder))
        {
            return Build(folder, [], [new TemplateError(folder, 0, 0, "the templates folder does not exist")]);
        }

        var files = new List<(string Location, string FileName, string Text)>();
        var errors = new List<TemplateError>();
        foreach (var path in Directory.EnumerateFiles(folder, "*" + TemplateName.Extension).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            if (fileName.StartsWith('.'))
            {
                // Editors' lock and swap files.
                continue;
            }

            try
            {
                files.Add((path, fileName, File.ReadAllText(path, Encoding.UTF8)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                errors.Add(new TemplateError(path, 0, 0, $"cannot be read: {exception.Message}"));
            }
        }

        return Build(folder, files, errors);
    }

    /// <summary>The shipped templates with the given files over them, as if read from a folder: for tests and checks.</summary>
    internal static TemplateLibrary FromTexts(string folder, IEnumerable<(string FileName, string Text)> files) =>
        Build(folder, files.Select(f => (Path.Combine(folder, f.FileName), f.FileName, f.Text)).ToList());

    /// <summary>
    /// The template for a touch: the most specific one the customer matches. For each of the
    /// customer's tags in order, the segment in their language; then their language alone; then
    /// each tag alone; then the plain template. A language with a region (<c>fr-ca</c>) falls back
    /// to the language (<c>fr</c>) at each step.
    /// </summary>
    /// <param name="kind">The kind of touch.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="tags">The customer's tags, most important first; case and spaces do not matter (<c>Young Children</c> is <c>young-children</c>).</param>
    /// <param name="language">The customer's language (BCP 47, any case), or null.</param>
    /// <returns>The template, or null when none exists for the kind and channel.</returns>
    public MessageTemplate? Find(TouchKind kind, Channel channel, IReadOnlyList<string>? tags, string? language)
    {
        if ((uint)Index(kind, channel) >= (uint)_slots.Length || _slots[Index(kind, channel)] is not { } slot)
        {
            return null;
        }

        tags ??= [];
        language = string.IsNullOrWhiteSpace(language) ? null : language.Trim().Replace('_', '-');
        if (language is not null && slot.BySegmentLanguage is { } bySegmentLanguage)
        {
            foreach (var tag in tags)
            {
                if (bySegmentLanguage.TryGetValue(Segment(tag), out var byLanguage) && InLanguage(byLanguage, language) is { } found)
                {
                    return found;
                }
            }
        }

        if (language is not null && slot.ByLanguage is { } languages && InLanguage(languages, language) is { } inLanguage)
        {
            return inLanguage;
        }

        if (slot.BySegment is { } segments)
        {
            foreach (var tag in tags)
            {
                if (segments.TryGetValue(Segment(tag), out var found))
                {
                    return found;
                }
            }
        }

        return slot.Plain;
    }

    /// <summary>
    /// Writes the shipped templates into a folder for the user to edit; a file already there is
    /// kept unless <paramref name="overwrite"/> is set.
    /// </summary>
    /// <param name="folder">The folder; made when missing.</param>
    /// <param name="overwrite">Whether to replace files already there.</param>
    public static TemplateExport ExportDefaults(string folder, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var kept = new List<string>();
        foreach (var template in ShippedTemplates.Value.Templates)
        {
            var path = Path.Combine(folder, template.FileName);
            if (!overwrite && File.Exists(path))
            {
                kept.Add(path);
                continue;
            }

            File.WriteAllText(path, template.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return new TemplateExport(written, kept);
    }

    private static TemplateLibrary Build(string? folder, IReadOnlyList<(string Location, string FileName, string Text)> files, IEnumerable<TemplateError>? readErrors = null)
    {
        var (defaults, defaultErrors) = ShippedTemplates.Value;
        var byName = defaults.ToDictionary(t => t.Name);
        var errors = new List<TemplateError>(defaultErrors);
        errors.AddRange(readErrors ?? []);
        var fromFolder = new Dictionary<TemplateName, string>();
        foreach (var (location, fileName, text) in files)
        {
            var name = TemplateName.Parse(fileName);
            if (!name.Success)
            {
                errors.Add(TemplateReader.BadName(location, name.Error!));
                continue;
            }

            if (fromFolder.TryGetValue(name.Value, out var first))
            {
                errors.Add(TemplateReader.BadName(location, $"the same template as {Path.GetFileName(first)}; keep one of them"));
                continue;
            }

            fromFolder.Add(name.Value, location);
            var template = TemplateReader.Read(name.Value, location, text, isDefault: false);
            byName[name.Value] = template;
            if (template.Error is { } error)
            {
                errors.Add(error);
            }
        }

        var templates = byName.Values.OrderBy(t => t.FileName, StringComparer.Ordinal).ToArray();
        return new TemplateLibrary(folder, templates, errors);
    }

    private static (IReadOnlyList<MessageTemplate>, IReadOnlyList<TemplateError>) ReadDefaults()
    {
        var assembly = typeof(TemplateLibrary).Assembly;
        var templates = new List<MessageTemplate>();
        var errors = new List<TemplateError>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var location = "defaults/" + fileName;
            var name = TemplateName.Parse(fileName);
            if (!name.Success)
            {
                errors.Add(TemplateReader.BadName(location, name.Error!));
                continue;
            }

            var template = TemplateReader.Read(name.Value, location, ReadResource(assembly, resource), isDefault: true);
            templates.Add(template);
            if (template.Error is { } error)
            {
                errors.Add(error);
            }
        }

        return (templates, errors);
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded template {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static int Index(TouchKind kind, Channel channel) => ((int)kind * ChannelCount) + (int)channel;

    private static string Segment(string tag) =>
        tag.AsSpan().IndexOfAny(' ', '_') >= 0 || tag.AsSpan().Trim().Length != tag.Length
            ? tag.Trim().Replace(' ', '-').Replace('_', '-')
            : tag;

    private static MessageTemplate? InLanguage(Dictionary<string, MessageTemplate> byLanguage, string language)
    {
        var lookup = byLanguage.GetAlternateLookup<ReadOnlySpan<char>>();
        var tag = language.AsSpan();
        while (true)
        {
            if (lookup.TryGetValue(tag, out var found))
            {
                return found;
            }

            var cut = tag.LastIndexOf('-');
            if (cut <= 0)
            {
                return null;
            }

            tag = tag[..cut];
        }
    }

    /// <summary>The templates of one kind and channel, by how specific they are.</summary>
    private sealed class Slot
    {
        public MessageTemplate? Plain { get; private set; }

        public Dictionary<string, MessageTemplate>? ByLanguage { get; private set; }

        public Dictionary<string, MessageTemplate>? BySegment { get; private set; }

        public Dictionary<string, Dictionary<string, MessageTemplate>>? BySegmentLanguage { get; private set; }

        public void Add(MessageTemplate template)
        {
            switch (template.Name)
            {
                case { Segment: null, Language: null }:
                    Plain = template;
                    break;
                case { Segment: null, Language: { } language }:
                    (ByLanguage ??= NewIndex())[language] = template;
                    break;
                case { Segment: { } segment, Language: null }:
                    (BySegment ??= NewIndex())[segment] = template;
                    break;
                case { Segment: { } segment, Language: { } language }:
                    BySegmentLanguage ??= new Dictionary<string, Dictionary<string, MessageTemplate>>(StringComparer.OrdinalIgnoreCase);
                    if (!BySegmentLanguage.TryGetValue(segment, out var byLanguage))
                    {
                        BySegmentLanguage[segment] = byLanguage = NewIndex();
                    }

                    byLanguage[language] = template;
                    break;
            }
        }

        private static Dictionary<string, MessageTemplate> NewIndex() => new(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>What <see cref="TemplateLibrary.ExportDefaults"/> did.</summary>
/// <param name="Written">The files written.</param>
/// <param name="Kept">The files already there and left as they were.</param>
public sealed record TemplateExport(IReadOnlyList<string> Written, IReadOnlyList<string> Kept);
