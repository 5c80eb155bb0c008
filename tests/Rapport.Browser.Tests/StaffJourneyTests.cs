using Microsoft.Playwright;

namespace Rapport.Browser.Tests;

/// <summary>
/// A new member of staff's first session, in real Chromium against the real <c>rapport serve</c>:
/// sign in, the day's calls, a customer, a customer's own preference link, and what they must not see.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffJourneyTests(ServedBusiness business)
{
    [Fact]
    public async Task SignIn_WrongPasswordThenRightOne_LandsSignedIn()
    {
        var staff = business.Query("SELECT staff_id FROM staff WHERE role = 'staff' ORDER BY staff_id LIMIT 1");
        await business.RunWithInputAsync(ServedBusiness.Password, "users", "set-password", staff);
        var page = await business.NewPageAsync(phone: true);

        await page.GotoAsync("/");
        Assert.EndsWith("/sign-in?ReturnUrl=%2F", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Staff id or e-mail").FillAsync(staff);
        await page.GetByLabel("Password").FillAsync("not my password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServedBusiness.ScreenshotFolder, "sign-in.png"), FullPage = true });

        await page.GetByLabel("Password").FillAsync(ServedBusiness.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var name = business.Query($"SELECT name FROM staff WHERE staff_id = '{staff}'");
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync(name);
    }
}
