using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Contact;
using Rapport.Core.Organisation;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Planning;
using Rapport.Storage.Touches;

namespace Rapport.Web.Tests;

/// <summary>The Today page: a member of staff's calls with scripts, one-click outcomes, the letters and messages due (the web issue's item 2).</summary>
public sealed class TodayTests(RapportSite site) : IClassFixture<RapportSite>
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(RapportSite.Now.UtcDateTime);

    [Fact]
    public async Task Today_ListsExactlyMyCallsInTimeOrderWithTheirScripts()
    {
        var (member, calls) = await StaffWithCallsAsync(0);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/today");

        var articles = page.QuerySelectorAll("article.call");
        Assert.Equal(calls.Select(c => c.Touch.TouchId), articles.Select(a => a.GetAttribute("data-touch")));
        Assert.All(articles, a => Assert.False(string.IsNullOrWhiteSpace(a.QuerySelector(".script-text")?.TextContent)));
        Assert.Equal(calls[0].CustomerName, articles[0].QuerySelector(".call-name")!.TextContent);
        Assert.Contains(calls[0].Touch.Reason, articles[0].QuerySelector(".call-why")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CallResult.Answered, "answered")]
    [InlineData(CallResult.NoAnswer, "no-answer")]
    [InlineData(CallResult.Positive, "positive")]
    [InlineData(CallResult.Negative, "negative")]
    [InlineData(CallResult.CallBack, "call-back")]
    public async Task Outcome_SubmittedTwice_StoresOnePhoneTouchWithAnAuditEntry(CallResult result, string button)
    {
        // Each outcome on a call of its own: the site's data is shared by the class's tests.
        var (member, call) = await CallAsync(1 + (int)result);
        using var client = await site.SignedInAsync(member);
        var fields = new Dictionary<string, string> { ["outcome"] = button, ["note"] = "spoke about " + button, ["callBackOn"] = "2026-12-02" };

        using var first = await client.SubmitAsync("/today", fields, FormOf(call));
        using var second = await client.SubmitAsync("/today", fields, FormOf(call));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        await using var context = site.Database.CreateContext();
        var touch = await context.Touches.AsNoTracking().SingleAsync(t => t.CustomerId == call.Touch.CustomerId && t.Id == CallOutcomes.TouchIdOf(call.Touch.TouchId));
        var expected = result switch
        {
            CallResult.NoAnswer => TouchOutcome.NoAnswer,
            CallResult.Positive => TouchOutcome.Positive,
            CallResult.Negative => TouchOutcome.Negative,
            _ => TouchOutcome.Answered,
        };
        Assert.Equal((Channel.Phone, TouchDirection.Out, call.Touch.Kind, expected, call.Touch.StaffId, "spoke about " + button), (touch.Channel, touch.Direction, touch.Kind, touch.Outcome, touch.StaffId, touch.Note));
        var audit = await context.AuditLog.AsNoTracking().Where(a => a.Subject == "customer:" + call.Touch.CustomerId && a.Action == "record-outcome").ToListAsync();
        Assert.Equal("staff:" + member.Id, Assert.Single(audit).Actor);
        var callBack = await context.Moments.AsNoTracking().Where(m => m.Event == "call-back:" + touch.Id).Select(m => m.Due).ToListAsync();
        DateOnly[] booked = result == CallResult.CallBack ? [new DateOnly(2026, 12, 2)] : [];
        Assert.Equal(booked, callBack);

        var shown = (await client.PageAsync("/today")).QuerySelector($"article[data-touch=\"{call.Touch.TouchId}\"] .recorded")!.TextContent;
        Assert.Contains(EnumTextWords(result), shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcome_Negative_CreatesTheFollowUpMoment()
    {
        var (member, call) = await CallAsync(7);
        using var client = await site.SignedInAsync(member);

        using var response = await client.SubmitAsync("/today", new Dictionary<string, string> { ["outcome"] = "negative", ["note"] = "the delivery was late" }, FormOf(call));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var context = site.Database.CreateContext();
        var followUp = await context.Moments.AsNoTracking().SingleAsync(m => m.Event == "touch:" + CallOutcomes.TouchIdOf(call.Touch.TouchId));
        Assert.Equal((call.Touch.CustomerId, "care-call", "phone", "the delivery was late"), (followUp.CustomerId, followUp.Kind, followUp.Channel, followUp.Note));
        Assert.True(followUp.IsReply);
    }

    [Fact]
    public async Task Outcome_CallBackWithoutADay_IsRefusedWithTheReason()
    {
        var (member, call) = await CallAsync(8);
        using var client = await site.SignedInAsync(member);

        using var response = await client.SubmitAsync("/today", new Dictionary<string, string> { ["outcome"] = "call-back" }, FormOf(call));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("call back on", (await WebClient.ParseAsync(response)).QuerySelector($"article[data-touch=\"{call.Touch.TouchId}\"] [role=alert]")!.TextContent, StringComparison.Ordinal);
        await using var context = site.Database.CreateContext();
        Assert.False(await context.Touches.AnyAsync(t => t.Id == CallOutcomes.TouchIdOf(call.Touch.TouchId)));
    }

    [Fact]
    public async Task Outcome_ForAnotherBranchsCustomer_IsNotFoundLikeAnUnknownOneAndStoresNothing()
    {
        var (member, _) = await StaffWithCallsAsync(0);
        var foreign = (await AllCallsAsync()).First(c => c.Member.BranchId != member.BranchId && !ScopeOf(member).Covers(c.Member.BranchId)).Call;
        using var client = await site.SignedInAsync(member);

        using var refused = await PostOutcomeAsync(client, foreign.Touch.CustomerId, foreign.Touch.TouchId);
        using var unknown = await PostOutcomeAsync(client, "NO-SUCH-CUSTOMER", "NO-SUCH-CUSTOMER:2026-11-23:care-call");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await MainOfAsync(unknown), await MainOfAsync(refused));
        await using var context = site.Database.CreateContext();
        Assert.False(await context.Touches.AnyAsync(t => t.Id == CallOutcomes.TouchIdOf(foreign.Touch.TouchId)));
    }

    [Fact]
    public async Task Today_AnotherStaffMembersDay_IsNotFoundForStaffButShownToAnAdministrator()
    {
        var (member, calls) = await StaffWithCallsAsync(0);
        var colleague = site.Staff.First(s => s.Id != member.Id);
        using var staffClient = await site.SignedInAsync(member);
        using var adminClient = await site.SignedInAsync(site.Admin);

        using var refused = await staffClient.Http.GetAsync(new Uri("/today?staff=" + Uri.EscapeDataString(colleague.Id), UriKind.Relative));
        var shown = await adminClient.PageAsync("/today?staff=" + Uri.EscapeDataString(member.Id));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(calls.Select(c => c.Touch.TouchId), shown.QuerySelectorAll("article.call").Select(a => a.GetAttribute("data-touch")));
    }

    [Theory]
    [InlineData("/today?date=2026-13-01")]
    [InlineData("/today/letters?date=23.11.2026")]
    public async Task Today_DateThatIsNotADay_Is400_SayingWhatIsWrong(string path)
    {
        using var client = await site.SignedInAsync(site.Admin);
        var date = path[(path.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await WebClient.ParseAsync(response);
        Assert.Equal($"date: '{date}' is not a date (YYYY-MM-DD)", page.QuerySelector("main p")!.TextContent);
    }

    [Fact]
    public async Task LettersPdf_Downloads_AndMarksNothingSent()
    {
        var plan = (await PlanStore.RunAsync(site.Database, CancellationToken.None))!;
        StaffMember? sender = null;
        foreach (var member in site.Staff)
        {
            if ((await WorkQueue.ReadAsync(site.Database, plan, Day, member.Id, 3, CancellationToken.None)).Letters.Count > 0)
            {
                sender = member;
                break;
            }
        }

        Assert.NotNull(sender);
        using var client = await site.SignedInAsync(site.Admin);
        var before = await CountsAsync();
        var today = await client.PageAsync("/today?staff=" + Uri.EscapeDataString(sender.Id));
        var href = today.QuerySelector("a[href^=\"/today/letters\"]")!.GetAttribute("href")!;

        using var response = await client.Http.GetAsync(new Uri(href, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Today_ShowsTheMessagesDueByChannel()
    {
        var plan = (await PlanStore.RunAsync(site.Database, CancellationToken.None))!;
        var (member, _) = await StaffWithCallsAsync(0);
        var queue = await WorkQueue.ReadAsync(site.Database, plan, Day, member.Id, 3, CancellationToken.None);
        using var client = await site.SignedInAsync(member);

        var page = await client.PageAsync("/today");

        Assert.Equal($"Messages due: {queue.Messages.Sum(m => m.Count)}", page.QuerySelector("#messages-heading")!.TextContent);
        Assert.Equal(queue.Messages.Count + queue.Letters.Count, page.QuerySelectorAll("table.due tbody tr").Length);
    }

    private static string FormOf(QueuedCall call) => $"article[data-touch=\"{call.Touch.TouchId}\"] form";

    private static string EnumTextWords(CallResult result) => Core.Common.EnumText.ToText(result).Replace('-', ' ');

    private static async Task<string> MainOfAsync(HttpResponseMessage response) => (await WebClient.ParseAsync(response)).QuerySelector("main")!.InnerHtml;

    /// <summary>Posts an outcome form by hand, with the anti-forgery token of the member's own page: no form on the page names another branch's call.</summary>
    private static async Task<HttpResponseMessage> PostOutcomeAsync(WebClient client, string customerId, string touchId)
    {
        var page = await client.PageAsync("/today");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["customer"] = customerId,
            ["day"] = "2026-11-23",
            ["touch"] = touchId,
            ["outcome"] = "answered",
        });
        return await client.Http.PostAsync(new Uri("/today?handler=Outcome", UriKind.Relative), content);
    }

    private async Task<(int Touches, int Outbox, int Moments, int Sent)> CountsAsync()
    {
        await using var context = site.Database.CreateContext();
        return (await context.Touches.CountAsync(), await context.Outbox.CountAsync(), await context.Moments.CountAsync(), await context.Touches.CountAsync(t => t.Status == TouchStatus.Sent));
    }

    private AccessScope ScopeOf(StaffMember member) =>
        AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None).GetAwaiter().GetResult()!;

    /// <summary>Today's calls of every member of staff with the plain staff role, in staff id and time order.</summary>
    private async Task<List<(StaffMember Member, QueuedCall Call)>> AllCallsAsync()
    {
        var plan = (await PlanStore.RunAsync(site.Database, CancellationToken.None))!;
        var all = new List<(StaffMember, QueuedCall)>();
        foreach (var member in site.Staff.Where(s => s.Role == StaffRole.Staff))
        {
            var queue = await WorkQueue.ReadAsync(site.Database, plan, Day, member.Id, 3, CancellationToken.None);
            var visible = await ScopeOf(member).VisibleAsync(site.Database, queue.Calls.Select(c => c.Touch.CustomerId), CancellationToken.None);
            all.AddRange(queue.Calls.Where(c => visible.Contains(c.Touch.CustomerId)).Select(c => (member, c)));
        }

        return all;
    }

    private async Task<(StaffMember Member, IReadOnlyList<QueuedCall> Calls)> StaffWithCallsAsync(int which)
    {
        var groups = (await AllCallsAsync()).GroupBy(c => c.Member.Id).ToList();
        Assert.True(groups.Count > which, "the demo business has too few members of staff with calls today");
        return (groups[which].First().Member, groups[which].Select(c => c.Call).ToArray());
    }

    private async Task<(StaffMember Member, QueuedCall Call)> CallAsync(int index)
    {
        var all = await AllCallsAsync();
        Assert.True(all.Count > index, "the demo business has too few calls today");
        return all[index];
    }
}
