using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;
using Rapport.Storage.Customers;
using Rapport.Storage.Planning;

namespace Rapport.Web.Tests;

/// <summary>The customer 360 page (the web issue's item 2; SPEC R1).</summary>
public sealed class CustomerPageTests(RapportSite site) : IClassFixture<RapportSite>
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(RapportSite.Now.UtcDateTime);

    [Fact]
    public async Task CustomerPage_ShowsConsentHistoryPurchasesTouchesAndTheNext90DaysOfThePlanWithReasons()
    {
        var customerId = await CustomerWithEverythingAsync();
        await using var context = site.Database.CreateContext();
        var consents = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync();
        var purchases = await context.Purchases.CountAsync(p => p.CustomerId == customerId);
        var touches = await context.Touches.CountAsync(t => t.CustomerId == customerId);
        var plan = (await PlanStore.RunAsync(site.Database, CancellationToken.None))!;
        var planned = (await PlanStore.CustomerAsync(site.Database, plan, customerId, Day, Day.AddDays(89), CancellationToken.None))!;
        using var client = await site.SignedInAsync(site.Admin);

        var page = await client.PageAsync("/customers/" + Uri.EscapeDataString(customerId));

        var history = page.QuerySelectorAll("table.consent-history tbody tr");
        Assert.Equal(consents.Count, history.Length);
        Assert.All(consents.Where(c => c.Evidence is not null), c => Assert.Contains(history, row => row.TextContent.Contains(c.Evidence!, StringComparison.Ordinal)));
        Assert.Equal(Math.Min(purchases, CustomerOverview.Latest), page.QuerySelectorAll("table.purchases tbody tr").Length);
        Assert.Equal(Math.Min(touches, CustomerOverview.Latest), page.QuerySelectorAll("ol.timeline li").Length);
        var rows = page.QuerySelectorAll("table.plan tbody tr");
        Assert.NotEmpty(planned.Touches);
        Assert.Equal(planned.Touches.Select(t => t.Touch.Reason), rows.Select(r => r.Children[^1].TextContent));
        Assert.Equal($"Plan, {Day:yyyy-MM-dd} to {Day.AddDays(89):yyyy-MM-dd}", page.QuerySelector("#plan-heading")!.TextContent);
    }

    [Fact]
    public async Task CustomerPage_OfAnotherBranch_IsTheSameNotFoundAsAnUnknownId()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var scope = (await AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None))!;
        string foreign;
        await using (var context = site.Database.CreateContext())
        {
            var mine = scope.Customers(context).Select(c => c.Id);
            foreign = await context.Customers.Where(c => !mine.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        using var client = await site.SignedInAsync(member);
        using var refused = await client.Http.GetAsync(new Uri("/customers/" + Uri.EscapeDataString(foreign), UriKind.Relative));
        using var unknown = await client.Http.GetAsync(new Uri("/customers/NO-SUCH-CUSTOMER", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((await WebClient.ParseAsync(unknown)).QuerySelector("main")!.InnerHtml, (await WebClient.ParseAsync(refused)).QuerySelector("main")!.InnerHtml);
        Assert.Equal("Not found", (await WebClient.ParseAsync(refused)).QuerySelector("h1")!.TextContent);

        // The administrator sees the same customer.
        using var admin = await site.SignedInAsync(site.Admin);
        await admin.PageAsync("/customers/" + Uri.EscapeDataString(foreign));
    }

    /// <summary>A customer with consent history (with evidence), purchases, touches and something planned in the next 90 days.</summary>
    private async Task<string> CustomerWithEverythingAsync()
    {
        var plan = (await PlanStore.RunAsync(site.Database, CancellationToken.None))!;
        await using var context = site.Database.CreateContext();
        var candidates = await context.Customers
            .Where(c => context.Consents.Any(k => k.CustomerId == c.Id && k.Evidence != null) && context.Purchases.Any(p => p.CustomerId == c.Id) && context.Touches.Any(t => t.CustomerId == c.Id))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync();
        foreach (var id in candidates)
        {
            if ((await PlanStore.CustomerAsync(site.Database, plan, id, Day, Day.AddDays(89), CancellationToken.None))?.Touches.Count > 0)
            {
                return id;
            }
        }

        Assert.Fail("no demo customer has consent evidence, purchases, touches and planned touches");
        return string.Empty;
    }
}
