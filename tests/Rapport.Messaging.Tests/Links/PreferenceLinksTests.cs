using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Contact;
using Rapport.Messaging.Links;

namespace Rapport.Messaging.Tests.Links;

public sealed class PreferenceLinksTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly Uri PublicUrl = new("https://shop.example/rapport/");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.Zero));

    private PreferenceLinks Links(byte[]? key = null) => new(key ?? Key, PublicUrl, _time);

    [Theory]
    [InlineData(LinkPurpose.Preferences, null)]
    [InlineData(LinkPurpose.Unsubscribe, null)]
    [InlineData(LinkPurpose.Unsubscribe, Channel.Email)]
    [InlineData(LinkPurpose.Preferences, Channel.Sms)]
    public void Check_TokenJustSigned_GivesBackWhatWasSigned(LinkPurpose purpose, Channel? channel)
    {
        var scope = channel is { } c ? LinkScope.For(c) : LinkScope.All;
        var links = Links();

        var token = links.Sign(purpose, "C-1001", scope);

        var valid = Assert.IsType<LinkCheck.Valid>(links.Check(token));
        Assert.Equal("C-1001", valid.CustomerId);
        Assert.Equal(scope, valid.Scope);
        Assert.Equal(purpose, valid.Purpose);
    }

    [Fact]
    public void Sign_DefaultLifetimes_PreferencesLast90DaysAndUnsubscribe400FromTheUtcDay()
    {
        var links = Links();

        var preferences = Assert.IsType<LinkCheck.Valid>(links.Check(links.Sign(LinkPurpose.Preferences, "C1", LinkScope.All)));
        var unsubscribe = Assert.IsType<LinkCheck.Valid>(links.Check(links.Sign(LinkPurpose.Unsubscribe, "C1", LinkScope.All)));

        Assert.Equal(new DateOnly(2026, 11, 23).AddDays(90), preferences.Expires);
        Assert.Equal(new DateOnly(2026, 11, 23).AddDays(400), unsubscribe.Expires);
    }

    [Fact]
    public void Sign_LifetimesSet_UsesThem()
    {
        var links = new PreferenceLinks(Key, PublicUrl, _time, new LinkLifetimes(7, 30));

        var check = Assert.IsType<LinkCheck.Valid>(links.Check(links.Sign(LinkPurpose.Preferences, "C1", LinkScope.All)));

        Assert.Equal(new DateOnly(2026, 11, 30), check.Expires);
    }

    [Fact]
    public void Check_OnTheLastDay_IsValidUntilMidnightUtc()
    {
        var links = Links();
        var token = links.Sign(LinkPurpose.Preferences, "C1", LinkScope.All, new DateOnly(2026, 12, 1));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 23, 59, 59, TimeSpan.Zero));
        Assert.IsType<LinkCheck.Valid>(links.Check(token));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var expired = Assert.IsType<LinkCheck.Expired>(links.Check(token));
        Assert.Equal("C1", expired.CustomerId);
        Assert.Equal(new DateOnly(2026, 12, 1), expired.Expires);
    }

    [Fact]
    public void Check_PayloadChangedToAnotherCustomer_IsTampered()
    {
        var links = Links();
        var token = links.Sign(LinkPurpose.Unsubscribe, "C1", LinkScope.All);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"C1\"", "\"C2\"", StringComparison.Ordinal);

        var forged = $"v1.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.IsType<LinkCheck.Tampered>(links.Check(forged));
    }

    [Fact]
    public void Check_ExpiryPushedBack_IsTampered()
    {
        var links = Links();
        var token = links.Sign(LinkPurpose.Preferences, "C1", LinkScope.All, new DateOnly(2026, 1, 1));
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("2026-01-01", "2099-01-01", StringComparison.Ordinal);

        var forged = $"v1.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.IsType<LinkCheck.Tampered>(links.Check(forged));
    }

    [Fact]
    public void Check_EveryCharacterOfThePayloadOrMacChanged_IsTamperedOrMalformedNeverValid()
    {
        var links = Links();
        var token = links.Sign(LinkPurpose.Unsubscribe, "C1", LinkScope.For(Channel.Email));

        for (var i = 3; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.IsNotType<LinkCheck.Valid>(links.Check(changed));
            Assert.IsNotType<LinkCheck.Expired>(links.Check(changed));
        }
    }

    [Fact]
    public void Check_MacChanged_IsTampered()
    {
        var links = Links();
        var token = links.Sign(LinkPurpose.Unsubscribe, "C1", LinkScope.All);
        var mac = Base64Url.DecodeFromChars(token.Split('.')[2]);
        mac[0] ^= 1;

        var forged = string.Join('.', token.Split('.')[..2]) + "." + Base64Url.EncodeToString(mac);

        Assert.IsType<LinkCheck.Tampered>(links.Check(forged));
    }

    [Fact]
    public void Check_SignedWithAnotherKey_IsTampered()
    {
        var other = Links(PreferenceLinks.NewKey());
        var token = other.Sign(LinkPurpose.Preferences, "C1", LinkScope.All);

        Assert.IsType<LinkCheck.Tampered>(Links().Check(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1.")]
    [InlineData("v1..")]
    [InlineData("v2.eyJwIjoicHJlZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("V1.eyJwIjoicHJlZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.eyJwIjoicHJlZmVyZW5jZXMifQ")]
    [InlineData("v1.eyJwIjoicHJlZmVyZW5jZXMifQ.")]
    [InlineData("v1..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.eyJw.AAAA.AAAA")]
    [InlineData("v1.eyJwIjoicHJlZmVyZW5jZXMifQ.AAAA")]
    [InlineData("v1.eyJwIjoicHJlZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1.eyJwIjoicHJl+ZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.eyJwIjoicHJl ZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.eyJwIjoicHJlZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")]
    [InlineData("v1.ëyJwIjoicHJlZmVyZW5jZXMifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.A.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("https://shop.example/rapport/p/v1.abc.def")]
    public void Check_NotAToken_IsMalformed(string? text)
    {
        Assert.IsType<LinkCheck.Malformed>(Links().Check(text));
    }

    [Fact]
    public void Check_VeryLongText_IsMalformedWithoutWork()
    {
        var text = "v1." + new string('A', 100_000) + ".AAAA";

        Assert.IsType<LinkCheck.Malformed>(Links().Check(text));
    }

    [Fact]
    public void Check_SignedButNotOurPayload_IsMalformed()
    {
        // A key reused for something else: the signature holds, the payload is not a link's.
        var payload = Base64Url.EncodeToString("{\"p\":\"admin\",\"c\":\"C1\",\"s\":\"all\",\"e\":\"2099-01-01\"}"u8);
        var signed = "v1." + payload;
        var token = signed + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(signed)));

        Assert.IsType<LinkCheck.Malformed>(Links().Check(token));
    }

    [Theory]
    [InlineData("C.1.2")] // dots separate the token's parts
    [InlineData("Zoë Müller")] // letters outside ASCII and a space
    [InlineData("a/b?c=d&e#f%20")] // URL syntax
    [InlineData("\"quoted\" \\ back")] // JSON syntax
    [InlineData("客户-42")] // CJK
    [InlineData("emoji-😀")] // a surrogate pair
    [InlineData("<script>alert(1)</script>")] // HTML
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890")] // the longest id allowed
    public void SignAndCheck_CustomerIdWithOddCharacters_ComesBackExactlyAndTheUrlIsSafe(string customerId)
    {
        var links = Links();

        var url = links.PreferencesUrl(customerId, LinkScope.All);
        var token = url.AbsolutePath[(url.AbsolutePath.LastIndexOf('/') + 1)..];

        Assert.StartsWith("https://shop.example/rapport/p/v1.", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Matches("^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$", token);
        var valid = Assert.IsType<LinkCheck.Valid>(links.Check(token));
        Assert.Equal(customerId, valid.CustomerId);
    }

    [Fact]
    public void Sign_NotAnId_Throws()
    {
        Assert.Throws<ArgumentException>(() => Links().Sign(LinkPurpose.Preferences, " C1", LinkScope.All));
        Assert.Throws<ArgumentException>(() => Links().Sign(LinkPurpose.Preferences, "C\n1", LinkScope.All));
    }

    [Fact]
    public void Urls_PreferencesAndUnsubscribe_GoToPAndU()
    {
        var links = Links();

        var preferences = links.PreferencesUrl("C1", LinkScope.All);
        var unsubscribe = links.UnsubscribeUrl("C1", LinkScope.For(Channel.Email));

        Assert.StartsWith("https://shop.example/rapport/p/v1.", preferences.AbsoluteUri, StringComparison.Ordinal);
        Assert.StartsWith("https://shop.example/rapport/u/v1.", unsubscribe.AbsoluteUri, StringComparison.Ordinal);
        var check = Assert.IsType<LinkCheck.Valid>(links.Check(unsubscribe.Segments[^1]));
        Assert.Equal(LinkPurpose.Unsubscribe, check.Purpose);
        Assert.Equal("email", check.Scope.ToString());
    }

    [Fact]
    public void Token_FollowsTheDocumentedFormat_SoAnotherProgramCanCheckIt()
    {
        var token = Links().Sign(LinkPurpose.Unsubscribe, "C-7", LinkScope.For(Channel.Email), new DateOnly(2027, 12, 28));
        var parts = token.Split('.');

        Assert.Equal(3, parts.Length);
        Assert.Equal("v1", parts[0]);
        var expectedMac = HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        Assert.Equal(expectedMac, Base64Url.DecodeFromChars(parts[2]));
        Assert.Equal(
            "{\"p\":\"unsubscribe\",\"c\":\"C-7\",\"s\":\"email\",\"e\":\"2027-12-28\"}",
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
    }

    [Fact]
    public void Constructor_KeyNot32Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PreferenceLinks(new byte[16], PublicUrl, _time));
        Assert.Throws<ArgumentException>(() => new PreferenceLinks(Key, new Uri("ftp://shop.example/"), _time));
        Assert.Throws<ArgumentException>(() => new PreferenceLinks(Key, new Uri("https://shop.example/?x=1"), _time));
    }
}
