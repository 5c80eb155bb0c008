using System.Collections.Concurrent;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

public sealed class TemplateRendererTests
{
    private static RenderResult Render(string fileName, string text, MessageFacts facts) =>
        new TemplateRenderer(TemplateLibrary.FromTexts("templates", [(fileName, text)])).Render(facts);

    private static RenderResult RenderSms(string text, MessageFacts? facts = null) =>
        Render("check-in.sms.liquid", text, facts ?? Facts.Full(TouchKind.CheckIn, Channel.Sms));

    [Fact]
    public void Render_MisspeltField_FailsClosedNamingTheField()
    {
        var result = RenderSms("Hi {{ custmer.first_name }}, how are things?");

        Assert.False(result.IsRendered);
        Assert.Equal("custmer.first_name", result.Problem!.Field);
        Assert.Equal("check-in.sms.liquid", result.Problem.Template);
        Assert.StartsWith("check-in.sms.liquid: field 'custmer.first_name' does not exist", result.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MisspeltFieldInsideAnIfThisCustomerNeverEnters_StillFailsClosed()
    {
        var result = RenderSms("Hi {{ customer.first_name }}.{% if relationship == \"first\" %} Welcome, {{ customer.frist_name }}!{% endif %}");

        Assert.False(result.IsRendered);
        Assert.Equal("customer.frist_name", result.Problem!.Field);
    }

    [Fact]
    public void Render_WritesAFieldEmptyForThisCustomer_FailsClosedWithASentence()
    {
        var facts = Facts.Full(TouchKind.ThankYou, Channel.Email) with { LastProduct = null };

        var result = Render("thank-you.email.liquid", "subject: Thanks\n---\nDear {{ customer.first_name }}, enjoy your {{ last_product }}.", facts);

        Assert.False(result.IsRendered);
        Assert.Equal("last_product", result.Problem!.Field);
        Assert.Equal("thank-you.email.liquid: field 'last_product' is empty for this customer", result.Problem.Message);
        Assert.Equal((facts.TouchKey, facts.CustomerId, TouchKind.ThankYou, Channel.Email), (result.Problem.TouchKey, result.Problem.CustomerId, result.Problem.Kind, result.Problem.Channel));
    }

    [Fact]
    public void Render_TestsAnEmptyFieldWithIf_Renders()
    {
        var facts = Facts.Minimal(TouchKind.CheckIn, Channel.Sms);

        var result = RenderSms("Hi {{ customer.first_name }}{% if account_manager %}, {{ account_manager.name }} here{% endif %}{% if last_product %} – how's the {{ last_product }}?{% else %}!{% endif %}", facts);

        Assert.True(result.IsRendered, result.Problem?.Message);
        Assert.Equal("Hi Sam!", result.Message.Text);
    }

    [Fact]
    public void Render_FieldOfAMissingGroup_NamesTheWholeField()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { AccountManager = null };

        var result = RenderSms("Call {{ account_manager.phone }} any time.", facts);

        Assert.Equal("account_manager.phone", result.Problem!.Field);
    }

    [Fact]
    public void Render_EmptyFieldThroughAFilter_FailsClosed()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { LastName = " " };

        var result = RenderSms("Hi {{ customer.last_name | upcase | append: '!' }}", facts);

        Assert.Equal("customer.last_name", result.Problem!.Field);
    }

    [Fact]
    public void Render_DefaultFilter_TakesTheFallbackForAnEmptyField()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { FirstName = null };

        var result = RenderSms("Hi {{ customer.first_name | default: customer.name }}!", facts);

