using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rapport.Core.Common;

namespace Rapport.Messaging.Links;

/// <summary>
/// Makes and checks the signed links a message carries: the customer's preference page
/// (<c>{publicUrl}/p/{token}</c>) and the one-click unsubscribe (<c>{publicUrl}/u/{token}</c>).
/// </summary>
/// <remarks>
/// <para>
/// A token is <c>v1.</c> + base64url(payload) + <c>.</c> + base64url(mac), without padding.
/// The payload is UTF-8 JSON with four string members: <c>p</c> (purpose: <c>preferences</c>
/// or <c>unsubscribe</c>), <c>c</c> (customer id), <c>s</c> (scope: <c>all</c> or a channel
/// name) and <c>e</c> (the last valid UTC day, <c>YYYY-MM-DD</c>). The mac is HMAC-SHA256,
/// keyed with the 32-byte secret, over the ASCII text of the token up to (not including) the
/// second dot: <c>v1.</c> + base64url(payload). docs/messages.md describes the format for
/// anyone who checks tokens elsewhere.
/// </para>
/// <para>
/// Checking compares macs in constant time, checks the signature before it reads the payload,
/// and never throws on bad input. Time comes from the <see cref="TimeProvider"/>; a token is
/// valid through the whole UTC day written in it.
/// </para>
/// </remarks>
public sealed class PreferenceLinks
{
    /// <summary>The length of the secret key in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>The longest text <see cref="Check"/> reads; anything longer is malformed.</summary>
    /// <remarks>A 100-character customer id of characters JSON escapes makes a token of about 900 characters.</remarks>
    public const int MaxTokenLength = 2048;

    private const string Version = "v1.";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The JSON is never embedded in HTML (it travels base64url-encoded), so letters need no escaping.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly byte[] _key;
    private readonly string _publicUrl;
    private readonly TimeProvider _time;

