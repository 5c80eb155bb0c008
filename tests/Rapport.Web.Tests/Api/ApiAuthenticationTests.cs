using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;
using Rapport.Web.Access;

namespace Rapport.Web.Tests.Api;

/// <summary>Who may call the API, and whose customers each caller sees (the web issue's items 1 and 4).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiAuthenticationTests(RapportSite site)
{
    [Theory]
    [InlineData(null)] // no key at all
    [InlineData("rk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well-formed, never made
    [InlineData("not-a-key")] // not even the key's shape
    public async Task Request_WithoutAValidKey_Is401ProblemDetails(string? key)
    {
        using var client = site.Client(key);
        using var response = await client.GetAsync(new Uri("/api/customers", UriKind.Relative));
        var problem = await response.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Request_WithTheRightIdButAWrongSecret_Is401()
    {
        var key = await site.AddKeyAsync(null);
        using var client = site.Client(key.KeyId + "_" + new string('A', 43));
        using var response = await client.GetAsync(new Uri("/api/customers", UriKind.Relative));
        await response.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithARevokedKey_Is401_ThoughItWorkedBefore()
    {
        var key = await site.AddKeyAsync(null);
        using var client = site.Client(key.Key);
        using (var before = await client.GetAsync(new Uri("/api/customers?pageSize=1", UriKind.Relative)))
        {
            await before.ExpectAsync(HttpStatusCode.OK);
        }

        await new ApiKeys(site.Database, site.Time).RevokeAsync(key.KeyId, "test", CancellationToken.None);
        using var after = await client.GetAsync(new Uri("/api/customers?pageSize=1", UriKind.Relative));
        await after.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithTheKeyInXApiKey_IsAccepted()
    {
        var key = await site.AddKeyAsync(null);
        using var client = site.Client(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        using var response = await client.GetAsync(new Uri("/api/customers?pageSize=1", UriKind.Relative));
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BranchKey_SeesItsBranchAndItsReports_Only()
    {
        var (branch, scope) = await site.MiddleBranchAsync();
        using var client = site.Client((await site.AddKeyAsync(branch)).Key);
        var page = await (await client.GetAsync(new Uri("/api/customers?pageSize=500", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        await using var context = site.Database.CreateContext();
        var expected = await scope.Customers(context).Select(c => c.Id).OrderBy(id => id).ToListAsync();
        Assert.True(expected.Count > 0 && expected.Count < await context.Customers.CountAsync(), "the branch should see some customers, not all");
        Assert.Equal(expected.Count, page.GetProperty("total").GetInt64());
        Assert.Equal(expected, page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customer_id").GetString()!).ToList());
        Assert.True(scope.Branches!.Count > 1, "the branch has reports");
    }

    [Fact]
    public async Task AllKey_SeesEveryCustomer()
    {
        using var client = await site.AllClientAsync();
        var page = await (await client.GetAsync(new Uri("/api/customers?pageSize=1", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        await using var context = site.Database.CreateContext();
        Assert.Equal(await context.Customers.LongCountAsync(), page.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task BranchKey_AnotherBranchsCustomer_IsNotFoundExactlyLikeAnUnknownId()
    {
        var (branch, scope) = await site.MiddleBranchAsync();
        var (_, outside) = await site.CustomersAsync(scope);
        using var client = site.Client((await site.AddKeyAsync(branch)).Key);
        foreach (var path in new[] { "/api/customers/{0}", "/api/customers/{0}/purchases", "/api/customers/{0}/touches", "/api/customers/{0}/consents", "/api/plan/customers/{0}" })
        {
            var hidden = await (await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, outside), UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
            var unknown = await (await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "NO-SUCH-ID"), UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
            Assert.Equal(Comparable(unknown, "NO-SUCH-ID"), Comparable(hidden, outside));
        }

        using var patch = await client.PatchAsJsonAsync(new Uri("/api/customers/" + outside, UriKind.Relative), new Dictionary<string, string> { ["city"] = "Elsewhere" });
        await patch.ExpectAsync(HttpStatusCode.NotFound);
        using var purchase = await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), new Dictionary<string, object> { ["purchase_id"] = "AUTH-P1", ["customer_id"] = outside, ["amount"] = 10 });
        await purchase.ExpectAsync(HttpStatusCode.NotFound);
        using var unsubscribe = await client.PostAsync(new Uri($"/api/customers/{outside}/unsubscribe", UriKind.Relative), null);
        await unsubscribe.ExpectAsync(HttpStatusCode.NotFound);
        await using var context = site.Database.CreateContext();
        Assert.False(await context.Purchases.AnyAsync(p => p.Id == "AUTH-P1"));
        Assert.Empty(await site.AuditAsync("customer:" + outside));
    }

    [Fact]
    public async Task StaffCookie_WorksOnTheApi_ScopedLikeTheStaffPages()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var scope = (await AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None))!;
        var (inside, outside) = await site.CustomersAsync(scope);
        using var client = await site.SignedInAsync(member);

        var page = await (await client.Http.GetAsync(new Uri("/api/customers?pageSize=1", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        await using var context = site.Database.CreateContext();
        Assert.Equal(await scope.Customers(context).LongCountAsync(), page.GetProperty("total").GetInt64());
        await (await client.Http.GetAsync(new Uri("/api/customers/" + inside, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        await (await client.Http.GetAsync(new Uri("/api/customers/" + outside, UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Change_ThroughAKey_IsAuditedWithTheKeysId()
    {
        var key = await site.AddKeyAsync(null);
        var (inside, _) = await site.CustomersAsync(AccessScope.Everything("test"), skip: 3);
        using var client = site.Client(key.Key);
        using var response = await client.PatchAsJsonAsync(new Uri("/api/customers/" + inside, UriKind.Relative), new Dictionary<string, string> { ["city"] = "Audited City" });
        await response.ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(await site.AuditAsync("customer:" + inside), a => a.Action == "update-customer");
        Assert.Equal("apikey:" + key.KeyId, entry.Actor);
        Assert.Contains("Audited City", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_IsServedWithoutAKey_AndDescribesTheEndpointsAndTheKey()
    {
        using var client = site.Client(null);
        var document = await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/customers", "/api/customers/{id}", "/api/purchases", "/api/customers/{id}/purchases", "/api/touches", "/api/customers/{id}/touches",
            "/api/customers/{id}/consents", "/api/customers/{id}/unsubscribe", "/api/plan/customers/{id}", "/api/plan/staff/{staffId}", "/api/plan/days/{date}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the document lists {path}");
        }

        Assert.False(string.IsNullOrEmpty(paths.GetProperty("/api/purchases").GetProperty("post").GetProperty("summary").GetString()));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    private static (int, string?, string?) Comparable(System.Text.Json.JsonElement problem, string id) =>
        (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()!.Replace(id, "{id}", StringComparison.Ordinal));
}
