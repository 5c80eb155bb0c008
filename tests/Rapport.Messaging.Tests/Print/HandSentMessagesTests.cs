using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Messaging.Print;

namespace Rapport.Messaging.Tests.Print;

public sealed class HandSentMessagesTests
{
    [Fact]
    public void Write_SmsAndSocial_GivesTheColumnsChannelAndAddress()
    {
        var messages = new[]
        {
            HandSentMessage.Sms("T-1", "C-1", PhoneNumber.From("+44 7700 900123"), "Jane Doe", "Your kettle is ready to collect."),
            HandSentMessage.Social("T-2", "C-2", SocialHandle.Parse("Facebook:jane.doe").Value, "Jane Doe", "Happy birthday, Jane!"),
        };
        using var text = new StringWriter();

        HandSentMessages.Write(text, messages);

        Assert.Equal(
            """
            touch_key,customer_id,channel,to,name,text
            T-1,C-1,sms,+447700900123,Jane Doe,Your kettle is ready to collect.
            T-2,C-2,social,facebook:jane.doe,Jane Doe,"Happy birthday, Jane!"

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    [Fact]
    public void Write_TextWithCommasQuotesAndLineBreaks_IsOneQuotedFieldThatReadsBack()
    {
        var body = "Hi Jane, thanks for the \"lovely\" note.\r\nSee you soon,\nSam";
        var message = HandSentMessage.Sms("T-1", "C-1", PhoneNumber.From("07700 900123"), "Jane Doe", body);
        using var text = new StringWriter();

        HandSentMessages.Write(text, [message]);

        Assert.EndsWith(",\"Hi Jane, thanks for the \"\"lovely\"\" note.\nSee you soon,\nSam\"\n", text.ToString(), StringComparison.Ordinal);
        var rows = CsvRows.Read(text.ToString());
        Assert.Equal(2, rows.Count);
        Assert.Equal(["T-1", "C-1", "sms", "07700900123", "Jane Doe", "Hi Jane, thanks for the \"lovely\" note.\nSee you soon,\nSam"], rows[1]);
    }

    [Fact]
    public void Sms_EmptyText_IsRefused() =>
        Assert.Throws<ArgumentException>(() => HandSentMessage.Sms("T-1", "C-1", PhoneNumber.From("07700 900123"), "Jane Doe", "  "));
}
