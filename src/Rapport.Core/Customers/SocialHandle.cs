using Rapport.Core.Common;

namespace Rapport.Core.Customers;

/// <summary>A customer's account on a social network, written <c>network:handle</c> (<c>x:@jane</c>).</summary>
/// <remarks>The network is stored in lower case; the handle is kept as given.</remarks>
public sealed record SocialHandle
{
    private SocialHandle(string network, string handle)
    {
        Network = network;
        Handle = handle;
    }

    /// <summary>The network, such as <c>facebook</c>, <c>instagram</c> or <c>x</c>.</summary>
    public string Network { get; }

    /// <summary>The account on that network.</summary>
    public string Handle { get; }

    /// <summary>Reads <c>network:handle</c>.</summary>
    public static ParseResult<SocialHandle> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return ParseResult<SocialHandle>.ForError($"'{text}' is not a social handle (expected network:handle, such as facebook:jane.doe)");
        }

        var network = text[..colon].Trim().ToLowerInvariant();
        var handle = text[(colon + 1)..].Trim();
        if (network.Length == 0 || !network.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            return ParseResult<SocialHandle>.ForError($"'{text}' does not name a social network before the ':'");
        }

        if (handle.Length == 0 || handle.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return ParseResult<SocialHandle>.ForError($"'{text}' has no handle, or one with spaces, after the ':'");
        }

        return ParseResult<SocialHandle>.ForValue(new SocialHandle(network, handle));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Network}:{Handle}";
}
