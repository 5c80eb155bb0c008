using Rapport.Messaging.Email;

namespace Rapport.Messaging.Tests.Email;

public sealed class SmtpEndpointTests
{
    [Theory]
    [InlineData("smtp://mail.example", "mail.example", 25, SmtpSecurity.StartTlsWhenOffered)]
    [InlineData("smtp://mail.example:2525", "mail.example", 2525, SmtpSecurity.StartTlsWhenOffered)]
    [InlineData("smtp://127.0.0.1:1025/", "127.0.0.1", 1025, SmtpSecurity.StartTlsWhenOffered)]
    [InlineData("smtps://mail.example", "mail.example", 465, SmtpSecurity.Tls)]
    [InlineData("smtps://mail.example:4650", "mail.example", 4650, SmtpSecurity.Tls)]
    [InlineData("smtp://mail.example:587?tls=starttls", "mail.example", 587, SmtpSecurity.StartTls)]
    [InlineData("smtp://localhost:1025?tls=none", "localhost", 1025, SmtpSecurity.None)]
    [InlineData("  SMTP://Mail.Example:25  ", "mail.example", 25, SmtpSecurity.StartTlsWhenOffered)]
    public void Parse_Forms_GiveHostPortAndSecurity(string text, string host, int port, SmtpSecurity security)
    {
        var endpoint = SmtpEndpoint.Parse(text);

        Assert.True(endpoint.Success, endpoint.Error);
        Assert.Equal(host, endpoint.Value.Host);
        Assert.Equal(port, endpoint.Value.Port);
        Assert.Equal(security, endpoint.Value.Security);
        Assert.Null(endpoint.Value.Credentials);
    }

    [Fact]
    public void Parse_Login_IsPercentDecodedAndNeverPrinted()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://rapport%40shop.example:p%40ss%3Aw0rd@mail.example:587").Value;

        Assert.Equal("rapport@shop.example", endpoint.Credentials?.UserName);
        Assert.Equal("p@ss:w0rd", endpoint.Credentials?.Password);
        Assert.Equal("smtp://rapport%40shop.example:***@mail.example:587", endpoint.ToString());
    }

    [Theory]
    [InlineData("mail.example:25")] // no scheme
    [InlineData("http://mail.example")] // wrong scheme
    [InlineData("smtp://")] // no host
    [InlineData("smtp://mail.example/inbox")] // a path
    [InlineData("smtp://mail.example?tls=maybe")] // an unknown setting
    [InlineData("smtps://mail.example?tls=none")] // smtps is always TLS
    [InlineData("smtp://user@mail.example")] // a user without a password
    public void Parse_NotAnSmtpUri_SaysWhy(string text)
    {
        var endpoint = SmtpEndpoint.Parse(text);

        Assert.False(endpoint.Success);
        Assert.Contains("is not an SMTP server URI", endpoint.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Error_DoesNotRepeatThePassword()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://user:secret@mail.example/path");

        Assert.DoesNotContain("secret", endpoint.Error, StringComparison.Ordinal);
    }
}
