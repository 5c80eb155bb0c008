using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Moments;

/// <summary>
/// Turns what happened into the touches it calls for (SPEC R6): a thank-you after a purchase, a
/// welcome kit after a first purchase, an acknowledgement of correspondence (with a small gift
/// for a suggestion), a follow-up call after a complaint or a negative answer, thanks to a
/// referrer, and a personal call — not a sales call — to a lapsing customer.
/// </summary>
/// <remarks>
/// Pure and deterministic. Each touch is keyed by its event and kind, so running the moments
/// again over the same events gives the same keys, and storage keeps the first of each: the same
/// event never triggers the same touch twice. A touch whose window closed before the as-of day is
/// not made (the moment has passed). Consent decides the channel (the most preferred consented
/// one that suits the kind); a customer no channel reaches gets nothing, and the reason is kept.
/// Replies are not held back by the customer's frequency choice; the lapsing call is not a reply,
/// so an essential-only customer does not get it, and the planner checks it against the caps.
/// </remarks>
public static class MomentRules
{
    /// <summary>Days the lapsing call may wait: two weeks, like the planner's catch-up.</summary>
    public const int LapsingCallWithinDays = Planner.CatchUpDays;

    /// <summary>The touches the events of <paramref name="input"/> call for.</summary>
    public static MomentResult Evaluate(MomentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(input);
        foreach (var purchase in input.Purchases)
        {
            run.Purchase(purchase);
        }

        foreach (var inbound in input.Inbound)
        {
            run.Inbound(inbound);
        }

        foreach (var referral in input.Referrals)
        {
            run.Referral(referral);
        }

        foreach (var lapsing in input.Lapsing)
        {
            run.Lapsing(lapsing);
        }

        return run.Result();
    }

    /// <summary>The day <paramref name="days"/> working days after <paramref name="day"/>: weekdays of the policy's call week that are not public holidays in <paramref name="country"/>.</summary>
    public static DateOnly AddWorkingDays(DateOnly day, int days, ContactPolicy policy, PublicHolidays holidays, string? country)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (policy.CallDays.Days.Count == 0)
        {
            return day.AddDays(days);
        }

        var result = day;
        for (var left = days; left > 0;)
        {
            result = result.AddDays(1);
            if (policy.CallDays.Includes(result.DayOfWeek) && holidays.On(country, result) is null)
            {
                left--;
            }
        }

