using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.Browser.Tests;

/// <summary>
/// What a member of staff must not see, in real Chromium against the real <c>rapport serve</c>: another
/// branch's customer is "not found" in the pages and the API, exactly like an id that does not exist.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RightsJourneyTests(ServedBusiness business)
{
    private const string UnknownId = "C9999999";

    [Fact]
    public async Task AnotherBranchsCustomer_IsNotFound_LikeAnUnknownId_InPagesAndApi()
    {
        var staff = business.Take(Sql.StaffWithFewestCalls(business));
        var branch = business.Query(Sql.BranchOf(staff));
        var own = business.Query($"SELECT customer_id FROM customers WHERE home_branch_id = '{branch}' ORDER BY customer_id LIMIT 1");
        var other = business.Query($"SELECT customer_id FROM customers WHERE home_branch_id IS NOT NULL AND home_branch_id <> '{branch}' ORDER BY customer_id LIMIT 1");
        var otherName = business.Query(Sql.NameOf(other));
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM customers WHERE customer_id = '{UnknownId}'"));
        var page = await business.SignInAsync(staff);

        // Their own branch's customer opens, so a "not found" below is about rights, not a broken page.
        Assert.Equal(200, (await page.GotoAsync($"/customers/{own}"))!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(own);

        var unknown = await page.GotoAsync($"/customers/{UnknownId}");
        Assert.Equal(404, unknown!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        var unknownText = await page.Locator("main").InnerTextAsync();

        var refused = await page.GotoAsync($"/customers/{other}");
        Assert.Equal(404, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        Assert.Equal(unknownText, await page.Locator("main").InnerTextAsync());
        Assert.DoesNotContain(otherName, await page.ContentAsync(), StringComparison.Ordinal);

        // Nor does the search find them.
        await page.GotoAsync($"/customers?q={other}");
        await Expect(page.Locator("#customer-count")).ToHaveAttributeAsync("data-total", "0");

        // The API, with the same sign-in cookie.
        var ownApi = await page.APIRequest.GetAsync($"/api/customers/{own}");
        Assert.Equal(200, ownApi.Status);
        Assert.Contains(own, await ownApi.TextAsync(), StringComparison.Ordinal);
        var unknownApi = await page.APIRequest.GetAsync($"/api/customers/{UnknownId}");
        var otherApi = await page.APIRequest.GetAsync($"/api/customers/{other}");
        Assert.Equal(404, unknownApi.Status);
        Assert.Equal(404, otherApi.Status);
        var otherBody = await otherApi.TextAsync();
        Assert.Equal(WithoutTrace((await unknownApi.TextAsync()).Replace(UnknownId, "ID", StringComparison.Ordinal)), WithoutTrace(otherBody.Replace(other, "ID", StringComparison.Ordinal)));
        Assert.DoesNotContain(otherName, otherBody, StringComparison.Ordinal);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/api/customers/{other}/consents")).Status);

        // Nor can they change the customer: their own customer's edit form, pointed at the other one.
        var city = business.Query($"SELECT COALESCE(city, '') FROM customers WHERE customer_id = '{other}'");
        await page.GotoAsync($"/customers/{own}");
        await page.EvaluateAsync($"() => document.getElementById('edit-customer').action = '/customers/{other}?handler=Edit'");
        await page.GetByText("Edit contact details and preferences").ClickAsync();
        await page.Locator("#edit-customer input[name='city']").FillAsync("Moved Away");
        var changed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(404, changed.Status);
        Assert.Equal(city, business.Query($"SELECT COALESCE(city, '') FROM customers WHERE customer_id = '{other}'"));
        Assert.Equal("0", business.Query($"SELECT COUNT(*) FROM audit_log WHERE actor = 'staff:{staff}' AND action = 'update-customer'"));
    }

    /// <summary>A ProblemDetails body without its per-request trace id, the one part two answers may differ in.</summary>
    private static string WithoutTrace(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("traceId"), "the 404 is not a ProblemDetails with a trace id: " + problem);
        return json.ToJsonString();
    }
}