    /// <param name="key">The 32-byte secret (stored in the database); copied.</param>
    /// <param name="publicUrl">Where the web app is reachable, such as <c>https://shop.example/rapport</c>.</param>
    /// <param name="time">The clock that decides today's date.</param>
    /// <param name="lifetimes">How long links live; <see cref="LinkLifetimes.Default"/> when null.</param>
    public PreferenceLinks(ReadOnlySpan<byte> key, Uri publicUrl, TimeProvider time, LinkLifetimes? lifetimes = null)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        ArgumentNullException.ThrowIfNull(time);
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The link key must be {KeyLength} bytes, not {key.Length}.", nameof(key));
        }

        if (!publicUrl.IsAbsoluteUri || (publicUrl.Scheme != Uri.UriSchemeHttps && publicUrl.Scheme != Uri.UriSchemeHttp)
            || publicUrl.Query.Length > 0 || publicUrl.Fragment.Length > 0)
        {
            throw new ArgumentException($"The public URL must be an absolute http or https URL without query or fragment, not '{publicUrl}'.", nameof(publicUrl));
        }

        _key = key.ToArray();
        _publicUrl = publicUrl.AbsoluteUri.TrimEnd('/');
        _time = time;
        Lifetimes = lifetimes ?? LinkLifetimes.Default;
    }

    public LinkLifetimes Lifetimes { get; }

    /// <summary>Makes a new random key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyLength);

    /// <summary>The link to the customer's preference page, valid for <see cref="LinkLifetimes.PreferencesDays"/> from today.</summary>
    public Uri PreferencesUrl(string customerId, LinkScope scope) =>
        UrlFor(LinkPurpose.Preferences, Sign(LinkPurpose.Preferences, customerId, scope));

    /// <summary>The one-click unsubscribe link, valid for <see cref="LinkLifetimes.UnsubscribeDays"/> from today.</summary>
    public Uri UnsubscribeUrl(string customerId, LinkScope scope) =>
        UrlFor(LinkPurpose.Unsubscribe, Sign(LinkPurpose.Unsubscribe, customerId, scope));

    /// <summary>The URL a token of the given purpose is used at: <c>{publicUrl}/p/{token}</c> or <c>{publicUrl}/u/{token}</c>.</summary>
    public Uri UrlFor(LinkPurpose purpose, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var path = purpose switch
        {
            LinkPurpose.Preferences => "p",
            LinkPurpose.Unsubscribe => "u",
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a defined link purpose."),
        };
        return new Uri($"{_publicUrl}/{path}/{Uri.EscapeDataString(token)}");
    }

    /// <summary>Makes a token that expires after the purpose's lifetime, counted from today (UTC).</summary>
    public string Sign(LinkPurpose purpose, string customerId, LinkScope scope) =>
        Sign(purpose, customerId, scope, Today().AddDays(Lifetimes.DaysFor(purpose)));

    /// <summary>Makes a token valid through the given UTC day.</summary>
    /// <exception cref="ArgumentException">The customer id is not an id (see <see cref="Identifiers"/>).</exception>
    public string Sign(LinkPurpose purpose, string customerId, LinkScope scope, DateOnly expires)
    {
        Identifiers.Check(customerId, nameof(customerId));
        var purposeText = purpose switch
        {
            LinkPurpose.Preferences => "preferences",
            LinkPurpose.Unsubscribe => "unsubscribe",
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a defined link purpose."),
        };

        var payload = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(payload, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("p", purposeText);
            json.WriteString("c", customerId);
            json.WriteString("s", scope.ToString());
            json.WriteString("e", expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        var signed = Version + Base64Url.EncodeToString(payload.WrittenSpan);
        return signed + "." + Base64Url.EncodeToString(Mac(signed));
    }

    /// <summary>Checks a token: whether it is ours, unchanged and current, and what it says.</summary>
    /// <param name="token">The text after <c>/p/</c> or <c>/u/</c>; anything at all.</param>
    public LinkCheck Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new LinkCheck.Malformed("empty");
        }

        if (token.Length > MaxTokenLength)
        {
            return new LinkCheck.Malformed($"longer than {MaxTokenLength} characters");
        }

        if (!token.StartsWith(Version, StringComparison.Ordinal))
        {
            return new LinkCheck.Malformed("not a v1 token");
        }

        var dot = token.IndexOf('.', Version.Length);
        if (dot < 0 || token.IndexOf('.', dot + 1) >= 0)
        {
            return new LinkCheck.Malformed("not three dot-separated parts");
        }

        var payloadText = token.AsSpan(Version.Length, dot - Version.Length);
        var macText = token.AsSpan(dot + 1);
        if (!IsBase64UrlText(payloadText) || !IsBase64UrlText(macText))
        {
            return new LinkCheck.Malformed("a part is not unpadded base64url");
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes + 3];
        if (!Base64Url.TryDecodeFromChars(macText, mac, out var macLength) || macLength != HMACSHA256.HashSizeInBytes)
        {
            return new LinkCheck.Malformed("the signature is not 32 bytes");
        }

        // The last of 43 characters carries two unused bits; only the one spelling with them zero
        // is accepted, so that no two different tokens carry the same signature.
        Span<char> canonical = stackalloc char[Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes)];
        if (!Base64Url.TryEncodeToChars(mac[..macLength], canonical, out var written) || !canonical[..written].SequenceEqual(macText))
        {
            return new LinkCheck.Malformed("the signature is not canonical base64url");
        }

        if (!CryptographicOperations.FixedTimeEquals(mac[..macLength], Mac(token[..dot])))
        {
            return new LinkCheck.Tampered();
        }

        // From here on the payload is one this key signed: a failure below is a bug or a key reused elsewhere.
        var payload = new byte[Base64Url.GetMaxDecodedLength(payloadText.Length)];
        if (!Base64Url.TryDecodeFromChars(payloadText, payload, out var payloadLength))
        {
            return new LinkCheck.Malformed("the payload is not base64url");
        }

        if (!TryReadPayload(payload.AsSpan(0, payloadLength), out var purpose, out var customerId, out var scope, out var expires))
        {
            return new LinkCheck.Malformed("the payload is not a v1 payload");
        }

        return Today() > expires
            ? new LinkCheck.Expired(customerId, scope, purpose, expires)
            : new LinkCheck.Valid(customerId, scope, purpose, expires);
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private byte[] Mac(string signed) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));

    private static bool IsBase64UrlText(ReadOnlySpan<char> text)
    {
        // Unpadded base64url never leaves a single character in the last group.
        if (text.IsEmpty || text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadPayload(ReadOnlySpan<byte> payload, out LinkPurpose purpose, out string customerId, out LinkScope scope, out DateOnly expires)
    {
        purpose = default;
        customerId = string.Empty;
        scope = LinkScope.All;
        expires = default;
        string? p = null, c = null, s = null, e = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var value = reader.GetString();
                switch (name)
                {
                    case "p" when p is null: p = value; break;
                    case "c" when c is null: c = value; break;
                    case "s" when s is null: s = value; break;
                    case "e" when e is null: e = value; break;
                    default: return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        switch (p)
        {
            case "preferences": purpose = LinkPurpose.Preferences; break;
            case "unsubscribe": purpose = LinkPurpose.Unsubscribe; break;
            default: return false;
        }

        if (c is null || Identifiers.Problem(c) is not null || s is null || !LinkScope.TryParse(s, out scope)
            || !DateOnly.TryParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out expires))
        {
            return false;
        }

        customerId = c;
        return true;
    }
}
