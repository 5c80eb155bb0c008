using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;

namespace Rapport.Web.Tests;

/// <summary>The Customers and Segments pages (the web issue's item 2): only the customers in scope, filters, pages, charts.</summary>
public sealed class CustomerPagesTests(RapportSite site) : IClassFixture<RapportSite>
{
    [Fact]
    public async Task CustomerList_StaffMember_ListsAndCountsOnlyTheirBranchsCustomers()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var mine = await InScopeAsync(member);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/customers");

        Assert.Equal(mine.Count, Total(page));
        var listed = Listed(page);
        Assert.Equal(Math.Min(50, mine.Count), listed.Count);
        Assert.All(listed, id => Assert.Contains(id, mine));
        Assert.All(page.QuerySelectorAll("table.customers tbody a"), a => Assert.StartsWith("/customers/", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerList_StaffMember_CannotListAnotherBranchByTheBranchFilter()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var other = site.Staff.First(s => s.BranchId != member.BranchId).BranchId;
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/customers?branch=" + other);

        Assert.Equal(0, Total(page));
        Assert.Empty(Listed(page));
    }

    [Fact]
    public async Task CustomerList_Manager_SeesTheirBranchAndTheBranchesReportingToIt()
    {
        // A manager whose branch does not already take in every branch (the demo's regions report to B01).
        var scopes = new List<(StaffMember Manager, IReadOnlySet<string> Branches)>();
        foreach (var candidate in site.Staff.Where(s => s.Role == StaffRole.Manager))
        {
            scopes.Add((candidate, (await AccessScope.ForStaffAsync(site.Database, candidate.Id, CancellationToken.None))!.Branches!));
        }

        var (manager, branches) = scopes.First(s => site.Staff.Any(o => !s.Branches.Contains(o.BranchId) && o.Role != StaffRole.Admin));
        string reporting;
        string? original;
        await using (var context = site.Database.CreateContext())
        {
            // A branch nobody reports to, so that it brings only its own customers.
            var all = await context.Branches.AsNoTracking().ToListAsync();
            reporting = site.Staff.First(s => !branches.Contains(s.BranchId) && s.Role != StaffRole.Admin && !all.Any(b => b.ReportsTo == s.BranchId)).BranchId;
            original = all.Single(b => b.Id == reporting).ReportsTo;
        }

        var before = await InScopeAsync(manager);
        await SetReportsToAsync(reporting, manager.BranchId);
        try
        {
            var scope = await InScopeAsync(manager);
            using var client = await site.SignedInAsync(manager);

            var all = await client.PageAsync("/customers");
            var reports = await client.PageAsync("/customers?branch=" + reporting);

            Assert.True(scope.Count > before.Count);
            Assert.Equal(scope.Count, Total(all));
            Assert.Equal(scope.Count - before.Count, Total(reports));
            Assert.All(Listed(reports), id => Assert.DoesNotContain(id, before));
        }
        finally
        {
            await SetReportsToAsync(reporting, original);
        }
    }

    [Fact]
    public async Task CustomerList_Filters_ShowOnlyMatchingCustomersOfTheScope()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var mine = await InScopeAsync(member);
        await using var context = site.Database.CreateContext();
        var scores = (await context.CustomerScores.AsNoTracking().ToListAsync()).Where(s => mine.Contains(s.CustomerId)).ToArray();
        var tags = (await context.Customers.AsNoTracking().ToListAsync()).Where(c => mine.Contains(c.Id)).ToDictionary(c => c.Id, c => c.Tags);
        var stage = scores.GroupBy(s => s.Stage).MaxBy(g => g.Count())!.Key;
        var tag = tags.Values.SelectMany(t => t).GroupBy(t => t, StringComparer.OrdinalIgnoreCase).MaxBy(g => g.Count())!.Key;
        using var client = await site.SignedInAsync(member);

        foreach (var (query, expected) in new[]
        {
            ("tier=key", scores.Where(s => s.Tier == "key").Select(s => s.CustomerId)),
            ("stage=" + stage, scores.Where(s => s.Stage == stage).Select(s => s.CustomerId)),
            ("warnings=true", scores.Where(s => s.Warning is not null).Select(s => s.CustomerId)),
            ("tag=" + Uri.EscapeDataString(tag.ToUpperInvariant()), tags.Where(t => t.Value.Contains(tag, StringComparer.OrdinalIgnoreCase)).Select(t => t.Key)),
            ("tier=key&warnings=true", scores.Where(s => s.Tier == "key" && s.Warning is not null).Select(s => s.CustomerId)),
        })
        {
            var want = expected.Order(StringComparer.Ordinal).ToArray();
            var page = await client.PageAsync("/customers?" + query);
            Assert.True(want.Length == Total(page), query);
            Assert.Equal(want.Take(50), Listed(page));
        }
    }

