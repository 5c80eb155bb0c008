using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    [Fact]
    public void A_key_customer_who_allows_everything_gets_four_care_calls_monthly_newsletters_and_greetings()
    {
        var customer = new PlanCustomer
        {
            Id = "C1",
            Tier = ValueTier.Key,
            Stage = LifecycleStage.Active,
            Permissions = ChannelPermissions.All,
            PreferredChannels = [Channel.Email, Channel.Phone],
            BirthDate = new DateOnly(1980, 3, 4),
            HomeBranchId = "B1",
        };
        var plan = Planner.Make(Input([customer]));

        var touches = plan.Touches;
        Assert.Equal(4, touches.Count(t => t.Kind == TouchKind.CareCall));
        Assert.Equal(12, touches.Count(t => t.Kind == TouchKind.Newsletter));
        Assert.Single(touches, t => t.Kind == TouchKind.Birthday && t.Day == new DateOnly(2027, 3, 4));
        Assert.Single(touches, t => t.Kind == TouchKind.HolidayGreeting);
        Assert.All(touches.Where(t => t.IsCall), t => Assert.Equal(0, t.Staff));
        Assert.All(touches, t => Assert.Equal(0, t.Branch));
        Assert.Empty(plan.Unreachable);
        var firstCall = touches.First(t => t.IsCall);
        Assert.Equal("care call: key customer (top 20% by value), quarterly; no call in the last year; by phone, the customer's second choice", PlanReasons.Describe(plan.Input.Policy, firstCall));
        Assert.InRange(firstCall.StartMinute, 9 * 60, (18 * 60) - 10);
    }

    [Fact]
    public void Offers_considered_too_often_are_held_back_with_the_rule_in_words()
    {
        var customer = Customer("C1");
        var input = Input([customer]) with { Policy = ContactPolicy.Default with { OffersEvery = new Interval(1, IntervalUnit.Weeks) } };
        var plan = Planner.Make(input);

        var offers = plan.Touches.Where(t => t.Kind == TouchKind.Offer).ToArray();
        Assert.NotEmpty(offers);
        var held = plan.Held.Where(h => h.Kind == TouchKind.Offer).Select(h => PlanReasons.Describe(input, h)).ToArray();
        Assert.Contains(held, h => h.EndsWith("held back: two offers in a row", StringComparison.Ordinal));
        Assert.Contains(held, h => h.EndsWith("held back: more than one offer in 3 touches", StringComparison.Ordinal));
        Assert.Matches(@"^offer on \d{4}-\d{2}-\d{2} held back: ", held[0]);
    }

    [Fact]
    public void When_calls_do_not_fit_the_shortfall_is_reported_per_branch_and_week_and_lower_tiers_slip_first()
    {
        var customers = Enumerable.Range(0, 900).Select(i => Customer($"C{i:000}") with { Tier = i % 3 == 0 ? ValueTier.Key : ValueTier.Fringe }).ToArray();
        var plan = Planner.Make(Input(customers, callsPerDay: 2));

        Assert.True(plan.CallsMissing > 0);
        var week = plan.Capacity.First(w => w.Missing > 0);
        Assert.Equal("B1", week.BranchId);
        Assert.Equal(DayOfWeek.Monday, week.WeekStart.DayOfWeek);
        Assert.Equal(week.Missing * 10 / 60.0, week.HoursMissing, 6);
        Assert.All(plan.Capacity.Where(w => w.BranchId == "B1"), w => Assert.True(w.Planned <= w.Capacity));
        double Share(ValueTier tier)
        {
            var wanted = plan.Touches.Count(t => t.IsCall && customers[t.Customer].Tier == tier) + plan.Held.Count(h => h.HeldBy == PlanRule.Capacity && customers[h.Customer].Tier == tier);
            return plan.Touches.Count(t => t.IsCall && customers[t.Customer].Tier == tier) / (double)wanted;
        }

        Assert.True(Share(ValueTier.Key) > Share(ValueTier.Fringe), $"key {Share(ValueTier.Key):P0}, fringe {Share(ValueTier.Fringe):P0}");
        Assert.Contains("no free call slot", PlanReasons.Describe(plan.Input, plan.Held.First(h => h.HeldBy == PlanRule.Capacity)), StringComparison.Ordinal);
    }

    [Fact]
    public void No_calls_on_a_public_holiday_in_the_customers_country()
    {
        var customers = Enumerable.Range(0, 200).Select(i => Customer($"C{i:000}") with { Country = "GB" }).ToArray();
        var holidays = Enumerable.Range(0, 60).Select(d => AsOf.AddDays(d)).Where(d => d.DayOfWeek == DayOfWeek.Tuesday)
            .Select(d => new PublicHoliday("GB", d, "test holiday")).ToArray();
        var plan = Planner.Make(Input(customers) with { Holidays = PublicHolidays.From(holidays) });

        var calls = plan.Touches.Where(t => t.IsCall && t.Day < AsOf.AddDays(60)).ToArray();
        Assert.NotEmpty(calls);
        Assert.DoesNotContain(calls, c => c.Day.DayOfWeek == DayOfWeek.Tuesday);
        Assert.Contains(plan.Touches, t => t.IsCall && t.Day >= AsOf.AddDays(60) && t.Day.DayOfWeek == DayOfWeek.Tuesday);
    }

    [Fact]
    public void Calls_go_to_the_account_manager_and_every_touch_comes_from_the_owning_branch()
    {
        var customers = new[]
        {
            Customer("C1") with { HomeBranchId = null, Location = new GeoPoint(50.8, -1.1) },
            Customer("C2") with { HomeBranchId = null, AccountManagerId = "S1" },
        };
        var plan = Planner.Make(Input(customers));

        Assert.Equal([1, 0], plan.Owners);
        Assert.All(plan.Touches.Where(t => t.Customer == 0 && t.IsCall), t => Assert.Equal("S2", plan.Input.Staff[t.Staff].Id));
        Assert.All(plan.Touches.Where(t => t.Customer == 1 && t.IsCall), t => Assert.Equal("S1", plan.Input.Staff[t.Staff].Id));
    }

    [Fact]
    public void When_the_account_manager_is_fully_booked_a_colleague_takes_the_call_rather_than_let_it_go_missing()
    {
        var customers = Enumerable.Range(0, 60).Select(i => Customer($"C{i:00}") with { Tier = ValueTier.Key, AccountManagerId = "S1" }).ToArray();
        var input = Input(customers, callsPerDay: 1) with
        {
            Staff = [new StaffMember("S1", "Ann", "B1") { CallsPerDay = 1 }, new StaffMember("S3", "Cat", "B1") { CallsPerDay = 20 }],
        };
        var plan = Planner.Make(input);

        Assert.Equal(0, plan.CallsMissing);
        var calls = plan.Touches.Where(t => t.IsCall).ToArray();
        Assert.True(calls.Count(c => c.Staff == 0) > calls.Length / 3, "the account manager makes most calls they can");
        Assert.All(calls.Where(c => c.Staff == 1), c => Assert.Contains(calls, a => a.Staff == 0 && a.Day == c.Day));
    }

    [Fact]
    public void Unreachable_customers_are_listed_with_why_and_essential_only_customers_get_only_replies()
    {
        var reply = new BookedTouch(AsOf.AddDays(1), TouchKind.ThankYou, Channel.Email, IsReply: true);
        var customers = new[]
        {
            Customer("C1") with { Permissions = ChannelPermissions.None },
            Customer("C2") with { Permissions = ChannelPermissions.All.With(Channel.Email, ConsentStatus.Withdrawn, SuppressionReason.Deceased) },
            Customer("C3") with { Frequency = ContactFrequency.EssentialOnly, Booked = new[] { reply } },
        };
        var plan = Planner.Make(Input(customers));

        Assert.Equal([new UnreachableCustomer(0, "no consent on any channel"), new UnreachableCustomer(1, "no contact at all: deceased")], plan.Unreachable);
        var only = Assert.Single(plan.Touches);
        Assert.Equal((2, TouchKind.ThankYou, PlanRule.Reply), (only.Customer, only.Kind, only.Rule));
        Assert.Equal("the customer asked for essential messages only: replies to their own actions, nothing planned", PlanReasons.Summary(plan.Input, 2));
    }

    [Fact]
    public void A_customer_who_chose_quarterly_hears_from_us_at_most_once_a_month()
    {
        var plan = Planner.Make(Input([Customer("C1") with { Frequency = ContactFrequency.Quarterly }]));

        var days = plan.Touches.Select(t => t.Day).Order().ToArray();
        Assert.All(days.Zip(days.Skip(1)), pair => Assert.True(pair.Second.DayNumber - pair.First.DayNumber >= 30, $"{pair.First} and {pair.Second}"));
        Assert.Contains(plan.Held, h => PlanReasons.Describe(plan.Input, h).EndsWith("held back: the customer chose quarterly: at most 1 a month", StringComparison.Ordinal));
    }

    private static PlanCustomer Customer(string id) => new()
    {
        Id = id,
        Tier = ValueTier.Core,
        Stage = LifecycleStage.Active,
        Permissions = ChannelPermissions.All,
        PreferredChannels = [Channel.Email, Channel.Phone],
        HomeBranchId = "B1",
    };

    internal static PlanInput Input(IReadOnlyList<PlanCustomer> customers, int callsPerDay = 20) => new(
        customers,
        [new Branch("B1", "North") { Location = new GeoPoint(51.5, -0.1) }, new Branch("B2", "South") { Location = new GeoPoint(50.8, -1.1) }],
        [new StaffMember("S1", "Ann", "B1") { CallsPerDay = callsPerDay }, new StaffMember("S2", "Bob", "B2") { CallsPerDay = callsPerDay }],
        ContactPolicy.Default,
        PublicHolidays.None,
        AsOf);
}
