using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.Browser.Tests;

/// <summary>
/// The customer's side, in real Chromium against the real <c>rapport serve</c>: a preference link
/// printed by <c>rapport customers link</c>, unsubscribing from everything (and <c>rapport send</c>
/// then leaving the customer out), the RFC 8058 one-click POST, and a tampered link.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PreferenceLinkJourneyTests(ServedBusiness business)
{
    private static readonly string[] Channels = ["email", "phone", "print", "sms", "social"];

    [Fact]
    public async Task PreferenceLink_UnsubscribeFromEverything_IsInTheConsentHistory_AndSendLeavesTheCustomerOut()
    {
        // A customer with a letter or text message due today, so that today's send has something to leave out.
        var customer = business.Take($"""
            SELECT DISTINCT p.customer_id FROM plan_touches p JOIN customers c ON c.customer_id = p.customer_id
            WHERE p.day = {business.PlanDayNumber} AND p.channel IN ('print', 'sms') AND c.language LIKE 'en%' AND c.home_branch_id IS NOT NULL
            ORDER BY p.customer_id
            """);
        var link = await LinkAsync(customer);
        Assert.StartsWith(business.BaseAddress.ToString().TrimEnd('/') + "/p/v1.", link, StringComparison.Ordinal);
        var page = await business.NewPageAsync();
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };

        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Contains("no-store", opened.Headers["cache-control"], StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your preferences");
        await Expect(page.Locator("input[name='FirstName']")).ToHaveValueAsync(business.Query($"SELECT COALESCE(first_name, '') FROM customers WHERE customer_id = '{customer}'"));
        await Expect(page.Locator("a")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "rapport.staff");
        await ServedBusiness.ScreenshotAsync(page, "preferences.png", height: 2400);

        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe from everything" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are unsubscribed");
        Assert.Equal("Unsubscribe from everything?", asked);
        await Expect(page.Locator("input[name='Granted']:checked")).ToHaveCountAsync(0);
        Assert.Equal(string.Join(';', Channels.Select(c => c + "=withdrawn")), business.Query(Sql.ConsentNow(customer)));
        Assert.Equal("do-not-call", business.Query($"SELECT suppression FROM consents WHERE customer_id = '{customer}' AND channel = 'phone' ORDER BY at DESC, consent_id DESC LIMIT 1"));
        var evidence = business.Query($"SELECT evidence FROM consents WHERE customer_id = '{customer}' AND source = 'preference-page' ORDER BY consent_id LIMIT 1");
        Assert.StartsWith($"preference page: link v1 (preferences, customer {customer}, scope all, valid through ", evidence, StringComparison.Ordinal);

        // The member of staff who opens the customer sees the withdrawal and its evidence.
        var staff = business.Take(Sql.StaffWithFewestCalls(business, branchId: business.Query($"SELECT home_branch_id FROM customers WHERE customer_id = '{customer}'")));
        var staffPage = await business.SignInAsync(staff);
        await staffPage.GotoAsync($"/customers/{customer}");
        var withdrawals = staffPage.Locator("table.consent-history tbody tr").Filter(new() { HasText = "preference-page" });
        await Expect(withdrawals).Not.ToHaveCountAsync(0);
        await Expect(withdrawals.First).ToContainTextAsync("withdrawn");
        await Expect(withdrawals.First).ToContainTextAsync($"preference page: link v1 (preferences, customer {customer}");
        await Expect(staffPage.Locator("table.consent tbody tr")).ToHaveCountAsync(Channels.Length);
        await Expect(staffPage.Locator("table.consent tbody td.ok")).ToHaveCountAsync(0);

        // Today's send: e-mails wait (no SMTP), letters and hand-sent messages are written to files.
        var day = business.PlanDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var outFolder = business.Folder.File("send-out");
        await business.RunAsync("send", "--date", day, "--out", outFolder);

        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM outbox WHERE customer_id = '{customer}' AND state NOT IN ('withheld')"));
        Assert.NotEqual("0", business.Query($"SELECT COUNT(*) FROM outbox WHERE customer_id = '{customer}' AND state = 'withheld'"));
        var sentTo = business.QueryColumn("SELECT DISTINCT customer_id FROM outbox WHERE state = 'sent' AND channel IN ('print', 'sms', 'social')");
        Assert.NotEmpty(sentTo);
        var written = Directory.GetFiles(outFolder, "*.csv").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(written);
        Assert.All(written, text => Assert.DoesNotContain(customer, text, StringComparison.Ordinal));
        Assert.All(sentTo, other => Assert.Contains(written, text => text.Contains(other, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OneClick_PostWithoutCookies_Answers200WithoutARedirect_AndWithdrawsTheLinksChannel()
    {
        var customer = business.Take("""
            SELECT c.customer_id FROM customers c WHERE c.language LIKE 'en%'
              AND EXISTS (SELECT 1 FROM consents k WHERE k.customer_id = c.customer_id AND k.channel = 'email' AND k.status = 'granted')
              AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.customer_id = c.customer_id AND k.status = 'withdrawn')
            ORDER BY c.customer_id DESC
            """);
        var link = await LinkAsync(customer, "--unsubscribe", "--channel", "email");
        Assert.StartsWith(business.BaseAddress.ToString().TrimEnd('/') + "/u/v1.", link, StringComparison.Ordinal);
        var before = business.Query(Sql.ConsentNow(customer));
        Assert.Contains("email=granted", before, StringComparison.Ordinal);
        var records = business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{customer}'");
        await using var mail = await business.Playwright.APIRequest.NewContextAsync(new() { BaseURL = business.BaseAddress.ToString() });

        // A mail scanner fetching the link changes nothing.
        var fetched = await mail.GetAsync(link, new() { MaxRedirects = 0 });
        Assert.Equal(200, fetched.Status);
        Assert.Equal(records, business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{customer}'"));

        var oneClick = new APIRequestContextOptions { MaxRedirects = 0, Form = mail.CreateFormData() };
        oneClick.Form.Set("List-Unsubscribe", "One-Click");
        var posted = await mail.PostAsync(link, oneClick);

        Assert.Equal(200, posted.Status);
        Assert.False(posted.Headers.ContainsKey("location"), "the one-click answer redirects");
        Assert.DoesNotContain("set-cookie", posted.Headers.Keys);
        Assert.Contains("You are unsubscribed: you will receive no more e-mails from us.", await posted.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Replace("email=granted", "email=withdrawn", StringComparison.Ordinal), business.Query(Sql.ConsentNow(customer)));
        Assert.StartsWith(
            $"one-click|unsubscribed|one-click unsubscribe (RFC 8058 POST List-Unsubscribe=One-Click): link v1 (unsubscribe, customer {customer}, scope email, ",
            business.Query($"SELECT source || '|' || suppression || '|' || evidence FROM consents WHERE customer_id = '{customer}' AND channel = 'email' ORDER BY at DESC, consent_id DESC LIMIT 1"),
            StringComparison.Ordinal);

        // Mail providers retry: a second POST is answered the same and stores nothing new.
        var again = await mail.PostAsync(link, oneClick);
        Assert.Equal(200, again.Status);
        Assert.Equal($"{int.Parse(records, CultureInfo.InvariantCulture) + 1}", business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{customer}'"));
    }

    [Fact]
    public async Task TamperedLink_ForAnotherCustomer_GetsThePlainRefusal_AndChangesNothing()
    {
        const string withConsent = "SELECT c.customer_id FROM customers c WHERE c.language LIKE 'en%' AND EXISTS (SELECT 1 FROM consents k WHERE k.customer_id = c.customer_id) ORDER BY c.customer_id DESC";
        var owner = business.Take(withConsent);
        var victim = business.Take(withConsent);
        var records = business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{victim}'");
        var page = await business.NewPageAsync();

        // The owner's genuine link, rewritten to name someone else: the signature no longer matches.
        var preferences = Retarget(await LinkAsync(owner), owner, victim);
        var refused = await page.GotoAsync(preferences);
        Assert.Equal(400, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link does not work");
        await Expect(page.Locator("main")).ToContainTextAsync("Nothing has been changed.");
        await Expect(page.Locator("form, button, input, a")).ToHaveCountAsync(0);
        foreach (var name in new[] { business.Query(Sql.NameOf(victim)), business.Query(Sql.NameOf(owner)) })
        {
            Assert.DoesNotContain(name, await page.ContentAsync(), StringComparison.Ordinal);
        }

        // The same for the one-click POST a mail provider would send.
        var unsubscribe = Retarget(await LinkAsync(owner, "--unsubscribe"), owner, victim);
        await using var mail = await business.Playwright.APIRequest.NewContextAsync(new() { BaseURL = business.BaseAddress.ToString() });
        var form = mail.CreateFormData();
        form.Set("List-Unsubscribe", "One-Click");
        var posted = await mail.PostAsync(unsubscribe, new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(400, posted.Status);
        Assert.Contains("This link does not work", await posted.TextAsync(), StringComparison.Ordinal);

        // One character changed in the signature is refused too.
        var genuine = await LinkAsync(owner);
        var flipped = genuine[..^10] + (genuine[^10] == 'A' ? 'B' : 'A') + genuine[^9..];
        Assert.Equal(400, (await page.GotoAsync(flipped))!.Status);

        Assert.Equal(records, business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{victim}'"));
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id IN ('{victim}', '{owner}') AND source IN ('preference-page', 'one-click')"));
    }

    private async Task<string> LinkAsync(string customer, params string[] options) =>
        (await business.RunAsync(["customers", "link", customer, "--public-url", business.BaseAddress.ToString().TrimEnd('/'), .. options])).Trim();

    /// <summary>A link whose payload names another customer, keeping the original signature.</summary>
    private static string Retarget(string link, string from, string to)
    {
        var token = link[(link.LastIndexOf('/') + 1)..];
        var parts = token.Split('.');
        var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url(parts[1])))!;
        Assert.Equal(from, (string?)json["c"]);
        json["c"] = to;
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return link[..(link.LastIndexOf('/') + 1)] + $"{parts[0]}.{payload}.{parts[2]}";
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
