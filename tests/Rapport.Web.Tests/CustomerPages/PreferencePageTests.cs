using System.Net;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Messaging.Links;
using static Rapport.Web.Tests.CustomerPages.CustomerPagesSupport;

namespace Rapport.Web.Tests.CustomerPages;

/// <summary>The preference page <c>/p/{token}</c> (SPEC R3): the token's customer corrects details, chooses channels and frequency, or unsubscribes.</summary>
[Collection(CustomerPagesCollection.Name)]
public sealed class PreferencePageTests(RapportSite site)
{
    [Theory]
    [InlineData("fr", "fr", "Vos préférences", "Bonjour Camille,")] // a template language: the page speaks it
    [InlineData("fr-CA", "fr", "Vos préférences", "Bonjour Camille,")] // a regional variant falls back to its language, as templates do
    [InlineData("en-GB", "en", "Your preferences", "Hello Jane,")] // the default language
    [InlineData("de", "en", "Your preferences", "Hello Jane,")] // no German text: English, never an empty page
    public async Task ValidLink_ShowsTheCustomersOwnDetails_InTheirLanguage(string language, string shown, string title, string greeting)
    {
        var customer = await AddCustomerAsync(site, language, Channel.Email);
        using var client = site.NewClient();
        var page = await client.PageAsync(await PreferencePathAsync(site, customer.Id));

        Assert.Equal(shown, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        Assert.Contains(greeting, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(customer.Email, page.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Equal(customer.FirstName, page.QuerySelector("input[name=FirstName]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name=Granted][value=email][checked]"));
        Assert.Null(page.QuerySelector("input[name=Granted][value=sms][checked]"));
        Assert.NotNull(page.QuerySelector("input[name=Frequency][value=monthly][checked]"));
    }

    [Fact]
    public async Task ValidLink_PageIsPersonal_NotCachedAndWithoutStaffNavigation()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri(await PreferencePathAsync(site, customer.Id), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var page = await WebClient.ParseAsync(response);
        Assert.Null(page.QuerySelector("nav"));
        Assert.Null(page.QuerySelector("header"));
        Assert.Empty(page.QuerySelectorAll("a[href]"));
    }

    [Fact]
    public async Task ChangingEmail_IsAudited_AndTheConsentProofNamesTheNewAddress()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email, Channel.Print);
        var path = await PreferencePathAsync(site, customer.Id);
        using var client = site.NewClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd("TestBrowser/1.0");

        using var saved = await SubmitAsync(client, path, "form#preferences", f => f.Set("Email", "jane.new@example.org"));

        // Post/Redirect/Get: the confirmation is on the same page, fetched again.
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(path, saved.Headers.Location!.OriginalString);
        var after = await client.PageAsync(path);
        Assert.Equal("Thank you: your choices are saved.", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("jane.new@example.org", after.QuerySelector("input[name=Email]")!.GetAttribute("value"));

        Assert.Equal("jane.new@example.org", (await CustomerAsync(site, customer.Id)).Emails[0].Value);
        var trail = await TrailAsync(site, customer.Id);
        var update = Assert.Single(trail.Audit, a => a.Action == "update-customer");
        Assert.Equal($"customer:{customer.Id} (preference link)", update.Actor);
        Assert.Contains(customer.Email, update.Detail, StringComparison.Ordinal);
        Assert.Contains("jane.new@example.org", update.Detail, StringComparison.Ordinal);

        var proof = Assert.Single(trail.Consents, c => c.Source == "preference-page");
        Assert.Equal(Channel.Email, proof.Channel);
        Assert.Equal(ConsentStatus.Granted, proof.Status);
        Assert.Contains("jane.new@example.org", proof.Evidence, StringComparison.Ordinal);
        Assert.Contains("preference page: link v1 (preferences, customer " + customer.Id + ", scope all, valid through 2027-02-21", proof.Evidence, StringComparison.Ordinal);
        Assert.Contains("from 127.0.0.1", proof.Evidence, StringComparison.Ordinal);
        Assert.Contains("user agent \"TestBrowser/1.0\"", proof.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(path[3..], proof.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingChannelsOrderAndFrequency_StoresConsentHistoryWithEvidence_AndAuditEntries()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email, Channel.Print);
        var path = await PreferencePathAsync(site, customer.Id);
        using var client = site.NewClient();

        using var saved = await SubmitAsync(client, path, "form#preferences", f => f
            .Set("Granted", "sms", "email")
            .Set("Order[sms]", "1").Set("Order[email]", "2").Set("Order[print]", "3").Set("Order[phone]", "4").Set("Order[social]", "5")
            .Set("Frequency", "quarterly"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var stored = await CustomerAsync(site, customer.Id);
        Assert.Equal([Channel.Sms, Channel.Email], stored.PreferredChannels);
        Assert.Equal(ContactFrequency.Quarterly, stored.PreferredFrequency);

        var trail = await TrailAsync(site, customer.Id);
        var state = trail.State(site.Time.GetUtcNow());
        Assert.True(state.MayContact(Channel.Sms));
        Assert.True(state.MayContact(Channel.Email));
        Assert.False(state.MayContact(Channel.Print));
        Assert.Equal(SuppressionReason.Unsubscribed, state[Channel.Print].Suppression);
        Assert.Equal("preference-page", state[Channel.Sms].Deciding!.Source);
        Assert.Contains("the customer ticked sms", state[Channel.Sms].Deciding!.Evidence, StringComparison.Ordinal);
        Assert.Equal("preference-page", state[Channel.Print].Deciding!.Source);
        Assert.Contains("the customer unticked print", state[Channel.Print].Deciding!.Evidence, StringComparison.Ordinal);

        // Unchanged channels get no new record.
        Assert.Equal("test", state[Channel.Email].Deciding!.Source);
        Assert.Contains(trail.Audit, a => a.Action == "grant-consent" && a.Actor == $"customer:{customer.Id} (preference link)");
        Assert.Contains(trail.Audit, a => a.Action == "withdraw-consent" && a.Detail!.Contains("source preference-page", StringComparison.Ordinal));
        var update = Assert.Single(trail.Audit, a => a.Action == "update-customer");
        Assert.Contains("preferred_frequency", update.Detail, StringComparison.Ordinal);
        Assert.Contains("quarterly", update.Detail, StringComparison.Ordinal);
        Assert.Contains("sms;email", update.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingTheFormUnchanged_StoresNothing()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var path = await PreferencePathAsync(site, customer.Id);
        var before = await TrailAsync(site, customer.Id);
        using var client = site.NewClient();

        using var saved = await SubmitAsync(client, path, "form#preferences", _ => { });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Nothing needed changing: your choices were already as you left them.", (await client.PageAsync(path)).QuerySelector("[role=status]")!.TextContent);
        var after = await TrailAsync(site, customer.Id);
        Assert.Equal(before.Consents.Count, after.Consents.Count);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
    }

    [Fact]
    public async Task BadEmailAddress_StoresNothing_AndSaysWhichFieldInTheCustomersLanguage()
    {
        var customer = await AddCustomerAsync(site, "fr", Channel.Email);
        var path = await PreferencePathAsync(site, customer.Id);
        var before = await TrailAsync(site, customer.Id);
        using var client = site.NewClient();

        using var refused = await SubmitAsync(client, path, "form#preferences", f => f.Set("Email", "not an address").Set("Frequency", "yearly").Set("Granted"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await WebClient.ParseAsync(refused);
        var alert = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("Vos modifications n’ont pas été enregistrées", alert, StringComparison.Ordinal);
        Assert.Contains("E-mail", alert, StringComparison.Ordinal);
        Assert.Equal("not an address", page.QuerySelector("input[name=Email]")!.GetAttribute("value"));

        var after = await TrailAsync(site, customer.Id);
        Assert.Equal(before.Consents.Count, after.Consents.Count);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
        Assert.Equal(ContactFrequency.Monthly, (await CustomerAsync(site, customer.Id)).PreferredFrequency);
    }

    [Fact]
    public async Task UnsubscribeFromEverything_WithdrawsEveryChannel_WithEvidence()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email, Channel.Print, Channel.Phone, Channel.Sms);
        var path = await PreferencePathAsync(site, customer.Id);
        using var client = site.NewClient();

        using var done = await SubmitAsync(client, path, "form#unsubscribe-all", _ => { });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(path, done.Headers.Location!.OriginalString);
        Assert.StartsWith("You are unsubscribed", (await client.PageAsync(path)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var state = (await TrailAsync(site, customer.Id)).State(site.Time.GetUtcNow());
        foreach (var channel in Enum.GetValues<Channel>())
        {
            Assert.False(state.MayContact(channel), channel.ToString());
            Assert.Equal(ConsentStatus.Withdrawn, state[channel].Deciding!.Status);
            Assert.Equal("preference-page", state[channel].Deciding!.Source);
            Assert.Contains("the customer unsubscribed from everything", state[channel].Deciding!.Evidence, StringComparison.Ordinal);
        }

        Assert.Equal(SuppressionReason.DoNotCall, state[Channel.Phone].Suppression);
        Assert.Equal(SuppressionReason.Unsubscribed, state[Channel.Email].Suppression);
    }

    [Fact]
    public async Task LinkForOneCustomer_NeverShowsOrChangesAnother()
    {
        var a = await AddCustomerAsync(site, "en", Channel.Email);
        var b = await AddCustomerAsync(site, "en", Channel.Email);
        var before = await TrailAsync(site, b.Id);
        var path = await PreferencePathAsync(site, a.Id);
        using var client = site.NewClient();

        var page = await client.PageAsync(path);
        Assert.DoesNotContain(b.Id, page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Email, page.Source.Text, StringComparison.Ordinal);

        // A form that names the other customer, in every way a form could, still changes only the token's.
        using var saved = await SubmitAsync(client, path + "?customer_id=" + b.Id + "&id=" + b.Id, "form#preferences", f => f
            .Set("Email", "a.only@example.org").Set("Granted").Set("customer_id", b.Id).Set("CustomerId", b.Id).Set("Id", b.Id));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("a.only@example.org", (await CustomerAsync(site, a.Id)).Emails[0].Value);
        Assert.False((await TrailAsync(site, a.Id)).State(site.Time.GetUtcNow()).MayContact(Channel.Email));
        Assert.Equal(b.Email, (await CustomerAsync(site, b.Id)).Emails[0].Value);
        var after = await TrailAsync(site, b.Id);
        Assert.Equal(before.Consents.Count, after.Consents.Count);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
    }

    [Fact]
    public async Task UsingALink_OpensNoWayIntoTheStaffPages()
    {
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var path = await PreferencePathAsync(site, customer.Id);
        using var client = site.NewClient();

        using var opened = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.DoesNotContain(opened.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(RapportWebApp.CookieName + "=", StringComparison.Ordinal));
        using var saved = await SubmitAsync(client, path, "form#preferences", f => f.Set("Frequency", "yearly"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        foreach (var staffPage in new[] { "/", "/status/500", path + "/../../", "/p/" })
        {
            using var response = await client.Http.GetAsync(new Uri(staffPage, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound, $"{staffPage}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("/sign-in", new Uri(site.BaseAddress, response.Headers.Location!).PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task UnsubscribeLink_DoesNotOpenThePreferencePage()
    {
        // The unsubscribe link lives 400 days; the page with contact details only opens with its own, shorter-lived link.
        var customer = await AddCustomerAsync(site, "en", Channel.Email);
        var token = (await LinksAsync(site)).Sign(LinkPurpose.Unsubscribe, customer.Id, LinkScope.All);
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/p/" + token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await WebClient.ParseAsync(response);
        Assert.Equal("This link does not work", page.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(customer.Email, page.Source.Text, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form"));
    }
}
