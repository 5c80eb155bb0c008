using System.Net;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Messaging.Links;
using static Rapport.Web.Tests.CustomerPages.CustomerPagesSupport;

namespace Rapport.Web.Tests.CustomerPages;

/// <summary>The one-click unsubscribe <c>/u/{token}</c> (RFC 8058, SPEC R2): a POST unsubscribes, a GET only asks.</summary>
[Collection(CustomerPagesCollection.Name)]
public sealed class OneClickTests(RapportSite site)
{
    [Fact]
    public async Task OneClickPost_WithoutCookiesOrAntiForgeryToken_Answers200WithoutRedirect_AndWithdrawsTheScope()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email, Channel.Print);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.For(Channel.Email));

        using var response = await PostOneClickAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await WebClient.ParseAsync(response);
        Assert.Equal("You are unsubscribed: you will receive no more e-mails from us.", page.QuerySelector("[role=status]")!.TextContent);
        var state = (await TrailAsync(site, customer.Id)).State(site.Time.GetUtcNow());
        Assert.False(state.MayContact(Channel.Email));
        Assert.Equal(SuppressionReason.Unsubscribed, state[Channel.Email].Suppression);
        Assert.Equal("one-click", state[Channel.Email].Deciding!.Source);
        Assert.Contains("one-click unsubscribe (RFC 8058 POST List-Unsubscribe=One-Click): link v1 (unsubscribe, customer " + customer.Id + ", scope email, valid through 2027-12-28",
            state[Channel.Email].Deciding!.Evidence, StringComparison.Ordinal);

        // The scope was e-mail: letters still go.
        Assert.True(state.MayContact(Channel.Print));
        Assert.Contains((await TrailAsync(site, customer.Id)).Audit, a => a.Action == "withdraw-consent" && a.Actor == $"customer:{customer.Id} (one-click link)");
    }

    [Fact]
    public async Task OneClickPost_Repeated_IsHarmless()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.For(Channel.Email));
        using (var first = await PostOneClickAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var once = await TrailAsync(site, customer.Id);
        using var again = await PostOneClickAsync(path);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var twice = await TrailAsync(site, customer.Id);
        Assert.Equal(once.Consents.Count, twice.Consents.Count);
        Assert.Equal(once.Audit.Count, twice.Audit.Count);
        Assert.False(twice.State(site.Time.GetUtcNow()).MayContact(Channel.Email));
    }

    [Fact]
    public async Task Get_OnlyAsks_AndChangesNothing()
    {
        // Mail scanners fetch every link in a message: a GET must never unsubscribe.
        var customer = await AddCustomerAsync(site, "fr", Channel.Email);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.For(Channel.Email));
        var before = await TrailAsync(site, customer.Id);
        using var client = site.NewClient();

        var page = await client.PageAsync(path);
        await client.PageAsync(path);

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Ne plus recevoir nos e-mails ?", page.QuerySelector("main p")!.TextContent);
        Assert.Equal("Me désabonner", page.QuerySelector("form#unsubscribe button")!.TextContent);
        var after = await TrailAsync(site, customer.Id);
        Assert.Equal(before.Consents.Count, after.Consents.Count);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
        Assert.True(after.State(site.Time.GetUtcNow()).MayContact(Channel.Email));
    }

    [Fact]
    public async Task UnsubscribeButton_OnTheAskingPage_WithdrawsEveryChannelOfAnAllLink()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email, Channel.Print, Channel.Phone);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.All);
        using var client = site.NewClient();

        using var response = await SubmitAsync(client, path, "form#unsubscribe", _ => { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("You are unsubscribed: we will not contact you again through any channel.", (await WebClient.ParseAsync(response)).QuerySelector("[role=status]")!.TextContent);
        var state = (await TrailAsync(site, customer.Id)).State(site.Time.GetUtcNow());
        Assert.All(Enum.GetValues<Channel>(), c => Assert.False(state.MayContact(c)));
        Assert.All(Enum.GetValues<Channel>(), c => Assert.StartsWith("one-click unsubscribe page (Unsubscribe button)", state[c].Deciding!.Evidence, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evidence_RecordsTheConnectingAddress_AndIgnoresForwardedHeadersFromAnUntrustedSender()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.For(Channel.Email));

        using var response = await PostOneClickAsync(path, forwardedFor: "203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evidence = (await TrailAsync(site, customer.Id)).State(site.Time.GetUtcNow())[Channel.Email].Deciding!.Evidence!;
        Assert.Contains(" from 127.0.0.1,", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.9", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_BehindATrustedProxy_RecordsTheCustomersAddress()
    {
        // `rapport serve --trust-proxy 127.0.0.1`: the proxy in front says who connected to it.
        await using var proxied = RapportWebApp.Build(site.Options with { TrustedProxies = [System.Net.IPNetwork.Parse("127.0.0.1/32")] });
        await proxied.StartAsync();
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var path = await UnsubscribePathAsync(site, customer.Id, LinkScope.For(Channel.Email));

        using var response = await PostOneClickAsync(path, forwardedFor: "203.0.113.9", server: RapportWebApp.Addresses(proxied)[0]);
        await proxied.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evidence = (await TrailAsync(site, customer.Id)).State(site.Time.GetUtcNow())[Channel.Email].Deciding!.Evidence!;
        Assert.Contains(" from 203.0.113.9,", evidence, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostOneClickAsync(string path, string? forwardedFor = null, Uri? server = null)
    {
        // As a mail provider posts it: no cookies, no anti-forgery token, no redirects followed.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server ?? site.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
