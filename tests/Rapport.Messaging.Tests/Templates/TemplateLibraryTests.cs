using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;
using Rapport.TestSupport;

namespace Rapport.Messaging.Tests.Templates;

public sealed class TemplateLibraryTests
{
    private static readonly string[] SegmentsAndLanguages =
    [
        "check-in.sms.liquid",
        "check-in.sms.fr.liquid",
        "check-in.sms.fr-ca.liquid",
        "check-in.sms.young-children.liquid",
        "check-in.sms.pet-owners.liquid",
        "check-in.sms.young-children.fr.liquid",
    ];

    [Theory]
    // Nothing matches: the plain template.
    [InlineData(new string[0], null, "check-in.sms.liquid")]
    [InlineData(new[] { "gardeners" }, "de", "check-in.sms.liquid")]
    // A tag alone picks its segment.
    [InlineData(new[] { "young-children" }, null, "check-in.sms.young-children.liquid")]
    [InlineData(new[] { "young-children" }, "en", "check-in.sms.young-children.liquid")]
    // Several tags: the customer's first tag that has a template.
    [InlineData(new[] { "gardeners", "pet-owners", "young-children" }, null, "check-in.sms.pet-owners.liquid")]
    // A language beats a segment.
    [InlineData(new[] { "pet-owners" }, "fr", "check-in.sms.fr.liquid")]
    // Segment and language together beat both.
    [InlineData(new[] { "young-children" }, "fr", "check-in.sms.young-children.fr.liquid")]
    // The full tag first, then its language.
    [InlineData(new string[0], "fr-ca", "check-in.sms.fr-ca.liquid")]
    [InlineData(new string[0], "fr-be", "check-in.sms.fr.liquid")]
    [InlineData(new[] { "young-children" }, "fr-ca", "check-in.sms.young-children.fr.liquid")]
    // Case and spelling of tags and languages do not matter.
    [InlineData(new[] { "Young Children" }, "FR_CA", "check-in.sms.young-children.fr.liquid")]
    public void Find_PicksTheMostSpecificTemplate(string[] tags, string? language, string expected)
    {
        var library = TemplateLibrary.FromTexts("templates", SegmentsAndLanguages.Select(f => (f, $"Hi {{{{ customer.first_name }}}} ({f})")));

        var found = library.Find(TouchKind.CheckIn, Channel.Sms, tags, language);

        Assert.Equal(expected, found?.FileName);
    }

    [Fact]
    public void Find_NoTemplateForKindAndChannel_IsNull() =>
        Assert.Null(TemplateLibrary.Defaults.Find(TouchKind.CareCall, Channel.Email, [], null));

    [Fact]
    public void Defaults_LoadWithoutErrors() =>
        Assert.Empty(TemplateLibrary.Defaults.Errors);

    [Fact]
    public void Defaults_CoverEveryKindOnEveryChannelItCanGoBy()
    {
        var missing =
            from kind in Enum.GetValues<TouchKind>()
            where !kind.IsInboundOnly()
            from channel in ChannelChoice.SuitableFor(kind)
            where TemplateLibrary.Defaults.Find(kind, channel, [], null) is null
            select $"{kind} by {channel}";

        Assert.Empty(missing);
    }

    [Fact]
    public void Load_UserFolder_ReplacesTheDefaultOfTheSameNameAndAddsNewOnes()
    {
        using var folder = new TempFolder();
        folder.Write("thank-you.sms.liquid", "Thanks a million, {{ customer.first_name }}!");
        folder.Write("thank-you.sms.gardeners.liquid", "Thanks, {{ customer.first_name }} – happy digging!");
        folder.Write("README.md", "Not a template: left alone.");

        var library = TemplateLibrary.Load(folder.Path);

        Assert.Empty(library.Errors);
        var replaced = library.Find(TouchKind.ThankYou, Channel.Sms, [], null);
        Assert.False(replaced!.IsDefault);
        Assert.Equal(folder.File("thank-you.sms.liquid"), replaced.Location);
        Assert.Equal("thank-you.sms.gardeners.liquid", library.Find(TouchKind.ThankYou, Channel.Sms, ["gardeners"], null)!.FileName);
        Assert.True(library.Find(TouchKind.ThankYou, Channel.Email, [], null)!.IsDefault);
        Assert.Equal(TemplateLibrary.Defaults.Templates.Count + 1, library.Templates.Count);
    }

