namespace Rapport.Messaging.Links;

/// <summary>
/// What a token turned out to be when checked: <see cref="Valid"/>, <see cref="Expired"/>,
/// <see cref="Tampered"/> or <see cref="Malformed"/>. Checking never throws on bad input.
/// </summary>
/// <remarks>
/// The purpose is part of the answer, not of the question: the page that receives a token must
/// check that <see cref="Valid.Purpose"/> is its own (<c>/p/</c> takes only
/// <see cref="LinkPurpose.Preferences"/>, <c>/u/</c> only <see cref="LinkPurpose.Unsubscribe"/>),
/// because an unsubscribe link lives longer and must not open the preference page.
/// </remarks>
public abstract record LinkCheck
{
    private LinkCheck()
    {
    }

    /// <summary>The token is ours, unchanged, and not expired.</summary>
    /// <param name="CustomerId">The customer it was made for.</param>
    /// <param name="Scope">The channels it covers.</param>
    /// <param name="Purpose">What it lets its holder do.</param>
    /// <param name="Expires">The last UTC day on which it is valid.</param>
    public sealed record Valid(string CustomerId, LinkScope Scope, LinkPurpose Purpose, DateOnly Expires) : LinkCheck;

    /// <summary>
    /// The token is ours and unchanged, but its last day has passed. The details are authentic,
    /// so a page may offer to send a fresh link, but must not act on this one.
    /// </summary>
    public sealed record Expired(string CustomerId, LinkScope Scope, LinkPurpose Purpose, DateOnly Expires) : LinkCheck;

    /// <summary>The token has the right shape but its signature does not match: changed, or made with another key.</summary>
    public sealed record Tampered : LinkCheck;

    /// <summary>The text is not a token at all (wrong version, missing parts, not base64url, too long).</summary>
    /// <param name="Reason">Why, for logs; never shown to the customer.</param>
    public sealed record Malformed(string Reason) : LinkCheck;
}
