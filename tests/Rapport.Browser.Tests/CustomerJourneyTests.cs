using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.Browser.Tests;

/// <summary>
/// A customer's 360 view, in real Chromium against the real <c>rapport serve</c>: found by search,
/// read, a preference edited, correspondence logged, and a bad e-mail address refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerJourneyTests(ServedBusiness business)
{
    [Fact]
    public async Task Customer_FoundBySearch_Shows360View_AndSavesAChangedPreference()
    {
        var staff = business.Take(Sql.StaffWithFewestCalls(business));
        var customer = business.Take(Sql.RoundedCustomersOf(business, business.Query(Sql.BranchOf(staff))));
        var name = business.Query(Sql.NameOf(customer));
        var page = await business.SignInAsync(staff);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.GetByLabel("Search").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("table.customers tbody tr")).Not.ToHaveCountAsync(0);
        await page.Locator($"tr[data-customer='{customer}'] a").ClickAsync();

        Assert.Equal($"/customers/{customer}", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{name} {customer}");

        var purchases = business.Query($"SELECT COUNT(*) FROM purchases WHERE customer_id = '{customer}'");
        await Expect(page.Locator("#purchases-heading")).ToHaveTextAsync($"Purchases: {purchases}");
        await Expect(page.Locator("table.purchases tbody tr")).ToHaveCountAsync(Math.Min(50, int.Parse(purchases, System.Globalization.CultureInfo.InvariantCulture)));

        var consents = int.Parse(business.Query($"SELECT COUNT(*) FROM consents WHERE customer_id = '{customer}'"), System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("table.consent-history tbody tr")).ToHaveCountAsync(consents);
        var firstSource = business.Query($"SELECT source FROM consents WHERE customer_id = '{customer}' ORDER BY at LIMIT 1");
        await Expect(page.Locator("table.consent-history")).ToContainTextAsync(firstSource);

        var planned = int.Parse(business.Query($"SELECT COUNT(*) FROM plan_touches WHERE customer_id = '{customer}' AND day >= {business.PlanDayNumber} AND day < {business.PlanDayNumber} + 90"), System.Globalization.CultureInfo.InvariantCulture);
        var planRows = page.Locator("table.plan tbody tr");
        await Expect(planRows).ToHaveCountAsync(planned);
        for (var i = 0; i < planned; i++)
        {
            Assert.False(string.IsNullOrWhiteSpace(await planRows.Nth(i).Locator("td").Last.InnerTextAsync()), $"planned touch {i + 1} has no reason");
        }

        await ServedBusiness.ScreenshotAsync(page, "customer.png", height: 2000);

        var before = business.Query($"SELECT COALESCE(preferred_frequency, '') FROM customers WHERE customer_id = '{customer}'");
        var chosen = before == "quarterly" ? "monthly" : "quarterly";
        await page.GetByText("Edit contact details and preferences").ClickAsync();
        await page.Locator("#edit-customer select[name='preferred_frequency']").SelectOptionAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved:" })).ToHaveTextAsync("Saved: preferred frequency");
        await Expect(page.Locator("#profile-heading + dl")).ToContainTextAsync(chosen);
        Assert.Equal(chosen, business.Query($"SELECT preferred_frequency FROM customers WHERE customer_id = '{customer}'"));
        Assert.Equal("1", business.Query($"SELECT COUNT(*) FROM audit_log WHERE actor = 'staff:{staff}' AND action = 'update-customer' AND subject LIKE '%{customer}%'"));
    }

    [Fact]
    public async Task Customer_BadEmailAddress_IsNamedByField_AndNothingIsSaved()
    {
        var staff = business.Take(Sql.StaffWithFewestCalls(business));
        var customer = business.Take(Sql.RoundedCustomersOf(business, business.Query(Sql.BranchOf(staff))));
        var stored = business.Query($"SELECT emails || '|' || COALESCE(city, '') || '|' || COALESCE(preferred_frequency, '') FROM customers WHERE customer_id = '{customer}'");
        var page = await business.SignInAsync(staff);
        await page.GotoAsync($"/customers/{customer}");

        await page.GetByText("Edit contact details and preferences").ClickAsync();
        var form = page.Locator("#edit-customer");
        await form.Locator("input[name='email']").FillAsync("jane.doe.example.com");
        await form.Locator("input[name='city']").FillAsync("Somewhere Else");
        await form.Locator("select[name='preferred_frequency']").SelectOptionAsync("yearly");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#edit")).ToHaveAttributeAsync("open", new Regex(".*"));
        await Expect(page.Locator("#edit [role='alert']")).ToHaveTextAsync("Nothing was saved: 1 field needs correcting.");
        var email = page.Locator("#edit-customer input[name='email']");
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToHaveValueAsync("jane.doe.example.com");
        var emailErrors = page.Locator("#edit-customer label").Filter(new() { Has = page.Locator("input[name='email']") }).Locator(".error");
        await Expect(emailErrors).ToHaveCountAsync(1);
        await Expect(emailErrors).ToContainTextAsync("jane.doe.example.com");
        await Expect(page.Locator("#edit-customer input[name='city']")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#edit-customer [aria-invalid='true']")).ToHaveCountAsync(1);

        Assert.Equal(stored, business.Query($"SELECT emails || '|' || COALESCE(city, '') || '|' || COALESCE(preferred_frequency, '') FROM customers WHERE customer_id = '{customer}'"));
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM audit_log WHERE action = 'update-customer' AND subject LIKE '%{customer}%'"));
    }

    [Fact]
    public async Task Customer_LoggedComplaint_IsStored_AndTheReplyIsPlannedAndShown()
    {
        var staff = business.Take(Sql.StaffWithFewestCalls(business));
        var customer = business.Take(Sql.RoundedCustomersOf(business, business.Query(Sql.BranchOf(staff))));
        var page = await business.SignInAsync(staff);
        await page.GotoAsync($"/customers/{customer}");
        const string note = "Wrote that the garden hose split after two weeks and nobody answered the shop's phone.";
        var touchesBefore = business.Query($"SELECT COUNT(*) FROM touches WHERE customer_id = '{customer}'");

        var form = page.Locator("#log-inbound");
        await form.Locator("select[name='kind']").SelectOptionAsync("complaint");
        await form.Locator("select[name='channel']").SelectOptionAsync("print");
        await form.Locator("textarea[name='note']").FillAsync(note);
        await form.GetByRole(AriaRole.Button, new() { Name = "Log it" }).ClickAsync();

        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Logged" });
        await Expect(status).ToContainTextAsync("Logged the complaint. Planned in reply: ");
        await Expect(page.Locator("ol.timeline li.in").First).ToContainTextAsync(note);

        var touchId = business.Query($"SELECT touch_id FROM touches WHERE customer_id = '{customer}' AND direction = 'in' AND kind = 'complaint' AND note = '{note.Replace("'", "''", StringComparison.Ordinal)}'");
        Assert.NotEmpty(touchId);
        Assert.Equal($"{int.Parse(touchesBefore, System.Globalization.CultureInfo.InvariantCulture) + 1}", business.Query($"SELECT COUNT(*) FROM touches WHERE customer_id = '{customer}'"));
        Assert.Equal($"print|{staff}", business.Query($"SELECT channel || '|' || staff_id FROM touches WHERE touch_id = '{touchId}'"));

        // Every reply the status lists is a moment of this complaint, and every such moment is listed.
        var moments = business.QueryColumn($"SELECT kind || ' by ' || channel || ' by ' || due FROM moments WHERE customer_id = '{customer}' AND event = 'touch:{touchId}' ORDER BY key");
        Assert.NotEmpty(moments);
        var listed = (await status.InnerTextAsync()).Split("Planned in reply: ")[1].TrimEnd('.').Split("; ");
        Assert.Equal(moments.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }
}
