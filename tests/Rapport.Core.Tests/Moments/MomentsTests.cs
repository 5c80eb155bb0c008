using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Moments;
using Rapport.Core.Planning;
using Rapport.Core.Tests.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests.Moments;

public sealed class MomentsTests
{
    // A Monday.
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_purchase_is_thanked_within_two_days_then_welcomed_within_seven_on_the_preferred_channel()
    {
        var result = Evaluate(input => input with { Purchases = [new PurchaseEvent("P1", "C1", Morning, "Kettle", "Kitchen", IsFirst: true, IsFirstInLine: true)] });

        Assert.Equal(["purchase:P1:thank-you", "purchase:P1:welcome-kit"], result.Touches.Select(t => t.Key));
        var thanks = result.Touches[0];
        Assert.Equal((TouchKind.ThankYou, Channel.Email, AsOf, AsOf.AddDays(2), true), (thanks.Kind, thanks.Channel, thanks.Earliest, thanks.Due, thanks.IsReply));
        Assert.Equal("Kettle", thanks.Product);
        Assert.Equal("thank-you for purchase P1 (Kettle) on 2026-11-23, within 2 days (S3)", thanks.Reason);
        var welcome = result.Touches[1];
        Assert.Equal((AsOf.AddDays(1), AsOf.AddDays(7)), (welcome.Earliest, welcome.Due));
        Assert.Contains("their first purchase", welcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_return_purchase_is_thanked_but_not_welcomed_unless_it_opens_a_new_line_of_business()
    {
        var result = Evaluate(input => input with
        {
            Purchases =
            [
                new PurchaseEvent("P2", "C1", Morning, "Kettle", "Kitchen", IsFirst: false, IsFirstInLine: false),
                new PurchaseEvent("P3", "C1", Morning, "Lawn mower", "Garden", IsFirst: false, IsFirstInLine: true),
            ],
        });

        Assert.Equal(["purchase:P2:thank-you", "purchase:P3:thank-you", "purchase:P3:welcome-kit"], result.Touches.Select(t => t.Key));
        Assert.Contains("first purchase in Garden", result.Touches[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_the_moments_twice_over_the_same_events_gives_the_same_keys()
    {
        Func<MomentInput, MomentInput> events = input => input with
        {
            Purchases = [new PurchaseEvent("P1", "C1", Morning, null, null, true, true), new PurchaseEvent("P1", "C1", Morning, null, null, true, true)],
            Inbound = [new InboundEvent("T1", "C1", Morning, TouchKind.Suggestion, "Open on Sundays")],
        };

        var first = Evaluate(events);
        var second = Evaluate(events);

        Assert.Equal(first.Touches, second.Touches);
        Assert.Equal(first.Touches.Count, first.Touches.Select(t => t.Key).Distinct().Count());
    }

    [Fact]
    public void A_purchase_whose_thank_you_window_has_passed_triggers_nothing()
    {
        var result = Evaluate(input => input with { Purchases = [new PurchaseEvent("P1", "C1", Morning.AddDays(-10), null, null, IsFirst: true, IsFirstInLine: true)] });

        Assert.Empty(result.Touches);
    }

    [Theory]
    // A suggestion is constructive criticism: an acknowledgement and a small gift.
    [InlineData(TouchKind.Suggestion, new[] { "touch:T1:acknowledgement", "touch:T1:reward" })]
    // A compliment is thanked, and the acknowledgement asks to quote it.
    [InlineData(TouchKind.Compliment, new[] { "touch:T1:acknowledgement" })]
    // A letter is acknowledged personally.
    [InlineData(TouchKind.Correspondence, new[] { "touch:T1:acknowledgement" })]
    // A complaint is followed up by a call.
    [InlineData(TouchKind.Complaint, new[] { "touch:T1:care-call" })]
    public void Inbound_correspondence_is_answered_by_kind(TouchKind kind, string[] keys)
    {
        var result = Evaluate(input => input with { Inbound = [new InboundEvent("T1", "C1", Morning, kind, "A note")] });

        Assert.Equal(keys, result.Touches.Select(t => t.Key));
        Assert.All(result.Touches, t => Assert.Equal(kind, t.InboundKind));
        Assert.All(result.Touches, t => Assert.True(t.IsReply));
    }

    [Fact]
    public void An_acknowledgement_is_due_within_two_working_days_skipping_the_weekend_and_public_holidays()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
        var holidays = PublicHolidays.From([new PublicHoliday("GB", new DateOnly(2026, 11, 30), "A holiday")]);
        var result = Evaluate(input => input with
        {
            AsOf = new DateOnly(2026, 11, 27),
            Holidays = holidays,
            Inbound = [new InboundEvent("T1", "C1", friday, TouchKind.Correspondence, null)],
        });

        // Friday + 2 working days: Monday the 30th is a holiday, so Tuesday and Wednesday.
        Assert.Equal(new DateOnly(2026, 12, 2), result.Touches.Single().Due);
    }

    [Fact]
    public void A_complaint_from_a_customer_who_refused_calls_gets_a_personal_acknowledgement_instead()
    {
        var result = Evaluate(
            input => input with { Inbound = [new InboundEvent("T1", "C1", Morning, TouchKind.Complaint, "Late delivery")] },
            customer => customer with { Permissions = ChannelPermissions.All.With(Channel.Phone, ConsentStatus.Withdrawn, SuppressionReason.DoNotCall) });

        var touch = Assert.Single(result.Touches);
        Assert.Equal((TouchKind.Acknowledgement, Channel.Email, "Late delivery"), (touch.Kind, touch.Channel, touch.Note));
    }

    [Fact]
    public void A_negative_answer_on_a_call_is_followed_up_by_a_call()
    {
        var result = Evaluate(input => input with { Inbound = [new InboundEvent("T9", "C1", Morning, TouchKind.CareCall, "Unhappy with service", IsNegativeAnswer: true)] });

        var touch = Assert.Single(result.Touches);
        Assert.Equal(("touch:T9:care-call", Channel.Phone), (touch.Key, touch.Channel));
        Assert.StartsWith("follow-up call after the negative answer to the care-call T9", touch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_customer_who_names_a_referrer_triggers_thanks_to_the_referrer()
    {
        var result = Evaluate(input => input with
        {
            Customers = new Dictionary<string, MomentCustomer>
            {
                ["C1"] = Customer("C1"),
                ["C2"] = Customer("C2") with { DisplayName = "Ben Ode" },
            },
            Referrals = [new ReferralEvent("C2", "C1", Morning)],
        });

        var touch = Assert.Single(result.Touches);
        Assert.Equal(("referral:C2:referral-thanks", "C1", "C2"), (touch.Key, touch.CustomerId, touch.ReferredCustomerId));
        Assert.Contains("Ben Ode", touch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lapsing_customer_gets_a_personal_call_with_the_warning_and_it_is_not_a_reply()
    {
        var result = Evaluate(input => input with { Lapsing = [new LapsingEvent("C1", new DateOnly(2026, 5, 1), "no purchase for 206 days, usually every 60")] });

        var touch = Assert.Single(result.Touches);
        Assert.Equal(("lapsing:C1:2026-05-01:care-call", Channel.Phone, false), (touch.Key, touch.Channel, touch.IsReply));
        Assert.Equal("no purchase for 206 days, usually every 60", touch.Warning);
        Assert.Contains("not a sales call", touch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_essential_only_customer_gets_replies_but_no_lapsing_call()
    {
        var result = Evaluate(
            input => input with
            {
                Purchases = [new PurchaseEvent("P1", "C1", Morning, null, null, false, false)],
                Lapsing = [new LapsingEvent("C1", new DateOnly(2026, 5, 1), "lapsing")],
            },
            customer => customer with { Frequency = ContactFrequency.EssentialOnly });

        Assert.Equal(["purchase:P1:thank-you"], result.Touches.Select(t => t.Key));
    }

    [Fact]
    public void A_customer_no_channel_reaches_gets_nothing_and_the_reason_is_kept()
    {
        var result = Evaluate(
            input => input with { Purchases = [new PurchaseEvent("P1", "C1", Morning, null, null, false, false)] },
            customer => customer with { Permissions = ChannelPermissions.None });

        Assert.Empty(result.Touches);
        var held = Assert.Single(result.Held);
        Assert.Equal("purchase:P1:thank-you", held.Key);
        Assert.Contains("not sent", held.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Planner_places_a_triggered_follow_up_call_within_its_window_even_past_the_call_cap()
    {
        // A care call was made yesterday: the one-call-in-30-days cap would hold any cadence call.
        var yesterday = new BookedTouch(AsOf.AddDays(-1), TouchKind.CareCall, Channel.Phone);
        var followUp = new BookedTouch(AsOf.AddDays(2), TouchKind.CareCall, Channel.Phone, IsReply: true, Lead: 2);
        var customer = new PlanCustomer
        {
            Id = "C1",
            Tier = ValueTier.Fringe,
            Permissions = ChannelPermissions.All,
            PreferredChannels = [Channel.Email],
            HomeBranchId = "B1",
            Booked = new[] { yesterday, followUp },
        };

        var plan = Planner.Make(PlannerTests.Input([customer]));

        var call = Assert.Single(plan.Touches, t => t.Rule == PlanRule.Reply);
        Assert.True(call.IsCall);
        Assert.InRange(call.Day, AsOf, AsOf.AddDays(2));
        Assert.Equal(0, call.Staff);
    }

    [Fact]
    public void Planner_holds_a_lapsing_call_that_would_break_the_call_cap_and_says_so()
    {
        var yesterday = new BookedTouch(AsOf.AddDays(-1), TouchKind.CareCall, Channel.Phone);
        var lapsing = new BookedTouch(AsOf.AddDays(14), TouchKind.CareCall, Channel.Phone, IsReply: false, Lead: 14);
        var customer = new PlanCustomer
        {
            Id = "C1",
            Tier = ValueTier.Fringe,
            Permissions = ChannelPermissions.All,
            PreferredChannels = [Channel.Email],
            HomeBranchId = "B1",
            Booked = new[] { yesterday, lapsing },
        };

        var plan = Planner.Make(PlannerTests.Input([customer]));

        Assert.DoesNotContain(plan.Touches, t => t.Rule == PlanRule.Moment);
        Assert.Contains(plan.Held, h => h.WantedBy == PlanRule.Moment && h.HeldBy == PlanRule.CapCalls);
    }

    private static MomentCustomer Customer(string id) => new()
    {
        Id = id,
        Permissions = ChannelPermissions.All,
        PreferredChannels = [Channel.Email, Channel.Phone],
        Country = "GB",
    };

    private static MomentResult Evaluate(Func<MomentInput, MomentInput> events, Func<MomentCustomer, MomentCustomer>? customer = null)
    {
        var input = new MomentInput
        {
            AsOf = AsOf,
            Customers = new Dictionary<string, MomentCustomer> { ["C1"] = (customer ?? (c => c))(Customer("C1")) },
        };
        return MomentRules.Evaluate(events(input));
    }
}