    [Fact]
    public async Task CustomerList_Search_FindsByNameCompanyAndEmail()
    {
        await using var context = site.Database.CreateContext();
        var customers = await context.Customers.AsNoTracking().ToListAsync();
        var named = customers.First(c => c.LastName is { Length: > 3 } && c.FirstName is not null);
        var withEmail = customers.First(c => c.Emails.Count > 0);
        using var client = await site.SignedInAsync(site.Admin);

        var byName = Listed(await client.PageAsync("/customers?q=" + Uri.EscapeDataString($"{named.FirstName} {named.LastName}".ToLowerInvariant())));
        var byEmail = Listed(await client.PageAsync("/customers?q=" + Uri.EscapeDataString(withEmail.Emails[0].Value.ToUpperInvariant())));
        var byId = Listed(await client.PageAsync("/customers?q=" + named.Id));

        Assert.Contains(named.Id, byName);
        Assert.Contains(withEmail.Id, byEmail);
        Assert.Contains(named.Id, byId);
    }

    [Fact]
    public async Task CustomerList_Pages_WalkThroughEveryCustomerOnceInIdOrder()
    {
        await using var context = site.Database.CreateContext();
        var everyone = await context.Customers.AsNoTracking().Select(c => c.Id).ToListAsync();
        using var client = await site.SignedInAsync(site.Admin);

        var seen = new List<string>();
        var path = "/customers";
        while (true)
        {
            var page = await client.PageAsync(path);
            seen.AddRange(Listed(page));
            if (page.QuerySelector("a[rel=next]")?.GetAttribute("href") is not { } next)
            {
                break;
            }

            path = next;
        }

        Assert.Equal(everyone.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Segments_StaffMember_ChartsCountTheirBranchsCustomers()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var mine = await InScopeAsync(member);
        await using var context = site.Database.CreateContext();
        var scores = (await context.CustomerScores.AsNoTracking().ToListAsync()).Where(s => mine.Contains(s.CustomerId)).ToArray();
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/segments");

        Assert.Equal(mine.Count, int.Parse(page.QuerySelector("#segments-summary")!.GetAttribute("data-customers")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, page.QuerySelectorAll("figure.chart > svg").Length);
        Assert.Equal(scores.Length, Sum(page, "#chart-tier-customers"));
        Assert.Equal(scores.Count(s => s.Tier == "key"), Sum(page, "#chart-tier-customers rect[data-label=key]"));
        Assert.Equal(scores.Sum(s => s.TrailingYearSpend), Sum(page, "#chart-tier-revenue"), 2);
        Assert.Equal(scores.Length, Sum(page, "#chart-stages"));
        Assert.Equal(scores.Count(s => s.ProbabilityAlive is not null), Sum(page, "#chart-alive"));
        Assert.NotNull(page.QuerySelector("#chart-pareto polyline"));
        var warned = scores.Where(s => s.Warning is not null).ToArray();
        var rows = page.QuerySelectorAll("#warning-list tbody tr").Select(r => r.GetAttribute("data-customer")!).ToArray();
        Assert.Equal(Math.Min(50, warned.Length), rows.Length);
        Assert.All(rows, id => Assert.Contains(id, warned.Select(w => w.CustomerId)));
    }

    [Fact]
    public async Task Navigation_ListsCustomersPlanAndSegments()
    {
        using var client = await site.SignedInAsync(site.Admin);

        var page = await client.PageAsync("/segments");

        var links = page.QuerySelectorAll("header nav a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Equal(["/customers", "/plan", "/segments"], links.Where(l => l is "/customers" or "/plan" or "/segments"));
        Assert.Equal("page", page.QuerySelector("header nav a[href='/segments']")!.GetAttribute("aria-current"));
    }

    private static int Total(IHtmlDocument page) =>
        int.Parse(page.QuerySelector("#customer-count")!.GetAttribute("data-total")!, System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Listed(IHtmlDocument page) =>
        page.QuerySelectorAll("table.customers tbody tr").Select(r => r.GetAttribute("data-customer")!).ToList();

    private static double Sum(IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector.Contains("rect", StringComparison.Ordinal) ? selector : selector + " rect.bar")
            .Sum(r => double.Parse(r.GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture));

    private async Task<HashSet<string>> InScopeAsync(StaffMember member)
    {
        var scope = (await AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None))!;
        await using var context = site.Database.CreateContext();
        return (await scope.Customers(context).Select(c => c.Id).ToListAsync()).ToHashSet(StringComparer.Ordinal);
    }

    private async Task SetReportsToAsync(string branchId, string? reportsTo)
    {
        await using var context = site.Database.CreateContext();
        await context.Database.ExecuteSqlAsync($"UPDATE branches SET reports_to = {reportsTo} WHERE branch_id = {branchId}");
    }
}