    [Fact]
    public void Load_BrokenUserTemplate_IsAnErrorAndStillReplacesTheDefault()
    {
        using var folder = new TempFolder();
        folder.Write("thank-you.sms.liquid", "Thanks, {{ customer.first_name ");

        var library = TemplateLibrary.Load(folder.Path);
        var result = new TemplateRenderer(library).Render(Facts.Full(TouchKind.ThankYou, Channel.Sms));

        var error = Assert.Single(library.Errors);
        Assert.Equal(folder.File("thank-you.sms.liquid"), error.File);
        Assert.False(result.IsRendered);
        Assert.StartsWith("thank-you.sms.liquid: End of tag '}}' was expected (line 1, column", result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_IsAnError()
    {
        var library = TemplateLibrary.Load(Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}"));

        Assert.Contains("does not exist", Assert.Single(library.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    // A Liquid error in the text, counted from the top of the file (the header is two lines).
    [InlineData("check-in.email.liquid", "subject: Hello\n---\nDear {{ customer.first_name }},\n\n{% if tier %}\nAll well?\n", 6, "'{% endif %}' was expected")]
    [InlineData("check-in.sms.liquid", "Hi {{ customer.first_name }},\nhow are things? {{ customer.first_name | }}", 2, "An identifier was expected after the '|' sign")]
    // A Liquid error in the subject, at its column in the file.
    [InlineData("check-in.email.liquid", "subject: Hello {{ customer.first_name\n---\nHi", 1, "End of tag '}}' was expected")]
    // Header problems.
    [InlineData("check-in.email.liquid", "Dear {{ customer.first_name }}", 1, "an e-mail template starts with a subject")]
    [InlineData("check-in.email.liquid", "subject: Hello\nDear {{ customer.first_name }}", 1, "the header must end with a line '---'")]
    [InlineData("check-in.email.liquid", "subject: Hello\nfrom: me\n---\nHi", 2, "'from' is not a header Rapport knows")]
    [InlineData("check-in.email.liquid", "subject: Hello\nsubject: Again\n---\nHi", 2, "the subject is given twice")]
    [InlineData("check-in.email.liquid", "subject:\n---\nHi", 1, "the subject is empty")]
    [InlineData("check-in.print.liquid", "subject: Hello\n---\nDear {{ customer.first_name }}", 1, "only e-mail has a subject")]
    [InlineData("check-in.email.liquid", "subject: Hello\n---\n\n", 3, "the template has no text")]
    // Names that do not exist, found before any customer is rendered.
    [InlineData("check-in.sms.liquid", "Hi there,\n{% if moment %}{{ custmer.first_name }}{% endif %}", 2, "field 'custmer.first_name' does not exist")]
    [InlineData("check-in.sms.liquid", "Hi {{ customer.first_name | upcse }}", 1, "filter 'upcse' does not exist")]
    [InlineData("check-in.sms.liquid", "Hi {{ customer }}", 1, "'customer' is a group of fields")]
    public void Load_BadTemplate_ErrorNamesFileLineAndProblem(string fileName, string text, int line, string message)
    {
        var library = TemplateLibrary.FromTexts("templates", [(fileName, text)]);

        var error = Assert.Single(library.Errors);
        Assert.Equal(Path.Combine("templates", fileName), error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{error.File}:{line}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LiquidErrorInSubject_PointsAtItsColumnInTheFile()
    {
        var library = TemplateLibrary.FromTexts("templates", [("check-in.email.liquid", "subject: Hi {{ customer.first_name | }}\n---\nHi")]);

        var error = Assert.Single(library.Errors);
        Assert.Equal((1, 37), (error.Line, error.Column));
    }

    [Fact]
    public void Load_UnknownField_PointsAtWhereItIsWritten()
    {
        var library = TemplateLibrary.FromTexts("templates", [("check-in.sms.liquid", "Hello,\n\nhow is {{ customer.frist_name }}?")]);

        var error = Assert.Single(library.Errors);
        Assert.Equal((3, 11), (error.Line, error.Column));
        Assert.Equal("templates/check-in.sms.liquid:3:11: field 'customer.frist_name' does not exist", error.ToString());
    }

    [Fact]
    public void Load_BadFileName_IsAnErrorForTheWholeFile()
    {
        var library = TemplateLibrary.FromTexts("templates", [("thank-you.pigeon.liquid", "Coo")]);

        var error = Assert.Single(library.Errors);
        Assert.Equal(0, error.Line);
        Assert.Equal("templates/thank-you.pigeon.liquid: 'pigeon' is not a channel (expected one of: email, print, phone, sms, social)", error.ToString());
    }

    [Fact]
    public void ExportDefaults_WritesEveryShippedFileAndKeepsEditedOnes()
    {
        using var folder = new TempFolder();
        var edited = folder.Write("thank-you.sms.liquid", "My own thanks, {{ customer.first_name }}.");

        var export = TemplateLibrary.ExportDefaults(folder.Path);

        Assert.Equal([edited], export.Kept);
        Assert.Equal(TemplateLibrary.Defaults.Templates.Count - 1, export.Written.Count);
        Assert.Equal("My own thanks, {{ customer.first_name }}.", File.ReadAllText(edited));
        var reloaded = TemplateLibrary.Load(folder.Path);
        Assert.Empty(reloaded.Errors);
        Assert.All(reloaded.Templates, t => Assert.False(t.IsDefault));
        var welcome = TemplateLibrary.Defaults.Find(TouchKind.WelcomeKit, Channel.Email, [], null)!;
        Assert.Equal(welcome.Text, File.ReadAllText(folder.File(welcome.FileName)));
    }

    [Fact]
    public void ExportDefaults_Overwrite_ReplacesEditedFiles()
    {
        using var folder = new TempFolder();
        folder.Write("thank-you.sms.liquid", "Mine.");

        var export = TemplateLibrary.ExportDefaults(folder.Path, overwrite: true);

        Assert.Empty(export.Kept);
        Assert.NotEqual("Mine.", File.ReadAllText(folder.File("thank-you.sms.liquid")));
    }
}
