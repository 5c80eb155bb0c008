using System.Net;
using Rapport.Core.Contact;
using Rapport.Messaging.Links;
using static Rapport.Web.Tests.CustomerPages.CustomerPagesSupport;

namespace Rapport.Web.Tests.CustomerPages;

/// <summary>A tampered, expired or unknown link gets a plain page that says so and changes nothing.</summary>
[Collection(CustomerPagesCollection.Name)]
public sealed class BadLinkTests(RapportSite site)
{
    [Theory]
    [InlineData("p")] // the preference page
    [InlineData("u")] // the one-click unsubscribe
    public async Task TamperedLink_OneCharacterChanged_GetsAPlain400Page_AndNothingIsStored(string page)
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var purpose = page == "p" ? LinkPurpose.Preferences : LinkPurpose.Unsubscribe;
        var token = (await LinksAsync(site)).Sign(purpose, customer.Id, LinkScope.All);

        // One character of the signed part changed, still valid base64url: only the signature gives it away.
        var at = token.Length / 3;
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        await AssertRefusedAsync(customer, $"/{page}/{tampered}", HttpStatusCode.BadRequest, "This link does not work");
    }

    [Theory]
    [InlineData("p")] // the preference page
    [InlineData("u")] // the one-click unsubscribe
    public async Task ExpiredLink_GetsAPlain410Page_AndNothingIsStored(string page)
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var purpose = page == "p" ? LinkPurpose.Preferences : LinkPurpose.Unsubscribe;
        var yesterday = DateOnly.FromDateTime(site.Time.GetUtcNow().UtcDateTime).AddDays(-1);
        var token = (await LinksAsync(site)).Sign(purpose, customer.Id, LinkScope.All, yesterday);
        await AssertRefusedAsync(customer, $"/{page}/{token}", HttpStatusCode.Gone, "This link has expired");
    }

    [Fact]
    public async Task ExpiredLink_SaysSoInTheCustomersLanguage()
    {
        var customer = await AddCustomerAsync(site, "fr", Channel.Email);
        var yesterday = DateOnly.FromDateTime(site.Time.GetUtcNow().UtcDateTime).AddDays(-1);
        var token = (await LinksAsync(site)).Sign(LinkPurpose.Preferences, customer.Id, LinkScope.All, yesterday);
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/p/" + token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("Ce lien a expiré", (await WebClient.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task LinkValidThroughToday_StillWorks()
    {
        // A link is valid through the whole UTC day written in it.
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var today = DateOnly.FromDateTime(site.Time.GetUtcNow().UtcDateTime);
        var token = (await LinksAsync(site)).Sign(LinkPurpose.Preferences, customer.Id, LinkScope.All, today);
        using var client = site.NewClient();
        Assert.Equal("Your preferences", (await client.PageAsync("/p/" + token)).QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("/p/not-a-token")] // not a token at all
    [InlineData("/u/v1.e30.AAAA")] // the right shape, the wrong length of signature
    public async Task Garbage_GetsAPlain400Page(string path)
    {
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await WebClient.ParseAsync(response);
        Assert.Equal("This link does not work", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector("form"));
    }

    [Fact]
    public async Task UnreadableLink_AnswersInTheBrowsersLanguage()
    {
        // Whose link it was cannot be told, so the browser's languages decide.
        using var client = site.NewClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-CH, fr;q=0.8, en;q=0.5");
        using var response = await client.Http.GetAsync(new Uri("/u/not-a-token", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await WebClient.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Ce lien ne fonctionne pas", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task LinkOfACustomerNoLongerOnRecord_IsGone()
    {
        var token = (await LinksAsync(site)).Sign(LinkPurpose.Preferences, "NO-SUCH-CUSTOMER", LinkScope.All);
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/p/" + token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("This link no longer works", (await WebClient.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    private async Task AssertRefusedAsync(TestCustomer customer, string path, HttpStatusCode status, string title)
    {
        var before = await TrailAsync(site, customer.Id);
        using var client = site.NewClient();

        // A valid page of another customer gives the client a working anti-forgery token, so the
        // POST below is refused for its link, not for want of a token.
        var other = await AddCustomerAsync(site, "en");
        var form = await client.PageAsync(await PreferencePathAsync(site, other.Id));
        var antiForgery = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var get = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, get.StatusCode);
        var page = await WebClient.ParseAsync(get);
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector("form"));
        Assert.Null(page.QuerySelector("nav"));
        Assert.DoesNotContain(customer.Email, page.Source.Text, StringComparison.Ordinal);

        foreach (var handler in path.StartsWith("/p/", StringComparison.Ordinal) ? new[] { string.Empty, "?handler=Unsubscribe" } : [string.Empty])
        {
            using var body = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", antiForgery), new("List-Unsubscribe", "One-Click"),
                new("Email", "changed@example.org"), new("Frequency", "yearly"), new("Granted", "sms"),
            ]);
            using var post = await client.Http.PostAsync(new Uri(path + handler, UriKind.Relative), body);
            Assert.Equal(status, post.StatusCode);
            Assert.Equal(title, (await WebClient.ParseAsync(post)).QuerySelector("h1")!.TextContent);
        }

        var after = await TrailAsync(site, customer.Id);
        Assert.Equal(before.Consents.Count, after.Consents.Count);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
        Assert.Equal(customer.Email, (await CustomerAsync(site, customer.Id)).Emails[0].Value);
    }
}
