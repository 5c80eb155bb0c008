using System.Text;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Customers;

namespace Rapport.Messaging.Print;

/// <summary>A text message or social-network message that a member of staff sends by hand (there is no gateway).</summary>
/// <remarks>Made by <see cref="Sms"/> or <see cref="Social"/>, so the address always suits the channel.</remarks>
public sealed record HandSentMessage
{
    private HandSentMessage(string touchKey, string customerId, Channel channel, string to, string name, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(touchKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        TouchKey = touchKey;
        CustomerId = Identifiers.Check(customerId, nameof(customerId));
        Channel = channel;
        To = to;
        Name = name.Trim().Normalize(NormalizationForm.FormC);
        Text = text.ReplaceLineEndings("\n").Trim().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The touch's outbox key.</summary>
    public string TouchKey { get; }

    /// <summary>The customer it is for.</summary>
    public string CustomerId { get; }

    /// <summary><see cref="Channel.Sms"/> or <see cref="Channel.Social"/>.</summary>
    public Channel Channel { get; }

    /// <summary>The phone number in canonical form (<c>+447700900123</c>), or the social handle (<c>facebook:jane.doe</c>).</summary>
    public string To { get; }

    /// <summary>The customer's name, so that the sender knows whom they are writing to.</summary>
    public string Name { get; }

    /// <summary>The message, with <c>\n</c> line ends.</summary>
    public string Text { get; }

    /// <summary>A text message to a phone number.</summary>
    /// <exception cref="ArgumentException">The key, customer id, name or text is empty.</exception>
    public static HandSentMessage Sms(string touchKey, string customerId, PhoneNumber to, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(to);
        return new HandSentMessage(touchKey, customerId, Channel.Sms, to.Value, name, text);
    }

    /// <summary>A message to a social-network account.</summary>
    /// <exception cref="ArgumentException">The key, customer id, name or text is empty.</exception>
    public static HandSentMessage Social(string touchKey, string customerId, SocialHandle to, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(to);
        return new HandSentMessage(touchKey, customerId, Channel.Social, to.ToString(), name, text);
    }
}
