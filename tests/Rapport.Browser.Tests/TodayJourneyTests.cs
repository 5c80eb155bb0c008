using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.Browser.Tests;

/// <summary>
/// A member of staff's day on Today, in real Chromium against the real <c>rapport serve</c>: the calls
/// with their scripts, an outcome in one click, and what the click stored.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TodayJourneyTests(ServedBusiness business)
{
    [Fact]
    public async Task Today_SignedIn_ListsMyCallsWithScripts_AndOneClickStoresTheOutcome()
    {
        // Someone calling a colleague's customers: the scripts must still introduce them, not the account manager.
        var staff = business.Take(Sql.StaffWithCallsToday(business, standingIn: true));
        var page = await business.SignInAsync(staff);

        Assert.Equal("/today", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Your day");
        var expected = int.Parse(business.Query(Sql.CallsToday(business, staff, "COUNT(*)")), System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("article.call")).ToHaveCountAsync(expected);
        await Expect(page.Locator("#calls-heading")).ToHaveTextAsync($"Calls: {expected}");

        var call = page.Locator("article.call").First;
        var touchId = (await call.GetAttributeAsync("data-touch"))!;
        var customer = touchId.Split(':')[0];
        await Expect(call.Locator(".call-name")).ToHaveTextAsync(business.Query(Sql.NameOf(customer)));
        await Expect(call.Locator(".script-text")).ToBeVisibleAsync();
        var script = await call.Locator(".script-text").InnerTextAsync();
        Assert.True(script.Trim().Length > 40, "the call's script is missing or empty");

        // The script is read by whoever makes the call: they introduce themselves, even when standing in for the account manager.
        var caller = business.Query($"SELECT name FROM staff WHERE staff_id = '{staff}'");
        foreach (var text in await page.Locator("article.call .script-text").AllInnerTextsAsync())
        {
            Assert.Contains($"this is {caller}", text, StringComparison.Ordinal);
        }
        await Expect(call.Locator(".recorded")).ToHaveCountAsync(0);
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM touches WHERE touch_id = '{touchId}'"));

        await ServedBusiness.ScreenshotAsync(page, "today.png");

        await call.GetByRole(AriaRole.Button, new() { Name = "Answered", Exact = true }).ClickAsync();

        var same = page.Locator($"article.call[data-touch='{touchId}']");
        await Expect(same.Locator(".recorded")).ToContainTextAsync("Recorded: answered");
        await Expect(same.GetByRole(AriaRole.Button, new() { Name = "Answered", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal($"{customer}|answered|{staff}|out|phone|done", business.Query(Sql.StoredCall(touchId)));

        // A different outcome later corrects the same touch rather than adding a second one.
        await same.GetByRole(AriaRole.Button, new() { Name = "Positive", Exact = true }).ClickAsync();
        await Expect(same.Locator(".recorded")).ToContainTextAsync("Recorded: positive");
        Assert.Equal($"{customer}|positive|{staff}|out|phone|done", business.Query(Sql.StoredCall(touchId)));
        Assert.Equal("1", business.Query($"SELECT COUNT(*) FROM touches WHERE touch_id = '{touchId}'"));
        Assert.Equal("record-outcome;correct-outcome", business.Query($"SELECT GROUP_CONCAT(action, ';') FROM (SELECT action FROM audit_log WHERE actor = 'staff:{staff}' AND action LIKE '%-outcome' ORDER BY audit_id)"));

    }

    [Fact]
    public async Task Today_NegativeAnswerWithANote_StoresTheNoteAndBooksTheFollowUp()
    {
        var staff = business.Take(Sql.StaffWithCallsToday(business));
        var page = await business.SignInAsync(staff);
        var call = page.Locator("article.call").First;
        var touchId = (await call.GetAttributeAsync("data-touch"))!;
        var customer = touchId.Split(':')[0];
        const string note = "Unhappy that the last delivery came a week late; wants the manager to ring back.";
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM moments WHERE event = 'touch:{touchId}'"));

        await call.GetByLabel("Note").FillAsync(note);
        await call.GetByRole(AriaRole.Button, new() { Name = "Negative", Exact = true }).ClickAsync();

        var same = page.Locator($"article.call[data-touch='{touchId}']");
        await Expect(same.Locator(".recorded")).ToContainTextAsync("Recorded: negative");
        await Expect(same.Locator(".recorded")).ToContainTextAsync("Note: " + note);
        Assert.Equal($"{customer}|negative|{staff}|out|phone|done", business.Query(Sql.StoredCall(touchId)));
        Assert.Equal(note, business.Query($"SELECT note FROM touches WHERE touch_id = '{touchId}'"));

        // A negative answer runs the moments at once: the follow-up is booked for the next plan.
        Assert.NotEqual("0", business.Query($"SELECT COUNT(*) FROM moments WHERE event = 'touch:{touchId}' AND customer_id = '{customer}'"));
    }

    [Fact]
    public async Task Today_CallBack_NeedsADay_ThenIsBookedForThatDay()
    {
        var staff = business.Take(Sql.StaffWithCallsToday(business));
        var page = await business.SignInAsync(staff);
        var call = page.Locator("article.call").First;
        var touchId = (await call.GetAttributeAsync("data-touch"))!;
        var customer = touchId.Split(':')[0];
        var callBackButton = call.GetByRole(AriaRole.Button, new() { Name = "Call back", Exact = true });

        await callBackButton.ClickAsync();

        var same = page.Locator($"article.call[data-touch='{touchId}']");
        await Expect(same.GetByRole(AriaRole.Alert)).Not.ToHaveCountAsync(0);
        await Expect(same.Locator(".recorded")).ToHaveCountAsync(0);
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM touches WHERE touch_id = '{touchId}'"));

        var again = business.PlanDay.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await same.GetByLabel("Call back on").FillAsync(again);
        await same.GetByRole(AriaRole.Button, new() { Name = "Call back", Exact = true }).ClickAsync();

        await Expect(same.Locator(".recorded")).ToContainTextAsync($"Recorded: call back on {again}");
        Assert.Equal($"{customer}|answered|{staff}|out|phone|done", business.Query(Sql.StoredCall(touchId)));
        Assert.Equal($"{customer}|phone|{again}", business.Query($"SELECT customer_id || '|' || channel || '|' || due FROM moments WHERE event = 'call-back:{touchId}'"));
    }

    [Fact]
    public async Task Today_AndACustomer_OnAPhone_NothingOverflowsSideways()
    {
        var staff = business.Take(Sql.StaffWithCallsToday(business));
        var page = await business.SignInAsync(staff, phone: true);
        await Expect(page.Locator("article.call").First).ToBeVisibleAsync();
        await AssertFitsAsync(page, "Today");
        await ServedBusiness.ScreenshotAsync(page, "today-phone.png");

        await page.Locator("article.call .call-name").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/customers/[^/]+$"));
        await Expect(page.Locator("#consent-heading")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "the customer page");

        await page.GetByText("Edit contact details and preferences").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, "the customer page with its edit form open");
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{what} is {widths[0]} px wide on a {widths[1]} px phone screen");
    }
}
