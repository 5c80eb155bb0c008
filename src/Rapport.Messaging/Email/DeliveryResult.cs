namespace Rapport.Messaging.Email;

/// <summary>
/// What became of one message handed to the SMTP server: <see cref="Accepted"/>,
/// <see cref="Rejected"/>, <see cref="Deferred"/> or <see cref="Uncertain"/>.
/// </summary>
/// <remarks>
/// What each means for the caller:
/// <list type="bullet">
/// <item><see cref="Accepted"/>: the server took responsibility for the message (250 after the data).</item>
/// <item><see cref="Rejected"/>: the server said no for good (a 5xx reply); do not send again as is.
/// When <see cref="Rejected.AboutRecipient"/> is true the address itself was refused: suppress it.</item>
/// <item><see cref="Deferred"/>: nothing was handed over (a 4xx reply, or no connection could be made,
/// or it broke before the message data); safe to send again later.</item>
/// <item><see cref="Uncertain"/>: the connection broke while or after the message data went out and
/// before the server's final reply. The server may have the message: never resend without a decision.</item>
/// </list>
/// </remarks>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    /// <summary>The server took the message.</summary>
    /// <param name="Response">The server's final reply text, which often names its queue id.</param>
    public sealed record Accepted(string Response) : DeliveryResult;

    /// <summary>The server refused the message for good.</summary>
    /// <param name="Code">The SMTP reply code (5xx), or null when the client refused before sending (the server cannot take an internationalised address).</param>
    /// <param name="Text">The server's reply text, or why the client refused.</param>
    /// <param name="AboutRecipient">Whether the refusal was about the recipient's address (refused at RCPT TO, or an enhanced status 5.1.x naming the destination mailbox).</param>
    public sealed record Rejected(int? Code, string Text, bool AboutRecipient) : DeliveryResult;

    /// <summary>Nothing was handed over; try again later.</summary>
    /// <param name="Code">The SMTP reply code (4xx, or a 5xx refusal of our login or greeting), or null when no reply was had (no connection).</param>
    /// <param name="Text">The reply text or the connection error.</param>
    public sealed record Deferred(int? Code, string Text) : DeliveryResult;

    /// <summary>The server may or may not have the message: do not resend silently.</summary>
    /// <param name="Text">What went wrong, and when.</param>
    public sealed record Uncertain(string Text) : DeliveryResult;
}
