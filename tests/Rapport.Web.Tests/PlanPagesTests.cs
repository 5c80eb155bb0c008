using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;
using Rapport.Storage.Planning;

namespace Rapport.Web.Tests;

/// <summary>The Plan page (the web issue's item 2): calls against capacity per day, the shortfall, and rights.</summary>
public sealed class PlanPagesTests(RapportSite site) : IClassFixture<RapportSite>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(RapportSite.Now.UtcDateTime);

    [Fact]
    public async Task Plan_WithoutChoices_ShowsTheOwnBranchThisWeek()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/plan");

        var days = Days(page);
        Assert.Equal(7, days.Count);
        Assert.Equal(Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7)), days[0].Day);
        Assert.Contains("(" + member.BranchId + ")", page.QuerySelector("#calendar-title")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_PersonsWeek_ShowsTheirCallsAgainstTheirCapacityAsStored()
    {
        var (member, busiest) = await BusiestStaffDayAsync();
        var calls = await CallsAsync(t => t.StaffId == member.Id);
        var letters = await DueAsync(member.BranchId);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync($"/plan?staff={member.Id}&date={busiest:yyyy-MM-dd}");

        var days = Days(page);
        Assert.Contains(days, d => d.Day == busiest && d.Calls > 0);
        Assert.All(days, d =>
        {
            Assert.Equal(calls.GetValueOrDefault(d.Day), d.Calls);
            Assert.Equal(Capacity(member, d.Day), d.Capacity);
            Assert.Equal(letters.GetValueOrDefault((d.Day, "print")), d.Letters);
            Assert.Equal(letters.GetValueOrDefault((d.Day, "email")), d.Emails);
        });
    }

    [Fact]
    public async Task Plan_BranchMonth_ShowsTheBranchsCallsCapacityAndWeeksAsStored()
    {
        var (member, busiest) = await BusiestStaffDayAsync();
        var team = site.Staff.Where(s => s.BranchId == member.BranchId).ToArray();
        var ids = team.Select(s => s.Id).ToArray();
        var calls = await CallsAsync(t => t.StaffId != null && ids.Contains(t.StaffId));
        await using var context = site.Database.CreateContext();
        var weeks = await context.PlanCapacity.AsNoTracking().Where(w => w.BranchId == member.BranchId).ToListAsync();
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync($"/plan?branch={member.BranchId}&view=month&date={busiest:yyyy-MM-dd}");

        var days = Days(page);
        Assert.True(days.Count is 35 or 42 or 28, $"{days.Count} days");
        Assert.All(days.Where(d => d.InPlan), d =>
        {
            Assert.Equal(calls.GetValueOrDefault(d.Day), d.Calls);
            Assert.Equal(team.Sum(s => Capacity(s, d.Day)), d.Capacity);
        });
        var shown = page.QuerySelectorAll("#capacity-weeks tbody tr").Select(r => (
            DateOnly.Parse(r.GetAttribute("data-week")!, CultureInfo.InvariantCulture),
            string.Join(' ', r.Children.Skip(1).Take(3).Select(c => int.Parse(c.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))))).ToArray();
        var expected = weeks.Where(w => w.WeekStart >= days[0].Day && w.WeekStart <= days[^1].Day).OrderBy(w => w.WeekStart).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(w => (w.WeekStart, string.Create(CultureInfo.InvariantCulture, $"{w.Capacity} {w.Planned} {w.Missing}"))), shown);
    }

    [Fact]
    public async Task Plan_Shortfall_MatchesTheStoredCapacityReport()
    {
        await using var context = site.Database.CreateContext();
        var expected = (await context.PlanCapacity.AsNoTracking().ToListAsync())
            .Where(w => w.Missing > 0)
            .GroupBy(w => w.BranchId)
            .Select(g => (Branch: g.Key, Calls: g.Sum(w => w.Missing), Hours: (g.Sum(w => w.Missing * w.MinutesPerCall) / 60.0).ToString("N1", CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Branch, StringComparer.Ordinal)
            .ToArray();
        using var client = await site.SignedInAsync(site.Admin);

        var page = await client.PageAsync("/plan");

        var shown = page.QuerySelectorAll("#shortfall tbody tr")
            .Select(r => (Branch: r.GetAttribute("data-branch")!, Calls: int.Parse(r.GetAttribute("data-calls")!, CultureInfo.InvariantCulture), Hours: r.GetAttribute("data-hours")!))
            .OrderBy(s => s.Branch, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, shown);
        Assert.Equal(expected.Length == 0, page.QuerySelector("#shortfall-none") is not null);
    }

    [Fact]
    public async Task Plan_ShortfallOfAStaffMember_CoversOnlyTheirBranch()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/plan");

        Assert.All(page.QuerySelectorAll("#shortfall tbody tr"), r => Assert.Equal(member.BranchId, r.GetAttribute("data-branch")));
    }

    [Fact]
    public async Task PlanDay_Person_ListsThatDaysCallsLinkingToTheCustomers()
    {
        var (member, busiest) = await BusiestStaffDayAsync();
        await using var context = site.Database.CreateContext();
        var expected = await context.PlanTouches.AsNoTracking()
            .Where(t => t.StartMinute != null && t.StaffId == member.Id && t.Day == busiest)
            .OrderBy(t => t.StartMinute).Select(t => t.CustomerId).ToListAsync();
        using var client = await site.SignedInAsync(member);

        var week = await client.PageAsync($"/plan?staff={member.Id}&date={busiest:yyyy-MM-dd}");
        var link = week.QuerySelector($"li[data-day='{busiest:yyyy-MM-dd}'] a")!.GetAttribute("href")!;
        var day = await client.PageAsync(link);

        var links = day.QuerySelectorAll("table.calls tbody td a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Equal(expected.Select(id => "/customers/" + id), links);
    }

    [Fact]
    public async Task PlanDay_WithoutADayOrSomeone_LeadsToTheCalendar()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        using var client = await site.SignedInAsync(member);

        foreach (var path in new[] { "/plan/day", $"/plan/day?staff={member.Id}", $"/plan/day?date={Today:yyyy-MM-dd}", $"/plan/day?staff={member.Id}&date=2026-02-30" })
        {
            using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, path);
            Assert.Equal("/plan", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Plan_AnotherBranchsStaffOrBranch_IsNotFound()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var other = site.Staff.First(s => s.BranchId != member.BranchId && s.Role != StaffRole.Admin);
        using var client = await site.SignedInAsync(member);

        foreach (var path in new[]
        {
            $"/plan?staff={other.Id}",
            $"/plan?branch={other.BranchId}",
            $"/plan/day?staff={other.Id}&date={Today:yyyy-MM-dd}",
            $"/plan/day?branch={other.BranchId}&date={Today:yyyy-MM-dd}",
            $"/plan?staff=NO-SUCH-STAFF",
        })
        {
            using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, path);
        }
    }

    private static int Capacity(StaffMember member, DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || !(member.WorkingDays ?? WorkingWeek.MondayToFriday).Includes(day.DayOfWeek)
            ? 0
            : Math.Min(member.CallsPerDay ?? Core.Planning.ContactPolicy.Default.DefaultCallsPerDay, 54);

    private static List<(DateOnly Day, bool InPlan, int Calls, int Capacity, int Letters, int Emails)> Days(IHtmlDocument page) =>
        page.QuerySelectorAll("ol.calendar li.day").Select(d => (
            DateOnly.Parse(d.GetAttribute("data-day")!, CultureInfo.InvariantCulture),
            !d.ClassList.Contains("unplanned"),
            Number(d.GetAttribute("data-calls")),
            Number(d.GetAttribute("data-capacity")),
            Number(d.GetAttribute("data-letters")),
            Number(d.GetAttribute("data-emails")))).ToList();

    private static int Number(string? text) => int.Parse(text!, CultureInfo.InvariantCulture);

    private async Task<(StaffMember Member, DateOnly Day)> BusiestStaffDayAsync()
    {
        await using var context = site.Database.CreateContext();
        var calls = await context.PlanTouches.AsNoTracking().Where(t => t.StartMinute != null).Select(t => new { t.StaffId, t.Day }).ToListAsync();
        var busiest = calls.Where(c => site.Staff.Any(s => s.Id == c.StaffId && s.Role == StaffRole.Staff))
            .GroupBy(c => (c.StaffId, c.Day)).MaxBy(g => g.Count())!.Key;
        return (site.Staff.Single(s => s.Id == busiest.StaffId), busiest.Day);
    }

    private async Task<Dictionary<DateOnly, int>> CallsAsync(System.Linq.Expressions.Expression<Func<PlanTouchRow, bool>> whose)
    {
        await using var context = site.Database.CreateContext();
        return (await context.PlanTouches.AsNoTracking().Where(t => t.StartMinute != null).Where(whose).Select(t => t.Day).ToListAsync())
            .GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
    }

    private async Task<Dictionary<(DateOnly Day, string Channel), int>> DueAsync(string branchId)
    {
        await using var context = site.Database.CreateContext();
        return (await context.PlanDays.AsNoTracking().Where(d => d.BranchId == branchId).ToListAsync())
            .GroupBy(d => (d.Day, d.Channel)).ToDictionary(g => g.Key, g => g.Sum(d => d.Touches));
    }
}
