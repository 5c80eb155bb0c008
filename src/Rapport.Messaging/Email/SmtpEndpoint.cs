using System.Globalization;
using System.Net;
using Rapport.Core.Common;

namespace Rapport.Messaging.Email;

/// <summary>How a connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrade with STARTTLS when the server offers it, else plain (<c>smtp://</c>, the default).</summary>
    StartTlsWhenOffered,

    /// <summary>STARTTLS, and refuse a server that does not offer it (<c>smtp://…?tls=starttls</c>).</summary>
    StartTls,

    /// <summary>TLS from the first byte (<c>smtps://</c>, port 465 by default).</summary>
    Tls,

    /// <summary>Never encrypt, even if the server offers it (<c>smtp://…?tls=none</c>); for test servers.</summary>
    None,
}

/// <summary>An SMTP server to deliver to, read from a URI such as <c>smtp://user:pass@mail.example:587</c>.</summary>
/// <remarks>
/// Forms accepted (the <c>--smtp</c> option and <c>RAPPORT_SMTP</c>):
/// <list type="bullet">
/// <item><c>smtp://HOST[:PORT]</c>: port 25 by default; STARTTLS when the server offers it.</item>
/// <item><c>smtps://HOST[:PORT]</c>: TLS on connect, port 465 by default.</item>
/// <item><c>smtp://USER:PASSWORD@HOST:PORT</c>: log in; user and password are percent-decoded (<c>%40</c> for <c>@</c>).</item>
/// <item><c>?tls=starttls</c> requires STARTTLS, <c>?tls=none</c> never encrypts (only for <c>smtp://</c>).</item>
/// </list>
/// </remarks>
public sealed record SmtpEndpoint
{
    public SmtpEndpoint(string host, int port, SmtpSecurity security, NetworkCredential? credentials = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        Security = security;
        Credentials = credentials;
    }

    public string Host { get; }

    public int Port { get; }

    public SmtpSecurity Security { get; }

    /// <summary>The login, or null to send without authenticating.</summary>
    public NetworkCredential? Credentials { get; }

    /// <summary>Reads an <c>smtp://</c> or <c>smtps://</c> URI.</summary>
    public static ParseResult<SmtpEndpoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "smtp" && uri.Scheme != "smtps"))
        {
            return Fail(text, "expected smtp://HOST:PORT or smtps://HOST:PORT");
        }

        if (uri.Host.Length == 0)
        {
            return Fail(text, "no host");
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Fragment.Length > 0)
        {
            return Fail(text, "a path or fragment is not allowed");
        }

        var implicitTls = uri.Scheme == "smtps";
        var security = implicitTls ? SmtpSecurity.Tls : SmtpSecurity.StartTlsWhenOffered;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (pair)
            {
                case "tls=starttls" when !implicitTls: security = SmtpSecurity.StartTls; break;
                case "tls=none" when !implicitTls: security = SmtpSecurity.None; break;
                case "tls=auto" when !implicitTls: security = SmtpSecurity.StartTlsWhenOffered; break;
                default: return Fail(text, $"unknown setting '{pair}' (smtp:// takes tls=auto, tls=starttls or tls=none)");
            }
        }

        NetworkCredential? credentials = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Fail(text, "the login must be USER:PASSWORD");
            }

            credentials = new NetworkCredential(
                Uri.UnescapeDataString(uri.UserInfo[..colon]),
                Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (implicitTls ? 465 : 25) : uri.Port;
        return ParseResult<SmtpEndpoint>.ForValue(new SmtpEndpoint(uri.IdnHost, port, security, credentials));
    }

    /// <summary>The URI again, with the password left out.</summary>
    public override string ToString()
    {
        var scheme = Security == SmtpSecurity.Tls ? "smtps" : "smtp";
        var user = Credentials is null ? string.Empty : Uri.EscapeDataString(Credentials.UserName) + ":***@";
        var query = Security switch
        {
            SmtpSecurity.StartTls => "?tls=starttls",
            SmtpSecurity.None => "?tls=none",
            _ => string.Empty,
        };
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{user}{host}:{Port}{query}");
    }

    private static ParseResult<SmtpEndpoint> Fail(string text, string why) =>
        ParseResult<SmtpEndpoint>.ForError($"'{Redact(text)}' is not an SMTP server URI: {why}");

    // Never echo a password into an error message or a log.
    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? string.Concat(text.AsSpan(0, scheme + 3), "***", text.AsSpan(at)) : text;
    }
}
