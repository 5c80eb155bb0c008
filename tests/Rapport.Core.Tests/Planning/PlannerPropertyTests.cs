using CsCheck;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests.Planning;

/// <summary>The planner's promises, checked over random businesses, histories and policies.</summary>
public sealed class PlannerPropertyTests
{
    private const int Iterations = 150;

    [Fact]
    public void No_touch_goes_by_a_channel_without_consent_or_under_a_suppression() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            foreach (var touch in plan.Touches)
            {
                var customer = input.Customers[touch.Customer];
                Assert.True(customer.Permissions.MayContact(touch.Channel), $"{customer.Id} {touch.Kind} on {touch.Day} by {touch.Channel} without consent");
                Assert.Contains(touch.Channel, ChannelChoice.SuitableFor(touch.Kind));
            }

            foreach (var unreachable in plan.Unreachable)
            {
                Assert.DoesNotContain(plan.Touches, t => t.Customer == unreachable.Customer);
            }
        }, iter: Iterations);

    [Fact]
    public void No_cap_and_no_frequency_choice_is_exceeded() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            var policy = input.Policy;
            foreach (var (customer, outbound, planned) in Sequences(plan))
            {
                foreach (var touch in planned.Where(t => t.Rule != PlanRule.Reply))
                {
                    AssertWindows(customer, outbound, touch.Day, policy.CapWindowDays, policy.CapTouches, "touches");
                    if (touch.IsCall)
                    {
                        AssertWindows(customer, outbound.Where(o => o.Channel == Channel.Phone).ToList(), touch.Day, policy.CapWindowDays, policy.CapCalls, "calls");
                    }

                    if (customer.Frequency == ContactFrequency.Quarterly)
                    {
                        AssertWindows(customer, outbound, touch.Day, 30, policy.QuarterlyMostPerMonth, "touches (quarterly)");
                    }

                    if (customer.Frequency == ContactFrequency.Yearly)
                    {
                        AssertWindows(customer, outbound, touch.Day, 365, policy.YearlyAtMost, "touches (yearly)");
                    }
                }

                if (customer.Frequency == ContactFrequency.EssentialOnly)
                {
                    Assert.All(planned, t => Assert.Equal(PlanRule.Reply, t.Rule));
                }
            }
        }, iter: Iterations);

    [Fact]
    public void No_call_outside_hours_working_days_holidays_or_capacity() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            var policy = input.Policy;
            var from = policy.CallsFrom.Hour * 60 + policy.CallsFrom.Minute;
            var until = policy.CallsUntil.Hour * 60 + policy.CallsUntil.Minute;
            foreach (var call in plan.Touches.Where(t => t.IsCall))
            {
                var customer = input.Customers[call.Customer];
                var staff = input.Staff[call.Staff];
                Assert.Equal(Channel.Phone, call.Channel);
                Assert.InRange(call.StartMinute, from, until - policy.MinutesPerCall);
                Assert.True(policy.CallDays.Includes(call.Day.DayOfWeek), $"call on a {call.Day.DayOfWeek}");
                Assert.True((staff.WorkingDays ?? Organisation.WorkingWeek.MondayToFriday).Includes(call.Day.DayOfWeek), $"{staff.Id} does not work on {call.Day.DayOfWeek}");
                Assert.Null(input.Holidays.On(customer.Country, call.Day));
                Assert.Equal(input.Branches[plan.Owners[call.Customer]].Id, staff.BranchId);
            }

            foreach (var day in plan.Touches.Where(t => t.IsCall).GroupBy(t => (t.Staff, t.Day)))
            {
                var staff = input.Staff[day.Key.Staff];
                Assert.True(day.Count() <= (staff.CallsPerDay ?? policy.DefaultCallsPerDay), $"{staff.Id} has {day.Count()} calls on {day.Key.Day}");
                Assert.Equal(day.Count(), day.Select(c => c.StartMinute).Distinct().Count());
            }
        }, iter: Iterations);

    [Fact]
    public void At_most_one_offer_in_the_policys_run_of_touches_and_never_two_in_a_row() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            var run = input.Policy.OffersAtMostOneIn;
            foreach (var (customer, outbound, _) in Sequences(plan))
            {
                for (var i = 0; i < outbound.Count; i++)
                {
                    if (outbound[i].Kind != TouchKind.Offer || !outbound[i].Planned)
                    {
                        continue;
                    }

                    Assert.Single(outbound, o => o.Day == outbound[i].Day);
                    for (var j = Math.Max(0, i - run + 1); j < Math.Min(outbound.Count, i + run); j++)
                    {
                        Assert.False(j != i && outbound[j].Kind == TouchKind.Offer, $"{customer.Id}: offers on {outbound[i].Day} and {outbound[j].Day} within {run} touches");
                    }
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Nobody_who_wants_to_hear_from_us_is_left_in_silence_longer_than_the_rule_allows() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            var policy = input.Policy;
            var heldSilence = plan.Held
                .Where(h => h.WantedBy is PlanRule.LongestSilence or PlanRule.CheckIn or PlanRule.QuarterlySilence or PlanRule.CheckInByPhone || h.HeldBy == PlanRule.Capacity)
                .Select(h => h.Customer)
                .ToHashSet();
            foreach (var (customer, outbound, _) in Sequences(plan))
            {
                var index = IndexOf(input, customer);
                if (heldSilence.Contains(index) || !customer.Permissions.AnyOpen ||
                    customer.Frequency is ContactFrequency.Yearly or ContactFrequency.EssentialOnly)
                {
                    continue;
                }

                var limit = customer.Frequency == ContactFrequency.Quarterly
                    ? policy.QuarterlyLongestSilenceDays
                    : (int)Math.Round(policy.LongestSilence.ApproximateDays);

                // Caps come before cadence: someone reached only by phone is called at most once
                // in the call cap's window, and a weekend can push the call two days further.
                if (Enum.GetValues<Channel>().Where(customer.Permissions.MayContact).SequenceEqual([Channel.Phone]))
                {
                    limit = Math.Max(limit, policy.CapWindowDays + 2);
                }

                // Overdue on the as-of day: caught up within the catch-up days.
                var previous = outbound.LastOrDefault(o => o.Day < input.AsOf).Day;
                var start = previous == default || previous.AddDays(limit) < input.AsOf.AddDays(Planner.CatchUpDays)
                    ? input.AsOf.AddDays(Planner.CatchUpDays - 1 - limit)
                    : previous;
                foreach (var touch in outbound.Where(o => o.Day >= input.AsOf))
                {
                    Assert.True(touch.Day.DayNumber - start.DayNumber <= limit, $"{customer.Id} ({customer.Frequency}): {touch.Day.DayNumber - start.DayNumber} days of silence before {touch.Day}, limit {limit}\n{Dump(plan, customer)}");
                    start = touch.Day;
                }

                Assert.True(plan.LastDay.DayNumber - start.DayNumber <= limit, $"{customer.Id}: silent from {start} to the end of the plan\n{Dump(plan, customer)}");
            }
        }, iter: Iterations);

    [Fact]
    public void A_personal_check_in_comes_at_least_as_often_as_the_policy_says() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            var policy = input.Policy;
            var held = plan.Held.Where(h => h.WantedBy is PlanRule.CheckIn or PlanRule.CheckInByPhone || h.HeldBy == PlanRule.Capacity).Select(h => h.Customer).ToHashSet();
            foreach (var (customer, outbound, _) in Sequences(plan))
            {
                if (held.Contains(IndexOf(input, customer)) || !customer.Permissions.AnyOpen || customer.Frequency is not (null or ContactFrequency.Weekly or ContactFrequency.Monthly))
                {
                    continue;
                }

                var personal = outbound.Where(o => o.Kind is not (TouchKind.Newsletter or TouchKind.Offer or TouchKind.Survey)).ToList();
                var last = personal.LastOrDefault(o => o.Day < input.AsOf).Day;
                var due = last == default ? input.AsOf.AddDays(Planner.CatchUpDays - 1) : policy.CheckInAtLeast.After(last);
                due = due < input.AsOf.AddDays(Planner.CatchUpDays - 1) ? input.AsOf.AddDays(Planner.CatchUpDays - 1) : due;
                foreach (var touch in personal.Where(o => o.Day >= input.AsOf))
                {
                    Assert.True(touch.Day <= due, $"{customer.Id}: personal touch on {touch.Day}, due by {due}\n{Dump(plan, customer)}");
                    due = policy.CheckInAtLeast.After(touch.Day);
                }

                Assert.True(plan.LastDay < due, $"{customer.Id}: no personal touch after {due}\n{Dump(plan, customer)}");
            }
        }, iter: Iterations);

    [Fact]
    public void Every_customer_who_can_be_phoned_gets_their_tiers_calls_when_capacity_allows() =>
        RandomBusiness.Input(ample: true).Sample(input =>
        {
            var plan = Planner.Make(input);
            var heldCalls = plan.Held.Where(h => h.Kind == TouchKind.CareCall && h.HeldBy != PlanRule.NoConsent).Select(h => h.Customer).ToHashSet();
            for (var c = 0; c < input.Customers.Count; c++)
            {
                var customer = input.Customers[c];
                if (plan.Owners[c] >= 0)
                {
                    Assert.False(plan.Held.Any(h => h.Customer == c && h.HeldBy == PlanRule.Capacity), $"call missing with ample capacity\n{Dump(plan, customer)}");
                }

                if (plan.Owners[c] < 0 || heldCalls.Contains(c) || !customer.Permissions.MayContact(Channel.Phone) || customer.Frequency is not (null or ContactFrequency.Weekly or ContactFrequency.Monthly) ||
                    customer.Booked.ToArray().Any(b => b.Day >= input.AsOf || b.Channel == Channel.Phone))
                {
                    continue;
                }

                var every = customer.Tier switch
                {
                    Rapport.Core.Analytics.ValueTier.Key => input.Policy.CareCallKey,
                    Rapport.Core.Analytics.ValueTier.Core => input.Policy.CareCallCore,
                    _ => input.Policy.CareCallFringe,
                };
                var wanted = (int)Math.Round(input.HorizonDays / every.ApproximateDays);
                var calls = plan.Touches.Count(t => t.Customer == c && t.IsCall);
                Assert.True(calls >= wanted, $"{customer.Id} ({customer.Tier}): {calls} calls, wanted {wanted}\n{Dump(plan, customer)}");
            }
        }, iter: 60);

    [Fact]
    public void Every_customer_belongs_to_one_branch_and_calls_go_to_the_account_manager() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            foreach (var touch in plan.Touches)
            {
                Assert.Equal(plan.Owners[touch.Customer], touch.Branch);
                var manager = input.Customers[touch.Customer].AccountManagerId;
                if (touch.IsCall && manager is not null && input.Staff.First(s => s.Id == manager).BranchId == input.Branches[touch.Branch].Id &&
                    input.Staff[touch.Staff].Id != manager)
                {
                    // A colleague takes the call only when the account manager is fully booked or not working that day.
                    var am = input.Staff.First(s => s.Id == manager);
                    var slots = (int)((input.Policy.CallsUntil - input.Policy.CallsFrom).TotalMinutes / input.Policy.MinutesPerCall);
                    var booked = plan.Touches.Count(t => t.IsCall && t.Day == touch.Day && input.Staff[t.Staff].Id == manager);
                    var works = (am.WorkingDays ?? Organisation.WorkingWeek.MondayToFriday).Includes(touch.Day.DayOfWeek);
                    Assert.True(!works || booked >= Math.Min(am.CallsPerDay ?? input.Policy.DefaultCallsPerDay, slots), $"{input.Customers[touch.Customer].Id}'s call on {touch.Day} went to {input.Staff[touch.Staff].Id} while {manager} had {booked} calls");
                }
            }

            for (var c = 0; c < input.Customers.Count; c++)
            {
                if (input.Customers[c].HomeBranchId is { } home)
                {
                    Assert.Equal(home, input.Branches[plan.Owners[c]].Id);
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Replies_are_held_back_only_by_consent_and_yearly_customers_hear_from_us_at_least_once() =>
        RandomBusiness.Input().Sample(input =>
        {
            var plan = Planner.Make(input);
            for (var c = 0; c < input.Customers.Count; c++)
            {
                var customer = input.Customers[c];
                foreach (var reply in customer.Booked.ToArray().Where(b => b.IsReply && b.Day >= input.AsOf && b.Day <= plan.LastDay))
                {
                    if (reply.Channel == Channel.Phone)
                    {
                        // A call is placed into staff capacity within its window (moved past days off), or reported missing.
                        var from = reply.Day.AddDays(-reply.Lead);
                        var placed = plan.Touches.Any(t => t.Customer == c && t.Rule == PlanRule.Reply && t.IsCall && t.Day >= from && t.Day <= reply.Day.AddDays(7)) ||
                            plan.Held.Any(h => h.Customer == c && h.WantedBy == PlanRule.Reply && h.HeldBy == PlanRule.Capacity);
                        Assert.Equal(customer.Permissions.MayContact(Channel.Phone), placed);
                        continue;
                    }

                    var planned = plan.Touches.Any(t => t.Customer == c && t.Rule == PlanRule.Reply && t.Day == reply.Day && t.Kind == reply.Kind && t.Channel == reply.Channel);
                    Assert.Equal(customer.Permissions.MayContact(reply.Channel), planned);
                }

                var nonPhone = Enum.GetValues<Channel>().Any(ch => ch != Channel.Phone && customer.Permissions.MayContact(ch));
                if (customer.Frequency == ContactFrequency.Yearly && nonPhone && input.HorizonDays >= 365 &&
                    !plan.Held.Any(h => h.Customer == c && h.WantedBy == PlanRule.YearlyMinimum))
                {
                    Assert.True(plan.Touches.Count(t => t.Customer == c) >= input.Policy.YearlyAtLeast, $"yearly customer without a touch\n{Dump(plan, customer)}");
                }
            }
        }, iter: Iterations);

    [Fact]
    public void The_same_input_gives_the_same_plan_byte_for_byte() =>
        RandomBusiness.Input().Sample(input =>
        {
            var first = Planner.Make(input);
            var second = Planner.Make(input with { Customers = input.Customers.ToArray() });
            Assert.Equal(first.Touches, second.Touches);
            Assert.Equal(first.Held, second.Held);
            Assert.Equal(first.Unreachable, second.Unreachable);
            Assert.Equal(first.Owners, second.Owners);
            Assert.Equal(first.Capacity, second.Capacity);
            Assert.Equal(
                first.Touches.Select(t => PlanReasons.Describe(input.Policy, t)),
                second.Touches.Select(t => PlanReasons.Describe(input.Policy, t)));
        }, iter: 40);

    /// <summary>Everything about one customer's plan, for failure messages.</summary>
    private static string Dump(Plan plan, PlanCustomer customer)
    {
        var input = plan.Input;
        var c = IndexOf(input, customer);
        var lines = new List<string>
        {
            $"as of {input.AsOf}, {input.HorizonDays} days; {customer.Id}: {customer.Tier}, {customer.Stage}, frequency {customer.Frequency}, preferred {string.Join(",", customer.PreferredChannels)}, open {string.Join(",", Enum.GetValues<Channel>().Where(customer.Permissions.MayContact))}",
        };
        lines.AddRange(customer.Booked.ToArray().Select(b => $"  booked {b.Day} {b.Kind} {b.Channel}{(b.IsReply ? " reply" : string.Empty)}"));
        lines.AddRange(plan.Touches.Where(t => t.Customer == c).Select(t => $"  plan {t.Day} {t.Kind} {t.Channel} {t.Rule}"));
        lines.AddRange(plan.Held.Where(h => h.Customer == c).Select(h => $"  {PlanReasons.Describe(input, h)} ({h.WantedBy})"));
        return string.Join(Environment.NewLine, lines);
    }

    private static int IndexOf(PlanInput input, PlanCustomer customer)
    {
        for (var i = 0; i < input.Customers.Count; i++)
        {
            if (ReferenceEquals(input.Customers[i], customer))
            {
                return i;
            }
        }

        return -1;
    }

    private static void AssertWindows(PlanCustomer customer, IReadOnlyList<Outbound> outbound, DateOnly day, int window, int cap, string what)
    {
        for (var start = day.AddDays(1 - window); start <= day; start = start.AddDays(1))
        {
            var end = start.AddDays(window - 1);
            var count = outbound.Count(o => o.Day >= start && o.Day <= end);
            Assert.True(count <= cap, $"{customer.Id}: {count} {what} from {start} to {end}, cap {cap}");
        }
    }

    /// <summary>Each customer's outbound touches, past and planned, in day order (an offer never shares its day).</summary>
    private static IEnumerable<(PlanCustomer Customer, List<Outbound> Outbound, PlannedTouch[] Planned)> Sequences(Plan plan)
    {
        var byCustomer = plan.Touches.ToLookup(t => t.Customer);
        for (var c = 0; c < plan.Input.Customers.Count; c++)
        {
            var customer = plan.Input.Customers[c];
            var planned = byCustomer[c].ToArray();
            var outbound = customer.Booked.ToArray()
                .Where(b => b.Day < plan.Input.AsOf && b.Day >= plan.Input.AsOf.AddDays(-400))
                .Select(b => new Outbound(b.Day, b.Kind, b.Channel, false))
                .Concat(planned.Select(t => new Outbound(t.Day, t.Kind, t.Channel, true)))
                .OrderBy(o => o.Day)
                .ToList();
            yield return (customer, outbound, planned);
        }
    }

    private readonly record struct Outbound(DateOnly Day, TouchKind Kind, Channel Channel, bool Planned);
}
