using Rapport.Core.Common;

namespace Rapport.Core.Contact;

/// <summary>An e-mail address of the form <c>local@domain.tld</c>.</summary>
/// <remarks>
/// The check is the practical subset of RFC 5321 that real mail systems accept: a local part
/// of 1–64 characters without spaces or doubled dots, and a domain of at least two labels
/// whose last one (the top-level domain) has two or more letters, or is punycode. The domain is stored in
/// lower case; the local part is kept as given, because some servers treat it as
/// case-sensitive.
/// </remarks>
public sealed record EmailAddress
{
    private const string LocalSpecials = "!#$%&'*+-/=?^_`{|}~.";

    private EmailAddress(string value) => Value = value;

    /// <summary>The address, with the domain in lower case.</summary>
    public string Value { get; }

    /// <summary>Reads an address.</summary>
    /// <param name="text">The address; surrounding white space is ignored.</param>
    public static ParseResult<EmailAddress> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var at = trimmed.LastIndexOf('@');
        if (trimmed.Length is 0 or > 254 || at <= 0 || at == trimmed.Length - 1)
        {
            return Fail(text);
        }

        var local = trimmed.AsSpan(0, at);
        var domain = trimmed[(at + 1)..].ToLowerInvariant();
        return IsValidLocal(local) && IsValidDomain(domain)
            ? ParseResult<EmailAddress>.ForValue(new EmailAddress(string.Concat(local, "@", domain)))
            : Fail(text);
    }

    /// <summary>Reads an address that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The text is not an e-mail address.</exception>
    public static EmailAddress From(string text)
    {
        var result = Parse(text);
        return result.Success ? result.Value : throw new FormatException(result.Error);
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static ParseResult<EmailAddress> Fail(string text) =>
        ParseResult<EmailAddress>.ForError($"'{text}' is not an e-mail address");

    private static bool IsValidLocal(ReadOnlySpan<char> local)
    {
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsLetterOrDigit(c) || LocalSpecials.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(string domain)
    {
        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        // Letters, or an internationalised top-level domain in punycode (xn--p1ai); never all digits.
        var topLevel = labels[^1];
        return topLevel.Length >= 2 && (topLevel.All(char.IsLetter) || topLevel.StartsWith("xn--", StringComparison.Ordinal));
    }
}
