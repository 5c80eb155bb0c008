using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

/// <summary>The templates shipped with Rapport: each one renders, and says what the seeds ask it to say.</summary>
public sealed class DefaultTemplateTests
{
    private static readonly TemplateRenderer Renderer = new(TemplateLibrary.Defaults);

    public static TheoryData<string> DefaultFiles() => new(TemplateLibrary.Defaults.Templates.Select(t => t.FileName));

    private static MessageTemplate Template(string fileName) =>
        TemplateLibrary.Defaults.Templates.Single(t => t.FileName == fileName);

    /// <summary>The facts that make the library choose this very file.</summary>
    private static MessageFacts For(MessageTemplate template, MessageFacts facts) => facts with
    {
        Tags = template.Name.Segment is { } segment ? [segment] : [],
        Language = template.Name.Language ?? "en",
    };

    private static RenderedMessage Rendered(MessageFacts facts)
    {
        var result = Renderer.Render(facts);
        Assert.True(result.IsRendered, result.Problem?.Message);
        return result.Message;
    }

    [Theory]
    [MemberData(nameof(DefaultFiles))]
    public void Default_RendersForACustomerWithEverythingOnRecord(string fileName)
    {
        var template = Template(fileName);

        var message = Rendered(For(template, Facts.Full(template.Name.Kind, template.Name.Channel)));

        Assert.Equal(fileName, message.Template);
        Assert.Contains("Jane", message.Subject + message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DefaultFiles))]
    public void Default_RendersForACustomerWithOnlyAnIdAndAFirstName(string fileName)
    {
        var template = Template(fileName);
        if (template.Name.Kind == TouchKind.WelcomeKit)
        {
            // The account manager and their number are the point of a welcome kit (S3): tested below.
            return;
        }

        var message = Rendered(For(template, Facts.Minimal(template.Name.Kind, template.Name.Channel)));

        Assert.Contains("Sam", message.Subject + message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DefaultFiles))]
    public void Default_EndsWithThePreferenceLinkWhereTheCustomerReadsIt(string fileName)
    {
        var template = Template(fileName);
        var message = Rendered(For(template, Facts.Full(template.Name.Kind, template.Name.Channel)));

        // R3: a link in every message; a call script is read to the customer, not sent.
        if (template.Name.Channel == Channel.Phone)
        {
            Assert.DoesNotContain("rapport.example.com", message.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.EndsWith("https://rapport.example.com/p/Xy7Kq2", message.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DefaultFiles))]
    public void Default_ByEmail_HasAPersonalSubject(string fileName)
    {
        var template = Template(fileName);
        if (template.Name.Channel != Channel.Email)
        {
            return;
        }

        var message = Rendered(For(template, Facts.Full(template.Name.Kind, template.Name.Channel)));

        Assert.Contains("Jane", message.Subject, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", message.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DefaultFiles))]
    public void Default_BySms_FitsInTwoTexts(string fileName)
    {
        var template = Template(fileName);
        if (template.Name.Channel != Channel.Sms)
        {
            return;
        }

        var facts = For(template, Facts.Full(template.Name.Kind, template.Name.Channel)) with
        {
            Moment = new MomentFacts("in:1", InboundKind: TouchKind.Compliment, ReferredName: "Alexandra Montgomery-Smith"),
            Branch = Facts.Full(TouchKind.CheckIn, Channel.Sms).Branch! with { Name = "Harrogate Station Parade" },
        };

        Assert.InRange(Rendered(facts).Text.Length, 1, 320);
    }

    [Fact]
    public void Default_EmailWithoutAnyName_FailsClosed()
    {
        var facts = Facts.Minimal(TouchKind.CheckIn, Channel.Email) with { FirstName = null };

        var result = Renderer.Render(facts);

        Assert.Equal("customer.name", result.Problem!.Field);
    }

    [Fact]
    public void Default_BusinessAccountWithoutAFirstName_IsGreetedByItsName()
    {
        var facts = Facts.Minimal(TouchKind.CheckIn, Channel.Email) with { FirstName = null, Company = "Doe Interiors Ltd" };

        Assert.StartsWith("Dear Doe Interiors Ltd,", Rendered(facts).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Social)]
    [InlineData(Channel.Phone)]
    public void Render_LongTimeCustomer_ThankYouNamesTenureNeverTrying(Channel channel)
    {
        var message = Rendered(Facts.Full(TouchKind.ThankYou, channel));

        Assert.Contains("five years", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("trying us", message.Subject + message.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("first order", message.Subject + message.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Social)]
    [InlineData(Channel.Phone)]
    public void Render_FirstPurchase_ThankYouSaysFirstOrder(Channel channel)
    {
        var facts = Facts.Full(TouchKind.ThankYou, channel) with { Relationship = Relationship.First, OrderCount = 1, CustomerSince = Facts.Day };

        Assert.Contains("first order", Rendered(facts).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Social)]
    public void Render_ReturningCustomer_ThankYouWelcomesThemBack(Channel channel)
    {
        var facts = Facts.Full(TouchKind.ThankYou, channel) with { Relationship = Relationship.Returning, OrderCount = 3 };

        var text = Rendered(facts).Text;

        Assert.Contains("coming back", text, StringComparison.Ordinal);
        Assert.DoesNotContain("first order", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FrenchCustomer_GetsTheFrenchThankYou()
    {
        var facts = Facts.Full(TouchKind.ThankYou, Channel.Email) with { Language = "fr-CA" };
        Assert.Equal("thank-you.email.fr.liquid", TemplateLibrary.Defaults.Find(TouchKind.ThankYou, Channel.Email, [], "fr")?.FileName);
        Assert.Equal("thank-you.email.fr.liquid", TemplateLibrary.Defaults.Find(TouchKind.ThankYou, Channel.Email, [], "fr-ca")?.FileName);

        var message = Rendered(facts);

        Assert.Equal("thank-you.email.fr.liquid", message.Template);
        Assert.Contains("Voilà 5 ans que vous nous faites confiance", message.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FamilyWithYoungChildren_GetsTheirNewsletter()
    {
        var facts = Facts.Full(TouchKind.Newsletter, Channel.Email) with { Tags = ["dog-owners", "young-children"] };

        var message = Rendered(facts);

        Assert.Equal("newsletter.email.young-children.liquid", message.Template);
        Assert.Contains("young children", message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    public void Render_WelcomeKit_NamesTheAccountManagerTheirNumberAndTheBranch(Channel channel)
    {
        var text = Rendered(Facts.Full(TouchKind.WelcomeKit, channel)).Text;

        Assert.Contains("Priya Shah", text, StringComparison.Ordinal);
        Assert.Contains("+44 113 496 0123", text, StringComparison.Ordinal);
        Assert.Contains("Leeds Kirkgate", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    public void Render_WelcomeKitWithoutAccountManagerOrBranch_FailsClosed(Channel channel)
    {
        var full = Facts.Full(TouchKind.WelcomeKit, channel);

        Assert.Equal("account_manager.name", Renderer.Render(full with { AccountManager = null }).Problem?.Field);
        Assert.Equal("account_manager.phone", Renderer.Render(full with { AccountManager = full.AccountManager! with { Phone = null } }).Problem?.Field);
        Assert.Equal("branch.name", Renderer.Render(full with { Branch = null }).Problem?.Field);
    }

    [Theory]
    [InlineData(TouchKind.Suggestion, "a little gift is on its way")]
    [InlineData(TouchKind.Compliment, "May we quote you?")]
    [InlineData(TouchKind.Complaint, "we're truly sorry")]
    [InlineData(TouchKind.Correspondence, "Thank you for your letter")]
    public void Render_Acknowledgement_AnswersWhatTheCustomerSent(TouchKind inbound, string expected)
    {
        var facts = Facts.Full(TouchKind.Acknowledgement, Channel.Email) with { Moment = new MomentFacts("in:7", InboundKind: inbound) };

        Assert.Contains(expected, Rendered(facts).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TouchKind.Suggestion, "gift")]
    [InlineData(TouchKind.Compliment, "quote")]
    [InlineData(TouchKind.Complaint, "sorry")]
    public void Render_AcknowledgementOnEveryChannel_AnswersWhatTheCustomerSent(TouchKind inbound, string expected)
    {
        foreach (var channel in new[] { Channel.Print, Channel.Sms, Channel.Social, Channel.Phone })
        {
            var facts = Facts.Full(TouchKind.Acknowledgement, channel) with { Moment = new MomentFacts("in:7", InboundKind: inbound) };

            Assert.Contains(expected, Rendered(facts).Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_CareCallAfterAComplaint_ApologisesListensAndSaysWhatWeWillDo()
    {
        var facts = Facts.Full(TouchKind.CareCall, Channel.Phone) with { Moment = new MomentFacts("in:9", InboundKind: TouchKind.Complaint, InboundNote: "The table arrived scratched.") };

        var script = Rendered(facts).Text;

        Assert.Contains("I'm sorry", script, StringComparison.Ordinal);
        Assert.Contains("The table arrived scratched.", script, StringComparison.Ordinal);
        Assert.Contains("Say exactly what we will do", script, StringComparison.Ordinal);
        Assert.Contains("not a sales call", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CareCallToALapsingCustomer_GivesTheWarningAndIsNotASalesCall()
    {
        var facts = Facts.Full(TouchKind.CareCall, Channel.Phone) with { Moment = new MomentFacts("warning:C-1042", Warning: "no purchase for 14 months, twice their usual interval") };

        var script = Rendered(facts).Text;

        Assert.Contains("no purchase for 14 months, twice their usual interval", script, StringComparison.Ordinal);
        Assert.Contains("This is not a sales call", script, StringComparison.Ordinal);
        Assert.Contains("This isn't a sales call", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RegularCareCall_AsksHowThingsAre()
    {
        var script = Rendered(Facts.Full(TouchKind.CareCall, Channel.Phone) with { Moment = null }).Text;

        Assert.StartsWith("Care call to Jane Doe", script, StringComparison.Ordinal);
        Assert.Contains("How are things going with the oak dining table?", script, StringComparison.Ordinal);
        Assert.DoesNotContain("sorry", script, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("gift", "A small gift is on its way")]
    [InlineData("advisory-board", "customer advisory board")]
    public void Render_Reward_GiftOrAdvisoryBoardInvitation(string choice, string expected)
    {
        foreach (var channel in new[] { Channel.Email, Channel.Print })
        {
            var facts = Facts.Full(TouchKind.Reward, channel) with { Moment = new MomentFacts("reward:2026", RewardChoice: choice) };

            Assert.Contains(expected, Rendered(facts).Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Print)]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Social)]
    [InlineData(Channel.Phone)]
    public void Render_ReferralThanks_NamesTheNewCustomer(Channel channel)
    {
        var facts = Facts.Full(TouchKind.ReferralThanks, channel) with { Moment = new MomentFacts("customer:C-2001", ReferredName: "Tom Baker") };

        Assert.Contains("Tom Baker", Rendered(facts).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12, "Season's greetings", "Christmas")]
    [InlineData(1, "Happy New Year", "New Year")]
    [InlineData(4, "Warm wishes for the holiday", "holiday")]
    public void Render_HolidayGreeting_FitsTheSeason(int month, string subject, string text)
    {
        var message = Rendered(Facts.Full(TouchKind.HolidayGreeting, Channel.Email) with { Day = new DateOnly(2026, month, 20) });

        Assert.StartsWith(subject, message.Subject, StringComparison.Ordinal);
        Assert.Contains(text, message.Text, StringComparison.Ordinal);
    }
}
