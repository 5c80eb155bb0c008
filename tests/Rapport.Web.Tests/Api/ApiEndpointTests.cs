using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Contact;
using Rapport.Storage.Access;

namespace Rapport.Web.Tests.Api;

/// <summary>Each endpoint of the HTTP API: what it answers, and how it refuses bad requests (the web issue's item 4).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiEndpointTests(RapportSite site)
{
    private static readonly AccessScope Everything = AccessScope.Everything("test");

    [Fact]
    public async Task Customers_ArePagedInIdOrder_WithALinkToTheNextPage()
    {
        using var client = await site.AllClientAsync();
        var first = await (await client.GetAsync(new Uri("/api/customers?pageSize=7", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(7, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(7, first.GetProperty("pageSize").GetInt32());
        var next = first.GetProperty("next").GetString()!;
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        Assert.Contains("pageSize=7", next, StringComparison.Ordinal);

        var second = await (await client.GetAsync(new Uri(next, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(c => c.GetProperty("customer_id").GetString()!).ToList();
        Assert.Equal(14, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);

        var total = first.GetProperty("total").GetInt64();
        var last = await (await client.GetAsync(new Uri($"/api/customers?pageSize=7&page={(total + 6) / 7}", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("pageSize=501", "pageSize")] // above the largest page
    [InlineData("pageSize=0", "pageSize")] // an empty page asks for nothing
    [InlineData("page=two", "page")] // not a number
    public async Task Customers_BadPaging_Is400NamingTheParameter(string query, string field)
    {
        using var client = await site.AllClientAsync();
        var problem = await (await client.GetAsync(new Uri("/api/customers?" + query, UriKind.Relative))).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Errors(field));
    }

    [Fact]
    public async Task Customers_Search_FindsByName()
    {
        await using var context = site.Database.CreateContext();
        var customer = await context.Customers.AsNoTracking().Where(c => c.LastName != null).OrderBy(c => c.Id).FirstAsync();
        using var client = await site.AllClientAsync();
        var page = await (await client.GetAsync(new Uri("/api/customers?pageSize=500&search=" + Uri.EscapeDataString(customer.LastName!.ToUpperInvariant()), UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), c => c.GetProperty("customer_id").GetString() == customer.Id);
        Assert.All(page.GetProperty("items").EnumerateArray(), c => Assert.Contains(customer.LastName!, c.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Customer_Get_GivesTheFileFieldsAndConsentPerChannel()
    {
        var (id, _) = await site.CustomersAsync(Everything);
        using var client = await site.AllClientAsync();
        var customer = await (await client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, customer.GetProperty("fields").GetProperty("customer_id").GetString());
        Assert.True(customer.GetProperty("fields").TryGetProperty("preferred_channels", out _));
        foreach (var channel in new[] { "email", "print", "phone", "sms", "social" })
        {
            Assert.Contains(customer.GetProperty("consent").GetProperty(channel).GetProperty("mayContact").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }
    }

    [Fact]
    public async Task Customer_Create_Answers201WithLocation_AndIsReadable()
    {
        var (branch, _) = await site.MiddleBranchAsync();
        using var client = site.Client((await site.AddKeyAsync(branch)).Key);
        using var response = await client.PostAsJsonAsync(new Uri("/api/customers", UriKind.Relative), new Dictionary<string, object>
        {
            ["customer_id"] = "API-C1", ["first_name"] = "Ada", ["last_name"] = "Lovelace", ["email"] = "ada@example.org",
            ["home_branch_id"] = branch, ["latitude"] = 51.5, ["longitude"] = -0.12, ["preferred_channels"] = new[] { "email", "phone" },
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("/api/customers/API-C1", response.Headers.Location!.OriginalString);
        Assert.Equal("51.5", created.GetProperty("fields").GetProperty("latitude").GetString());
        Assert.Equal("email;phone", created.GetProperty("fields").GetProperty("preferred_channels").GetString());

        var read = await (await client.GetAsync(response.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Lovelace", read.GetProperty("fields").GetProperty("last_name").GetString());
        Assert.False(read.GetProperty("consent").GetProperty("email").GetProperty("mayContact").GetBoolean());
    }

    [Fact]
    public async Task Customer_CreateWithBadFields_Is400WithErrorsByField_AndStoresNothing()
    {
        using var client = await site.AllClientAsync();
        using var response = await client.PostAsJsonAsync(new Uri("/api/customers", UriKind.Relative), new Dictionary<string, string>
        {
            ["customer_id"] = "API-BAD1", ["email"] = "jane@", ["birth_date"] = "31.12.1980", ["favourite_colour"] = "blue",
        });
        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Errors("favourite_colour"));
        await using var context = site.Database.CreateContext();
        Assert.False(await context.Customers.AnyAsync(c => c.Id == "API-BAD1"));

        using var second = await client.PostAsJsonAsync(new Uri("/api/customers", UriKind.Relative), new Dictionary<string, string>
        {
            ["customer_id"] = "API-BAD1", ["email"] = "jane@", ["birth_date"] = "31.12.1980",
        });
        var fields = await second.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(fields.Errors("email"), m => m.Contains("jane@", StringComparison.Ordinal));
        Assert.NotEmpty(fields.Errors("birth_date"));
    }

    [Theory]
    [InlineData("{\"customer_id\": \"X\",}", "line 1")] // a trailing comma
    [InlineData("{\n  \"customer_id\": \"X\"\n  \"city\": \"Y\"\n}", "line 3")] // a missing comma, on the third line
    [InlineData("[1, 2]", "not an object")] // JSON, but not an object of fields
    public async Task Customer_BadJson_Is400NamingWhere(string body, string where)
    {
        using var client = await site.AllClientAsync();
        using var response = await client.PostAsync(new Uri("/api/customers", UriKind.Relative), ApiSite.Raw(body));
        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(where, problem.GetProperty("title").GetString() + " " + problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_Patch_ChangesOnlyTheGivenFields()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 5);
        using var client = await site.AllClientAsync();
        var before = await (await client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        using var response = await client.PatchAsJsonAsync(new Uri("/api/customers/" + id, UriKind.Relative), new Dictionary<string, object> { ["city"] = "Patchville", ["postcode"] = 4051 });
        var after = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Patchville", after.GetProperty("fields").GetProperty("city").GetString());
        Assert.Equal("4051", after.GetProperty("fields").GetProperty("postcode").GetString());
        Assert.Equal(before.GetProperty("fields").GetProperty("last_name").ToString(), after.GetProperty("fields").GetProperty("last_name").ToString());

        using var bad = await client.PatchAsJsonAsync(new Uri("/api/customers/" + id, UriKind.Relative), new Dictionary<string, string> { ["preferred_frequency"] = "hourly" });
        Assert.NotEmpty((await bad.ExpectAsync(HttpStatusCode.BadRequest)).Errors("preferred_frequency"));
    }

    [Fact]
    public async Task Purchase_Post_Answers201AndPlansTheThankYouAtOnce()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 7);
        var key = await site.AddKeyAsync(null);
        using var client = site.Client(key.Key);
        await (await client.PostAsJsonAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative), new Dictionary<string, string>
        {
            ["channel"] = "email;print", ["status"] = "granted", ["evidence"] = "ticked the box at the till",
        })).ExpectAsync(HttpStatusCode.Created);

        using var response = await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), new Dictionary<string, object>
        {
            ["purchase_id"] = "API-P1", ["customer_id"] = id, ["amount"] = 49.9, ["currency"] = "EUR", ["product"] = "Kettle", ["at"] = "2026-11-23T08:30:00Z",
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("49.9", created.GetProperty("purchase").GetProperty("amount").GetString());
        Assert.False(created.GetProperty("alreadyRecorded").GetBoolean());
        Assert.Contains(created.GetProperty("moments").EnumerateArray(), m => m.GetProperty("kind").GetString() == "thank-you");

        await using var context = site.Database.CreateContext();
        Assert.True(await context.Moments.AnyAsync(m => m.CustomerId == id && m.Kind == "thank-you"));
        var entry = Assert.Single(await site.AuditAsync("customer:" + id), a => a.Action == "record-purchase");
        Assert.Equal("apikey:" + key.KeyId, entry.Actor);

        var listed = await (await client.GetAsync(new Uri($"/api/customers/{id}/purchases?pageSize=500", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("purchase_id").GetString() == "API-P1");
    }

    [Fact]
    public async Task Purchase_PostedTwice_IsStoredOnce_AndTheSecondAnswerIs200AlreadyRecorded()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 9);
        using var client = await site.AllClientAsync();
        var purchase = new Dictionary<string, object> { ["purchase_id"] = "API-P2", ["customer_id"] = id, ["amount"] = "12.50", ["at"] = "2026-11-22T10:00:00Z" };
        await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), purchase)).ExpectAsync(HttpStatusCode.Created);
        var again = await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), purchase)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("alreadyRecorded").GetBoolean());
        Assert.Equal(0, again.GetProperty("moments").GetArrayLength());

        purchase["amount"] = "99.00";
        var conflict = await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), purchase)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.NotEmpty(conflict.Errors("purchase_id"));
        await using var context = site.Database.CreateContext();
        Assert.Equal(12.50m, (await context.Purchases.SingleAsync(p => p.Id == "API-P2")).Amount);
    }

    [Fact]
    public async Task Purchase_BadFields_Is400ByField_AndUnknownCustomerIs404()
    {
        var (id, _) = await site.CustomersAsync(Everything);
        using var client = await site.AllClientAsync();
        var problem = await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), new Dictionary<string, string>
        {
            ["purchase_id"] = "API-P3", ["customer_id"] = id, ["amount"] = "12,34x",
        })).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.Errors("amount"), m => m.Contains("12,34x", StringComparison.Ordinal));

        var missing = await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), new Dictionary<string, string> { ["customer_id"] = id })).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(missing.Errors("purchase_id"));
        Assert.NotEmpty(missing.Errors("amount"));

        var unknown = await (await client.PostAsJsonAsync(new Uri("/api/purchases", UriKind.Relative), new Dictionary<string, string>
        {
            ["purchase_id"] = "API-P4", ["customer_id"] = "NO-SUCH-ID", ["amount"] = "1",
        })).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Contains("NO-SUCH-ID", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Touch_InboundComplaint_IsRecordedAndListed_AndRepostIsIdempotent()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 11);
        using var client = await site.AllClientAsync();
        var touch = new Dictionary<string, string>
        {
            ["touch_id"] = "API-T1", ["customer_id"] = id, ["channel"] = "email", ["direction"] = "in", ["kind"] = "complaint", ["note"] = "the parcel came late",
        };
        var created = await (await client.PostAsJsonAsync(new Uri("/api/touches", UriKind.Relative), touch)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("complaint", created.GetProperty("touch").GetProperty("kind").GetString());
        Assert.True(created.GetProperty("moments").GetArrayLength() > 0, "a complaint calls for a reply");
        var again = await (await client.PostAsJsonAsync(new Uri("/api/touches", UriKind.Relative), touch)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("alreadyRecorded").GetBoolean());

        var listed = await (await client.GetAsync(new Uri($"/api/customers/{id}/touches?pageSize=500", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), t => t.GetProperty("touch_id").GetString() == "API-T1");

        touch["kind"] = "hologram";
        var bad = await (await client.PostAsJsonAsync(new Uri("/api/touches", UriKind.Relative), touch)).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.Errors("kind"));
    }

    [Fact]
    public async Task Consents_GrantedThenUnsubscribed_AreKeptAsHistory_AndCloseTheChannel()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 13);
        using var client = await site.AllClientAsync();
        var granted = await (await client.PostAsJsonAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative), new Dictionary<string, object>
        {
            ["channel"] = new[] { "sms", "email" }, ["status"] = "granted", ["evidence"] = "signed form 2026-11-23", ["source"] = "shop",
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, granted.GetArrayLength());

        var unsubscribed = await (await client.PostAsync(new Uri($"/api/customers/{id}/unsubscribe?channel=email", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.OK);
        var record = Assert.Single(unsubscribed.EnumerateArray());
        Assert.Equal("unsubscribed", record.GetProperty("suppression").GetString());

        var customer = await (await client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.False(customer.GetProperty("consent").GetProperty("email").GetProperty("mayContact").GetBoolean());
        Assert.True(customer.GetProperty("consent").GetProperty("sms").GetProperty("mayContact").GetBoolean());

        var history = await (await client.GetAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(history.EnumerateArray(), c => c.GetProperty("evidence").GetString() == "signed form 2026-11-23" && c.GetProperty("channel").GetString() == "email");
        Assert.Contains(history.EnumerateArray(), c => c.GetProperty("suppression").GetString() == "unsubscribed");
        Assert.Contains(await site.AuditAsync("customer:" + id), a => a.Action == "withdraw-consent");
    }

    [Fact]
    public async Task Consents_WithoutEvidenceOrWithAnUnknownChannel_Are400ByField()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 15);
        using var client = await site.AllClientAsync();
        var problem = await (await client.PostAsJsonAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative), new Dictionary<string, string>
        {
            ["channel"] = "pigeon", ["status"] = "granted",
        })).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Errors("evidence"));
        Assert.Contains(problem.Errors("channel"), m => m.Contains("pigeon", StringComparison.Ordinal));

        var unsubscribe = await (await client.PostAsync(new Uri($"/api/customers/{id}/unsubscribe?channel=pigeon", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(unsubscribe.Errors("channel"));
        await using var context = site.Database.CreateContext();
        Assert.False(await context.Consents.AnyAsync(c => c.CustomerId == id && c.At == RapportSite.Now));
    }

    [Fact]
    public async Task Consents_PostedTwiceAtTheSameTime_AreStoredOnce()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 19);
        using var client = await site.AllClientAsync();
        var consent = new Dictionary<string, string> { ["channel"] = "phone", ["status"] = "granted", ["evidence"] = "said yes on the phone", ["at"] = "2026-11-20T10:00:00Z" };
        await (await client.PostAsJsonAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative), consent)).ExpectAsync(HttpStatusCode.Created);
        var again = await (await client.PostAsJsonAsync(new Uri($"/api/customers/{id}/consents", UriKind.Relative), consent)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("phone", Assert.Single(again.EnumerateArray()).GetProperty("channel").GetString());
        await using var context = site.Database.CreateContext();
        Assert.Equal(1, await context.Consents.CountAsync(c => c.CustomerId == id && c.Channel == Channel.Phone && c.Evidence == "said yes on the phone"));
    }

    [Fact]
    public async Task Unsubscribe_WithoutAChannel_ClosesEveryChannel()
    {
        var (id, _) = await site.CustomersAsync(Everything, skip: 17);
        using var client = await site.AllClientAsync();
        var records = await (await client.PostAsync(new Uri($"/api/customers/{id}/unsubscribe", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Enum.GetValues<Channel>().Length, records.GetArrayLength());
        var customer = await (await client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.All(customer.GetProperty("consent").EnumerateObject(), c => Assert.False(c.Value.GetProperty("mayContact").GetBoolean()));
    }

    [Fact]
    public async Task Plan_OfACustomer_ListsTouchesWithReasons()
    {
        await using var context = site.Database.CreateContext();
        var touch = await context.PlanTouches.AsNoTracking().OrderBy(t => t.CustomerId).FirstAsync();
        using var client = await site.AllClientAsync();
        var plan = await (await client.GetAsync(new Uri($"/api/plan/customers/{touch.CustomerId}?from=2026-11-23&days=366", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        var touches = plan.GetProperty("touches").EnumerateArray().ToList();
        Assert.NotEmpty(touches);
        Assert.All(touches, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("reason").GetString())));
        Assert.All(touches, t => Assert.Equal(touch.CustomerId, t.GetProperty("customer_id").GetString()));

        var bad = await (await client.GetAsync(new Uri($"/api/plan/customers/{touch.CustomerId}?days=1000", UriKind.Relative))).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.Errors("days"));
    }

    [Fact]
    public async Task Plan_OfAMemberOfStaff_ListsThatDaysCalls_AndHidesStaffOutsideTheScope()
    {
        await using var context = site.Database.CreateContext();
        var call = await context.PlanTouches.AsNoTracking().Where(t => t.StartMinute != null).OrderBy(t => t.Day).ThenBy(t => t.StaffId).FirstAsync();
        var day = call.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var expected = await context.PlanTouches.CountAsync(t => t.StartMinute != null && t.Day == call.Day && t.StaffId == call.StaffId);
        using var client = await site.AllClientAsync();
        var queue = await (await client.GetAsync(new Uri($"/api/plan/staff/{call.StaffId}?date={day}", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, queue.GetProperty("calls").GetArrayLength());
        Assert.All(queue.GetProperty("calls").EnumerateArray(), c => Assert.Equal(call.StaffId, c.GetProperty("touch").GetProperty("staff_id").GetString()));

        var staff = site.Staff.First(s => s.Id == call.StaffId);
        var other = await context.Branches.AsNoTracking().Where(b => b.Id != staff.BranchId).Select(b => b.Id).ToListAsync();
        var outsider = other.Select(b => (Branch: b, Scope: AccessScope.BranchAndReports(context.Branches.AsNoTracking().ToList(), b))).First(b => !b.Scope.Contains(staff.BranchId));
        using var branchClient = site.Client((await site.AddKeyAsync(outsider.Branch)).Key);
        var hidden = await (await branchClient.GetAsync(new Uri($"/api/plan/staff/{call.StaffId}?date={day}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
        var unknown = await (await branchClient.GetAsync(new Uri($"/api/plan/staff/NO-SUCH-STAFF?date={day}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Plan_OfADay_IsPagedAndScoped()
    {
        await using var context = site.Database.CreateContext();
        var day = new DateOnly(2026, 11, 24);
        var all = await context.PlanTouches.CountAsync(t => t.Day == day);
        using var client = await site.AllClientAsync();
        var page = await (await client.GetAsync(new Uri("/api/plan/days/2026-11-24?pageSize=10", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(all, page.GetProperty("total").GetInt64());
        Assert.Equal(Math.Min(10, all), page.GetProperty("items").GetArrayLength());
        Assert.All(page.GetProperty("items").EnumerateArray(), t => Assert.Equal("2026-11-24", t.GetProperty("date").GetString()));

        var (branch, scope) = await site.MiddleBranchAsync();
        using var branchClient = site.Client((await site.AddKeyAsync(branch)).Key);
        var scoped = await (await branchClient.GetAsync(new Uri("/api/plan/days/2026-11-24?pageSize=500", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        var visible = await scope.Customers(context).Select(c => c.Id).ToListAsync();
        Assert.All(scoped.GetProperty("items").EnumerateArray(), t => Assert.Contains(t.GetProperty("customer_id").GetString(), visible));
        Assert.True(scoped.GetProperty("total").GetInt64() <= all);

        var bad = await (await client.GetAsync(new Uri("/api/plan/days/24.11.2026", UriKind.Relative))).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.Errors("date"));
    }
}
