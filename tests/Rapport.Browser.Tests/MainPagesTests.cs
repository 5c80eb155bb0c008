using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.Browser.Tests;

/// <summary>
/// The pages a manager works from — Customers, Plan, Segments — in real Chromium against the real
/// <c>rapport serve</c>, checked against the database and captured for the README.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MainPagesTests(ServedBusiness business)
{
    [Fact]
    public async Task CustomersPlanAndSegments_ForAManager_ShowTheirBranches()
    {
        var manager = business.Take(Sql.StaffWithFewestCalls(business, role: "manager"));
        var branch = business.Query(Sql.BranchOf(manager));
        var page = await business.SignInAsync(manager);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        await nav.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Customers");
        var total = int.Parse((await page.Locator("#customer-count").GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        var homeCustomers = int.Parse(business.Query($"SELECT COUNT(*) FROM customers WHERE home_branch_id = '{branch}'"), CultureInfo.InvariantCulture);
        Assert.True(total >= homeCustomers, $"the manager sees {total} customers, fewer than the {homeCustomers} of their own branch");
        await Expect(page.Locator("table.customers tbody tr")).ToHaveCountAsync(Math.Min(50, total));
        await ServedBusiness.ScreenshotAsync(page, "customers.png");

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Branch" }).SelectOptionAsync(branch);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("#customer-count")).ToHaveAttributeAsync("data-total", business.Query($"""
            SELECT COUNT(*) FROM customers c LEFT JOIN plan_customers p ON p.customer_id = c.customer_id
            WHERE COALESCE(c.home_branch_id, p.branch_id) = '{branch}'
            """));

        await nav.GetByRole(AriaRole.Link, new() { Name = "Plan" }).ClickAsync();
        await Expect(page.Locator("ol.calendar.week li.day")).ToHaveCountAsync(7);
        var today = page.Locator($"li.day[data-day='{business.PlanDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}']");
        await Expect(today).ToHaveAttributeAsync("data-calls", business.Query($"SELECT COUNT(*) FROM plan_touches WHERE branch_id = '{branch}' AND day = {business.PlanDayNumber} AND start_minute IS NOT NULL"));
        await ServedBusiness.ScreenshotAsync(page, "plan.png", height: 1400);

        await nav.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await Expect(page.Locator(".charts svg")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#segments-summary")).ToHaveAttributeAsync("data-customers", total.ToString(CultureInfo.InvariantCulture));
        await ServedBusiness.ScreenshotAsync(page, "segments.png");
    }
}