        return result;
    }

    private sealed class Run(MomentInput input)
    {
        private readonly Dictionary<string, TriggeredTouch> _touches = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HeldMoment> _held = new(StringComparer.Ordinal);

        private ContactPolicy Policy => input.Policy;

        public void Purchase(PurchaseEvent purchase)
        {
            if (!input.Customers.TryGetValue(purchase.CustomerId, out var customer))
            {
                return;
            }

            var day = DateOnly.FromDateTime(purchase.At.UtcDateTime);
            var eventKey = "purchase:" + purchase.PurchaseId;
            var what = purchase.Product is { Length: > 0 } product ? $"purchase {purchase.PurchaseId} ({product})" : $"purchase {purchase.PurchaseId}";
            var thanks = Offer(customer, eventKey, TouchKind.ThankYou, day, day.AddDays(Policy.ThankYouWithinDays), isReply: true, $"thank-you for {what} on {Day(day)}, within {Days(Policy.ThankYouWithinDays)} (S3)");
            if (thanks is not null)
            {
                Add(thanks with { Product = purchase.Product, LineOfBusiness = purchase.LineOfBusiness });
            }

            if (purchase.IsFirst || (purchase.IsFirstInLine && purchase.LineOfBusiness is { Length: > 0 }))
            {
                var why = purchase.IsFirst ? "their first purchase" : $"their first purchase in {purchase.LineOfBusiness}";
                var welcome = Offer(customer, eventKey, TouchKind.WelcomeKit, day.AddDays(1), day.AddDays(Policy.WelcomeKitWithinDays), isReply: true, $"welcome kit after {why} ({purchase.PurchaseId} on {Day(day)}), after the thank-you and within {Days(Policy.WelcomeKitWithinDays)} (S3)");
                if (welcome is not null)
                {
                    Add(welcome with { Product = purchase.Product, LineOfBusiness = purchase.LineOfBusiness });
                }
            }
        }

        public void Inbound(InboundEvent inbound)
        {
            if (!input.Customers.TryGetValue(inbound.CustomerId, out var customer))
            {
                return;
            }

            var day = DateOnly.FromDateTime(inbound.At.UtcDateTime);
            var eventKey = "touch:" + inbound.TouchId;
            var due = AddWorkingDays(day, Policy.AcknowledgeWithinWorkingDays, Policy, input.Holidays, customer.Country);
            var within = $"within {Policy.AcknowledgeWithinWorkingDays.ToString(CultureInfo.InvariantCulture)} working days";
            var kindName = EnumText.ToText(inbound.Kind);

            if (inbound.IsNegativeAnswer || inbound.Kind == TouchKind.Complaint)
            {
                // A complaint or a negative answer is followed up by a person, on the phone
                // where the customer allows it; otherwise a personal acknowledgement.
                var about = inbound.IsNegativeAnswer ? $"negative answer to the {kindName} {inbound.TouchId}" : $"complaint {inbound.TouchId}";
                var call = customer.Permissions.MayContact(Channel.Phone)
                    ? Make(customer, eventKey, TouchKind.CareCall, Channel.Phone, day, due, isReply: true, $"follow-up call after the {about} on {Day(day)}, {within} (S1, R6)")
                    : Offer(customer, eventKey, TouchKind.Acknowledgement, day, due, isReply: true, $"personal follow-up of the {about} on {Day(day)}, {within}; no phone consent for a call (S1, R6)");
                if (call is not null)
                {
                    Add(call with { InboundKind = inbound.IsNegativeAnswer ? null : inbound.Kind, Note = inbound.Note });
                }

                return;
            }

            if (!inbound.Kind.IsInboundOnly())
            {
                return;
            }

            var reason = inbound.Kind switch
            {
                TouchKind.Suggestion => $"acknowledgement of suggestion {inbound.TouchId} on {Day(day)}, {within}, with a small gift to follow (S1 #2, #4)",
                TouchKind.Compliment => $"thanks for compliment {inbound.TouchId} on {Day(day)}, {within}, asking to quote it as a testimonial (S1 #4)",
                _ => $"personal acknowledgement of {kindName} {inbound.TouchId} on {Day(day)}, {within} (S1 #2)",
            };
            var acknowledgement = Offer(customer, eventKey, TouchKind.Acknowledgement, day, due, isReply: true, reason);
            if (acknowledgement is not null)
            {
                Add(acknowledgement with { InboundKind = inbound.Kind, Note = inbound.Note });
            }

            if (inbound.Kind == TouchKind.Suggestion)
            {
                var gift = Offer(customer, eventKey, TouchKind.Reward, due, day.AddDays(Policy.WelcomeKitWithinDays), isReply: true, $"a small gift for suggestion {inbound.TouchId} on {Day(day)}: constructive criticism is a present (S1 #2)");
                if (gift is not null)
                {
                    Add(gift with { InboundKind = inbound.Kind, Note = inbound.Note });
                }
            }
        }

        public void Referral(ReferralEvent referral)
        {
            if (string.Equals(referral.NewCustomerId, referral.ReferrerId, StringComparison.Ordinal) ||
                !input.Customers.TryGetValue(referral.ReferrerId, out var referrer))
            {
                return;
            }

            var day = DateOnly.FromDateTime(referral.At.UtcDateTime);
            var name = input.Customers.TryGetValue(referral.NewCustomerId, out var referred) ? referred.DisplayName : null;
            var thanks = Offer(referrer, "referral:" + referral.NewCustomerId, TouchKind.ReferralThanks, day, day.AddDays(Policy.WelcomeKitWithinDays), isReply: true, $"thanks for referring {name ?? referral.NewCustomerId}, a new customer since {Day(day)} (S1 #7)");
            if (thanks is not null)
            {
                Add(thanks with { ReferredCustomerId = referral.NewCustomerId });
            }
        }

        public void Lapsing(LapsingEvent lapsing)
        {
            if (!input.Customers.TryGetValue(lapsing.CustomerId, out var customer) || !PlanContext.WantsToHear(customer.Frequency))
            {
                return;
            }

            var eventKey = $"lapsing:{lapsing.CustomerId}:{Day(lapsing.LastPurchase)}";
            var due = input.AsOf.AddDays(LapsingCallWithinDays);
            var reason = $"a personal call, not a sales call: {lapsing.Warning} (S3, S4)";
            var touch = customer.Permissions.MayContact(Channel.Phone)
                ? Make(customer, eventKey, TouchKind.CareCall, Channel.Phone, input.AsOf, due, isReply: false, reason)
                : Offer(customer, eventKey, TouchKind.CheckIn, input.AsOf, due, isReply: false, $"a personal note, not an offer: {lapsing.Warning}; no phone consent for a call (S3, S4)");
            if (touch is not null)
            {
                Add(touch with { Warning = lapsing.Warning });
            }
        }

        public MomentResult Result() => new(
            [.. _touches.Values.OrderBy(t => t.Key, StringComparer.Ordinal)],
            [.. _held.Values.OrderBy(h => h.Key, StringComparer.Ordinal)]);

        /// <summary>The touch on the customer's most preferred consented channel for the kind, or null (held, or its window has passed).</summary>
        private TriggeredTouch? Offer(MomentCustomer customer, string eventKey, TouchKind kind, DateOnly earliest, DateOnly due, bool isReply, string reason)
        {
            if (due < input.AsOf)
            {
                return null;
            }

            var decision = ChannelChoice.Choose(kind, customer.PreferredChannels, customer.Permissions);
            if (decision.Channel is not { } channel)
            {
                var key = KeyOf(eventKey, kind);
                _held.TryAdd(key, new HeldMoment(key, customer.Id, kind, eventKey, $"{reason}: not sent, {decision.Reason}"));
                return null;
            }

            return Make(customer, eventKey, kind, channel, earliest, due, isReply, reason);
        }

        private TriggeredTouch? Make(MomentCustomer customer, string eventKey, TouchKind kind, Channel channel, DateOnly earliest, DateOnly due, bool isReply, string reason)
        {
            if (due < input.AsOf)
            {
                return null;
            }

            // A window that opened before today starts today: nothing is due in the past.
            var from = earliest < input.AsOf ? input.AsOf : earliest;
            return new TriggeredTouch(KeyOf(eventKey, kind), customer.Id, kind, channel, from > due ? due : from, due, isReply, eventKey, reason);
        }

        private void Add(TriggeredTouch touch) => _touches.TryAdd(touch.Key, touch);

        private static string KeyOf(string eventKey, TouchKind kind) => $"{eventKey}:{EnumText.ToText(kind)}";

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Days(int days) => days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days";
    }
}