        Assert.Equal("Hi Doe!", result.Message!.Text);
    }

    [Fact]
    public void Render_CustomerName_IsFirstAndLastElseCompany()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms);

        Assert.Equal("Jane Doe", RenderSms("{{ customer.name }}", facts).Message!.Text);
        Assert.Equal("Doe Interiors Ltd", RenderSms("{{ customer.name }}", facts with { FirstName = null, LastName = null }).Message!.Text);
        Assert.Equal("customer.name", RenderSms("{{ customer.name }}", facts with { FirstName = null, LastName = null, Company = null }).Problem!.Field);
    }

    [Theory]
    // S2 #3: "Nothing worse than a 'Dear Sir or Madam' letter".
    [InlineData("Dear Sir or Madam,", "Dear Sir or Madam")]
    [InlineData("dear sir or madam,", "dear sir or madam")]
    [InlineData("To our Valued Customer {{ customer.first_name }}", "Valued Customer")]
    [InlineData("Dear customer,", "Dear customer")]
    // S1 #2: "No one wins points for form letters with <name inserted here>".
    [InlineData("Dear <name inserted here>,", "name inserted here")]
    [InlineData("Hello [FIRST NAME], welcome", "[FIRST NAME]")]
    [InlineData("Hello [CUSTOMER_NAME]", "[CUSTOMER_NAME]")]
    [InlineData("Lorem ipsum dolor sit amet", "Lorem ipsum")]
    // Liquid that did not run: written out with raw.
    [InlineData("Hi {% raw %}{{ name }}{% endraw %}", "{{")]
    [InlineData("Hi {% raw %}{% if x %}{% endraw %}", "{%")]
    [InlineData("Hi {% raw %}name }}{% endraw %}", "}}")]
    public void Render_FormLetterPhraseOrPlaceholder_FailsClosed(string text, string found)
    {
        var result = RenderSms(text);

        Assert.False(result.IsRendered);
        Assert.Equal(found, result.Problem!.Field);
        Assert.StartsWith("check-in.sms.liquid: the message ", result.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FormLetterPhraseFromTheCustomersOwnData_FailsClosed()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { FirstName = "Valued Customer" };

        Assert.Equal("Valued Customer", RenderSms("Hi {{ customer.first_name }}", facts).Problem!.Field);
    }

    [Fact]
    public void Render_BracketsThatAreNotPlaceholders_Render() =>
        Assert.True(RenderSms("Hi {{ customer.first_name }} [see overleaf] (A4) [1]").IsRendered);

    [Theory]
    // S3: a customer of five years gets a note saying "Thanks for trying us".
    [InlineData(Relationship.Returning, false)]
    [InlineData(Relationship.LongTime, false)]
    [InlineData(Relationship.First, true)]
    public void Render_ThanksForTryingUs_OnlyToAFirstTimeBuyer(Relationship relationship, bool rendered)
    {
        var facts = Facts.Full(TouchKind.ThankYou, Channel.Sms) with { Relationship = relationship };

        var result = Render("thank-you.sms.liquid", "Hi {{ customer.first_name }}, THANKS for trying us!", facts);

        Assert.Equal(rendered, result.IsRendered);
        if (!rendered)
        {
            Assert.Equal("THANKS for trying us", result.Problem!.Field);
        }
    }

    [Fact]
    public void Render_NoTemplateForKindAndChannel_FailsClosed()
    {
        var facts = Facts.Full(TouchKind.CareCall, Channel.Email);

        var result = new TemplateRenderer(TemplateLibrary.Defaults).Render(facts);

        Assert.False(result.IsRendered);
        Assert.Null(result.Problem!.Template);
        Assert.Equal("no template for a care-call by email (add care-call.email.liquid)", result.Problem.Message);
    }

    [Fact]
    public void Render_EmptyMessage_FailsClosed()
    {
        var result = RenderSms("{% if moment.warning %}Hi {{ customer.first_name }}{% endif %}\n\n");

        Assert.Equal("check-in.sms.liquid: the message is empty for this customer", result.Problem!.Message);
    }

    [Fact]
    public void Render_EmptySubject_FailsClosed()
    {
        var result = Render("check-in.email.liquid", "subject: {% if moment.warning %}Hi{% endif %}\n---\nHi {{ customer.first_name }}", Facts.Full(TouchKind.CheckIn, Channel.Email));

        Assert.Equal("check-in.email.liquid: the subject is empty for this customer", result.Problem!.Message);
    }

    [Fact]
    public void Render_RunawayLoop_IsAProblemNotAnException()
    {
        var result = RenderSms("Hi {% for i in (1..10000000) %}{{ i }}{% endfor %}");

        Assert.False(result.IsRendered);
        Assert.StartsWith("check-in.sms.liquid: ", result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Email_HasSubjectTextAndHtml()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Email);

        var result = Render("check-in.email.liquid", "subject:   How are   things, {{ customer.first_name }}?  \n---\nDear {{ customer.first_name }},\n\nAll well?\nSee {{ preferences_url }}.", facts);

        Assert.True(result.IsRendered, result.Problem?.Message);
        var message = result.Message;
        Assert.Equal("How are things, Jane?", message.Subject);
        Assert.Equal("Dear Jane,\n\nAll well?\nSee https://rapport.example.com/p/Xy7Kq2.", message.Text);
        Assert.Contains("<p style=\"margin:0 0 16px 0;\">Dear Jane,</p>", message.Html, StringComparison.Ordinal);
        Assert.Contains("All well?<br>\nSee <a href=\"https://rapport.example.com/p/Xy7Kq2\"", message.Html, StringComparison.Ordinal);
        Assert.Equal((facts.TouchKey, facts.CustomerId, TouchKind.CheckIn, Channel.Email, "check-in.email.liquid"), (message.TouchKey, message.CustomerId, message.Kind, message.Channel, message.Template));
    }

    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Print)]
    [InlineData(Channel.Phone)]
    [InlineData(Channel.Social)]
    public void Render_OtherChannels_HaveNoSubjectAndNoHtml(Channel channel)
    {
        var result = Render($"check-in.{channel.ToString().ToLowerInvariant()}.liquid", "Hi {{ customer.first_name }}", Facts.Full(TouchKind.CheckIn, channel));

        Assert.Null(result.Message!.Subject);
        Assert.Null(result.Message.Html);
    }

    [Fact]
    public void Render_TagsOnLinesOfTheirOwn_LeaveNoBlankLines()
    {
        var text = "Dear {{ customer.first_name }},\n{% if account_manager %}\n  {% if branch %}\nYou have {{ account_manager.name }} at {{ branch.name }}.\n  {% endif %}\n{% endif %}\n{% assign n = order_count %}\nThat's {{ n }} orders.   \n\n\n\nBye.";

        var result = RenderSms(text);

        Assert.Equal("Dear Jane,\nYou have Priya Shah at Leeds Kirkgate.\nThat's 12 orders.\n\nBye.", result.Message!.Text);
    }

    [Fact]
    public void Render_Dates_AreWrittenInEnglish()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { Day = new DateOnly(2026, 3, 2) };

        var result = RenderSms("{{ date }} | {{ customer.since }} | {{ last_purchase }} | {{ date | date: '%A %-d %B' }}", facts);

        Assert.Equal("2 March 2026 | 14 March 2021 | 18 November 2026 | Monday 2 March", result.Message!.Text);
    }

    [Fact]
    public void Render_EveryField_HasAValueForAFullCustomer()
    {
        var facts = Facts.Full(TouchKind.Acknowledgement, Channel.Sms) with
        {
            Moment = new MomentFacts("in:42", "lamp", "lighting", TouchKind.Suggestion, "Open on Sundays?", "Tom Baker", "quiet for a year", "gift"),
        };
        var leaves = TemplateFields.All.Where(f => f.Shape != FieldShape.Group).Select(f => $"{f.Name}={{{{ {f.Name} }}}}");

        var result = Render("acknowledgement.sms.liquid", string.Join('\n', leaves), facts);

        Assert.True(result.IsRendered, result.Problem?.Message);
        Assert.Equal(
            """
            customer.id=C-1042
            customer.first_name=Jane
            customer.last_name=Doe
            customer.name=Jane Doe
            customer.company=Doe Interiors Ltd
            customer.email=jane.doe@example.com
            customer.phone=+44 113 496 0000
            customer.address=12 Mill Lane
            Leeds
            LS1 4AB
            United Kingdom
            customer.street=12 Mill Lane
            customer.city=Leeds
            customer.postcode=LS1 4AB
            customer.country=United Kingdom
            customer.since=14 March 2021
            tenure=five years
            tenure_years=5
            order_count=12
            last_product=oak dining table
            last_purchase=18 November 2026
            relationship=long-time
            stage=long-time
            tier=core
            account_manager.name=Priya Shah
            account_manager.phone=+44 113 496 0123
            account_manager.email=priya.shah@example.com
            branch.name=Leeds Kirkgate
            branch.phone=+44 113 496 0100
            branch.email=leeds@example.com
            branch.address=3 Kirkgate, Leeds LS2 7DJ
            moment.event=in:42
            moment.product=lamp
            moment.line_of_business=lighting
            moment.inbound_kind=suggestion
            moment.note=Open on Sundays?
            moment.referred_name=Tom Baker
            moment.warning=quiet for a year
            moment.reward_choice=gift
            preferences_url=https://rapport.example.com/p/Xy7Kq2
            date=23 November 2026
            """.ReplaceLineEndings("\n"),
            result.Message.Text);
    }

    [Fact]
    public void Render_AddressLines_CanBeWalked()
    {
        var facts = Facts.Full(TouchKind.CheckIn, Channel.Sms) with { Country = null };

        var result = RenderSms("{% for line in customer.address %}{{ line | upcase }};{% endfor %} {{ customer.address.size }} {{ customer.address.first }}", facts);

        Assert.True(result.IsRendered, result.Problem?.Message);
        Assert.Equal("12 MILL LANE;LEEDS;LS1 4AB; 3 12 Mill Lane", result.Message!.Text);
    }

    [Fact]
    public void Render_ParallelRenders_GiveTheSameBytes()
    {
        var renderer = new TemplateRenderer(TemplateLibrary.Defaults);
        var touches = TemplateLibrary.Defaults.Templates
            .SelectMany(t => new[] { Facts.Full(t.Name.Kind, t.Name.Channel), Facts.Minimal(t.Name.Kind, t.Name.Channel) })
            .ToArray();
        var expected = touches.Select(f => Describe(renderer.Render(f))).ToArray();

        var results = new ConcurrentBag<(int Index, string Rendered)>();
        Parallel.For(0, touches.Length * 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results.Add((i % touches.Length, Describe(renderer.Render(touches[i % touches.Length])))));

        Assert.All(results, r => Assert.Equal(expected[r.Index], r.Rendered));
    }

    private static string Describe(RenderResult result) =>
        result.IsRendered ? $"{result.Message.Subject}\u0001{result.Message.Text}\u0001{result.Message.Html}" : result.Problem!.Message;
}
