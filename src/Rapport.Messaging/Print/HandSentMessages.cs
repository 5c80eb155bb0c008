using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Storage.Csv;

namespace Rapport.Messaging.Print;

/// <summary>The messages to send by hand as CSV: <c>touch_key, customer_id, channel, to, name, text</c>.</summary>
/// <remarks>
/// RFC 4180, UTF-8, quotes only where needed: a text with commas, quotes or line breaks is one
/// quoted field. <c>channel</c> is <c>sms</c> or <c>social</c>; <c>to</c> is the phone number or
/// the handle written <c>network:handle</c>.
/// </remarks>
public static class HandSentMessages
{
    /// <summary>The header row.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["touch_key", "customer_id", "channel", "to", "name", "text"];

    /// <summary>Writes the header and one row per message, in the order given.</summary>
    /// <param name="output">Where the CSV goes; flushed, left open.</param>
    /// <param name="messages">The messages.</param>
    public static void Write(TextWriter output, IEnumerable<HandSentMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(messages);

        // The CsvWriter is not disposed: that would close the caller's writer.
        var csv = new CsvWriter(output);
        csv.Record(Columns);
        foreach (var message in messages)
        {
            csv.Record(message.TouchKey, message.CustomerId, EnumText.ToText<Channel>(message.Channel), message.To, message.Name, message.Text);
        }

        csv.Flush();
    }
}
