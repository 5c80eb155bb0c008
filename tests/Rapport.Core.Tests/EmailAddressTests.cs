using Rapport.Core.Contact;

namespace Rapport.Core.Tests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("jane@example.com", "jane@example.com")]
    // The domain is case-insensitive and stored lower-case; the local part is kept.
    [InlineData(" Jane.Doe@Example.COM ", "Jane.Doe@example.com")]
    // Plus addressing and accented letters are real addresses.
    [InlineData("josé+news@exämple.org", "josé+news@exämple.org")]
    // An internationalised top-level domain in punycode.
    [InlineData("ivan@example.xn--p1ai", "ivan@example.xn--p1ai")]
    public void Parse_ValidAddress_IsNormalised(string text, string expected) =>
        Assert.Equal(expected, EmailAddress.Parse(text).Value.Value);

    [Theory]
    [InlineData("")]
    [InlineData("jane")]
    [InlineData("jane@")]
    [InlineData("@example.com")]
    // No top-level domain.
    [InlineData("jane@localhost")]
    [InlineData("jane doe@example.com")]
    [InlineData("jane..doe@example.com")]
    [InlineData("jane@exa mple.com")]
    [InlineData("jane@example.c0m")]
    public void Parse_InvalidAddress_SaysWhich(string text)
    {
        var result = EmailAddress.Parse(text);
        Assert.False(result.Success);
        Assert.Equal($"'{text}' is not an e-mail address", result.Error);
    }
}
