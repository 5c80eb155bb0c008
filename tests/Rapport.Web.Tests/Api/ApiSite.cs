using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Access;
using Rapport.Web.Access;

namespace Rapport.Web.Tests.Api;

/// <summary>The API tests share one site: each test makes its own keys and records, with ids of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<RapportSite>
{
    public const string Name = "api";
}

/// <summary>Keys, clients and facts about the demo business for the API tests.</summary>
internal static class ApiSite
{
    public static async Task<NewApiKey> AddKeyAsync(this RapportSite site, string? branchId) =>
        await new ApiKeys(site.Database, site.Time).AddAsync(branchId, "test", "test", CancellationToken.None);

    /// <summary>A client that sends the key as a bearer token (or none).</summary>
    public static HttpClient Client(this RapportSite site, string? key)
    {
        var client = new HttpClient { BaseAddress = site.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A client with a key for every branch.</summary>
    public static async Task<HttpClient> AllClientAsync(this RapportSite site) => site.Client((await site.AddKeyAsync(null)).Key);

    /// <summary>A branch with a head above it and reports below it, and its scope.</summary>
    public static async Task<(string Branch, AccessScope Scope)> MiddleBranchAsync(this RapportSite site)
    {
        await using var context = site.Database.CreateContext();
        var branches = await context.Branches.AsNoTracking().ToListAsync();
        var branch = branches.Where(b => b.ReportsTo is not null && branches.Any(r => r.ReportsTo == b.Id)).OrderBy(b => b.Id, StringComparer.Ordinal).First();
        return (branch.Id, new AccessScope("test", AccessScope.BranchAndReports(branches, branch.Id)));
    }

    /// <summary>A customer inside the scope and one outside it (empty for a scope of everyone), in id order.</summary>
    public static async Task<(string Inside, string Outside)> CustomersAsync(this RapportSite site, AccessScope scope, int skip = 0)
    {
        await using var context = site.Database.CreateContext();
        var inside = await scope.Customers(context).OrderBy(c => c.Id).Select(c => c.Id).Skip(skip).FirstAsync();
        var visible = scope.Customers(context).Select(c => c.Id);
        var outside = await context.Customers.Where(c => !visible.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).Skip(skip).FirstOrDefaultAsync();
        return (inside, outside ?? string.Empty);
    }

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}\n{body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The messages of one field in a ValidationProblem's <c>errors</c>.</summary>
    public static string[] Errors(this JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages) ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray() : [];

    public static async Task<IReadOnlyList<AuditEntryRow>> AuditAsync(this RapportSite site, string subject)
    {
        await using var context = site.Database.CreateContext();
        return await context.AuditLog.AsNoTracking().Where(a => a.Subject == subject).OrderBy(a => a.Id).ToListAsync();
    }
}
