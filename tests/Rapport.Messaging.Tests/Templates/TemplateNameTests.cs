using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

public sealed class TemplateNameTests
{
    [Theory]
    // The plain template of a kind and channel.
    [InlineData("thank-you.email.liquid", TouchKind.ThankYou, Channel.Email, null, null)]
    // A customer tag picks a segment (S2 #5).
    [InlineData("newsletter.email.young-children.liquid", TouchKind.Newsletter, Channel.Email, "young-children", null)]
    // A known language code alone is a language, not a segment.
    [InlineData("thank-you.email.fr.liquid", TouchKind.ThankYou, Channel.Email, null, "fr")]
    // A language with a region.
    [InlineData("thank-you.print.fr-ca.liquid", TouchKind.ThankYou, Channel.Print, null, "fr-ca")]
    // Three letters and a hyphen, but not a known language: a segment.
    [InlineData("offer.sms.pet-owners.liquid", TouchKind.Offer, Channel.Sms, "pet-owners", null)]
    // Both: the segment first, then the language.
    [InlineData("care-call.phone.young-children.de.liquid", TouchKind.CareCall, Channel.Phone, "young-children", "de")]
    // File names are read in any case.
    [InlineData("Holiday-Greeting.SMS.liquid", TouchKind.HolidayGreeting, Channel.Sms, null, null)]
    public void Parse_GoodName_ReadsKindChannelSegmentAndLanguage(string fileName, TouchKind kind, Channel channel, string? segment, string? language)
    {
        var name = TemplateName.Parse(fileName);

        Assert.True(name.Success, name.Error);
        Assert.Equal(new TemplateName(kind, channel, segment, language), name.Value);
    }

    [Theory]
    [InlineData("thank-you.email.liquid")]
    [InlineData("newsletter.email.young-children.liquid")]
    [InlineData("thank-you.email.young-children.fr-ca.liquid")]
    public void FileName_OfParsedName_IsTheNameAgain(string fileName) =>
        Assert.Equal(fileName, TemplateName.Parse(fileName).Value.FileName);

    [Theory]
    [InlineData("thanks.email.liquid", "'thanks' is not a kind of touch")]
    // Inbound kinds are what customers send; Rapport writes no templates for them.
    [InlineData("complaint.email.liquid", "'complaint' is not a kind of touch Rapport sends")]
    [InlineData("thank-you.fax.liquid", "'fax' is not a channel")]
    [InlineData("thank-you.email.txt", "ends in '.liquid'")]
    [InlineData("thank-you.liquid", "kind.channel[.segment][.language].liquid")]
    [InlineData("thank-you.email.a.b.c.liquid", "kind.channel[.segment][.language].liquid")]
    [InlineData("thank-you.email.young-children.families.liquid", "'families' is not a language tag")]
    [InlineData("thank-you.email.young_children.liquid", "neither a segment")]
    [InlineData("thank_you.email.liquid", "write the kind as 'thank-you'")]
    public void Parse_BadName_SaysWhat(string fileName, string expected)
    {
        var name = TemplateName.Parse(fileName);

        Assert.False(name.Success);
        Assert.Contains(expected, name.Error, StringComparison.Ordinal);
    }
}
