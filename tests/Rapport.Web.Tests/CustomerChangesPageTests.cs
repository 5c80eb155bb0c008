using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;

namespace Rapport.Web.Tests;

/// <summary>
/// The changes staff make from the customer page (the web issue's item 2): contact details and
/// preferences, consent told in person, inbound correspondence — each within the staff member's
/// rights, refused by field when wrong, and recorded with who and when.
/// </summary>
public sealed class CustomerChangesPageTests(RapportSite site) : IClassFixture<RapportSite>
{
    [Fact]
    public async Task Edit_ChangesThePreference_AndRecordsWhoDidIt()
    {
        var (member, customerId) = await MineAsync(0);
        using var client = await site.SignedInAsync(member);
        var path = "/customers/" + Uri.EscapeDataString(customerId);

        using var response = await client.SubmitAsync(path, new Dictionary<string, string> { ["preferred_frequency"] = "quarterly", ["email"] = "new.address@example.com" }, "#edit-customer");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Saved:", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await using var context = site.Database.CreateContext();
        var stored = await context.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId);
        Assert.Equal(Core.Customers.ContactFrequency.Quarterly, stored.PreferredFrequency);
        Assert.Equal("new.address@example.com", stored.Emails.Single().Value);
        var audit = await context.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "update-customer" && a.Subject == "customer:" + customerId);
        Assert.Equal("staff:" + member.Id, audit.Actor);
        Assert.Equal(site.Time.GetUtcNow(), audit.At);
    }

    [Fact]
    public async Task Edit_BadEmail_IsRefusedByFieldAndNothingIsSaved()
    {
        var (member, customerId) = await MineAsync(1);
        await using var before = site.Database.CreateContext();
        var stored = await before.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId);
        using var client = await site.SignedInAsync(member);

        using var response = await client.SubmitAsync("/customers/" + Uri.EscapeDataString(customerId), new Dictionary<string, string> { ["email"] = "jane@", ["first_name"] = "Changed" }, "#edit-customer");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await WebClient.ParseAsync(response);
        var email = page.QuerySelector("#edit-customer input[name=email]")!;
        Assert.Equal("true", email.GetAttribute("aria-invalid"));
        Assert.Equal("jane@", email.GetAttribute("value"));
        Assert.Contains("jane@", email.ParentElement!.QuerySelector(".error")!.TextContent, StringComparison.Ordinal);
        await using var after = site.Database.CreateContext();
        Assert.Equal(stored.FirstName, (await after.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId)).FirstName);
    }

    [Fact]
    public async Task Consent_ToldInPerson_IsAppendedWithTheEvidence()
    {
        var (member, customerId) = await MineAsync(2);
        using var client = await site.SignedInAsync(member);

        using var response = await client.SubmitAsync("/customers/" + Uri.EscapeDataString(customerId), new Dictionary<string, string> { ["channel"] = "phone", ["status"] = "withdrawn", ["evidence"] = "asked not to be called, in the shop on 23 Nov" }, "#record-consent");
        using var missing = await client.SubmitAsync("/customers/" + Uri.EscapeDataString(customerId), new Dictionary<string, string> { ["channel"] = "email", ["status"] = "granted", ["evidence"] = " " }, "#record-consent");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await using var context = site.Database.CreateContext();
        var records = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId && c.Evidence == "asked not to be called, in the shop on 23 Nov").ToListAsync();
        var record = Assert.Single(records);
        Assert.Equal((Channel.Phone, ConsentStatus.Withdrawn, SuppressionReason.DoNotCall, "staff:" + member.Id), (record.Channel, record.Status, record.Suppression, record.Source));
        Assert.False(await context.Consents.AnyAsync(c => c.CustomerId == customerId && c.Channel == Channel.Email && c.At == site.Time.GetUtcNow()));
    }

    [Fact]
    public async Task InboundSuggestion_IsLogged_AndItsAcknowledgementAndGiftArePlannedAtOnce()
    {
        var (member, customerId) = await MineAsync(3);
        using var client = await site.SignedInAsync(member);

        using var response = await client.SubmitAsync("/customers/" + Uri.EscapeDataString(customerId), new Dictionary<string, string> { ["kind"] = "suggestion", ["channel"] = "print", ["note"] = "Open on Sundays, please" }, "#log-inbound");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Planned in reply", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await using var context = site.Database.CreateContext();
        var touch = await context.Touches.AsNoTracking().SingleAsync(t => t.CustomerId == customerId && t.Note == "Open on Sundays, please");
        Assert.Equal((Core.Touches.TouchDirection.In, Core.Touches.TouchKind.Suggestion, member.Id), (touch.Direction, touch.Kind, touch.StaffId));
        var moments = await context.Moments.AsNoTracking().Where(m => m.Event == "touch:" + touch.Id).Select(m => m.Kind).ToListAsync();
        Assert.Contains("acknowledgement", moments);
        Assert.Contains("reward", moments);
    }

    [Fact]
    public async Task Changes_ToAnotherBranchsCustomer_AreNotFound_AndChangeNothing()
    {
        var member = site.Staff.First(s => s.Role == StaffRole.Staff);
        var scope = (await AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None))!;
        string foreign;
        await using (var context = site.Database.CreateContext())
        {
            var mine = scope.Customers(context).Select(c => c.Id);
            foreign = await context.Customers.Where(c => !mine.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        // The form comes from one of the member's own customers; the post goes to the other branch's.
        var (_, own) = await MineAsync(4);
        using var client = await site.SignedInAsync(member);
        var form = await client.PageAsync("/customers/" + Uri.EscapeDataString(own));
        var token = form.QuerySelector("#log-inbound input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["kind"] = "complaint", ["channel"] = "print", ["note"] = "x", ["__RequestVerificationToken"] = token });
        using var response = await client.Http.PostAsync(new Uri($"/customers/{Uri.EscapeDataString(foreign)}?handler=Inbound", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var after = site.Database.CreateContext();
        Assert.False(await after.Touches.AnyAsync(t => t.CustomerId == foreign && t.Note == "x"));
    }

    /// <summary>A member of staff and the n-th customer of their branch, so that each test changes its own customer.</summary>
    private async Task<(StaffMember Member, string CustomerId)> MineAsync(int n)
    {
        var member = site.Staff.Where(s => s.Role == StaffRole.Staff).OrderBy(s => s.Id).Skip(1).First();
        var scope = (await AccessScope.ForStaffAsync(site.Database, member.Id, CancellationToken.None))!;
        await using var context = site.Database.CreateContext();
        var id = await scope.Customers(context).Where(c => c.FirstName != null).OrderBy(c => c.Id).Skip(n).Select(c => c.Id).FirstAsync();
        return (member, id);
    }
}
