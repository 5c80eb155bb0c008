using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>
/// The reasons of a plan, in words: why each touch is there and why a touch was held back. Written
/// out when shown, from the rule and the customer, so that the plan itself stays compact.
/// </summary>
public static class PlanReasons
{
    /// <summary>The id of a rule, as stored and exported: <c>care-call-key</c>.</summary>
    public static string RuleId(PlanRule rule) => EnumText.ToText(rule);

    /// <summary>Why a touch is in the plan: <c>care call: key customer (top 20% by value), every 3 months; last call 2026-08-10; by phone, the customer's first choice</c>.</summary>
    /// <param name="policy">The policy the plan was made with.</param>
    /// <param name="touch">The touch.</param>
    public static string Describe(ContactPolicy policy, PlannedTouch touch)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var why = touch.Rule switch
        {
            PlanRule.CareCallKey => $"care call: key customer (top {Percent(policy.Analytics.KeyShare)} by value), {Every(policy.CareCallKey)}{LastCall(touch)}",
            PlanRule.CareCallCore => $"care call: core customer (the next {Percent(policy.Analytics.CoreShare)} by value), {Every(policy.CareCallCore)}{LastCall(touch)}",
            PlanRule.CareCallFringe => $"care call: every customer is called at least {Every(policy.CareCallFringe).Replace("every ", "once every ", StringComparison.Ordinal)}{LastCall(touch)}",
            PlanRule.CheckInByPhone => $"check-in by phone, the only channel the customer allows for it, so that the silence never grows too long{LastCall(touch)}",
            PlanRule.CheckIn => $"check-in, just because, not a sale: a personal touch at least {Every(policy.CheckInAtLeast)}{Days(touch.Detail, "since the last personal touch")}",
            PlanRule.LongestSilence => $"check-in: the longest silence is {policy.LongestSilence}{Days(touch.Detail, "since the last touch")}",
            PlanRule.QuarterlySilence => $"check-in: the customer chose quarterly, so never more than {policy.QuarterlyLongestSilenceDays} days of silence{Days(touch.Detail, "since the last touch")}",
            PlanRule.YearlyMinimum => $"check-in: the customer chose yearly, and hears from us at least {Times(policy.YearlyAtLeast)} a year",
            PlanRule.Newsletter => $"the newsletter, {Every(policy.NewsletterEvery)} to customers who consented to e-mail",
            PlanRule.Offer => $"an offer, interspersed: at most one in {policy.OffersAtMostOneIn} touches{(policy.OffersTwoInARow ? string.Empty : ", never two in a row")}",
            PlanRule.Birthday => "birthday greeting",
            PlanRule.Anniversary => "anniversary greeting",
            PlanRule.HolidayGreeting => "holiday greeting, once a year",
            PlanRule.LoyaltyReward => $"loyalty reward: among the most frequent purchasers ({touch.Detail.ToString(CultureInfo.InvariantCulture)} purchase days in the last year)",
            PlanRule.Reply => $"reply to the customer: {EnumText.ToText(touch.Kind)}",
            PlanRule.Moment => $"{EnumText.ToText(touch.Kind)} for a lapsing customer: personal, not a sale",
            _ => EnumText.ToText(touch.Rule),
        };
        var channel = EnumText.ToText(touch.Channel);
        var by = touch.ChannelRank switch
        {
            PlannedTouch.OnlyChannel => $"by {channel}, the only channel open for it",
            PlannedTouch.NotListed => $"by {channel}, consented to though not listed as preferred",
            var rank => $"by {channel}, the customer's {ChannelChoice.Ordinal(rank)} choice",
        };
        return $"{why}; {by}";
    }

    /// <summary>Why a touch was held back: <c>offer on 2027-02-03 held back: two offers in a row</c>.</summary>
    public static string Describe(PlanInput input, HeldTouch held)
    {
        ArgumentNullException.ThrowIfNull(input);
        var customer = input.Customers[held.Customer];
        return held.HeldBy switch
        {
            PlanRule.NoConsent => Held(held, ChannelChoice.WhyNot(held.Kind, customer.Permissions)),
            PlanRule.NotWhileLapsing => Held(held, $"no sales offers while the customer is {EnumText.ToText(customer.Stage)}: they get care, not a pitch"),
            _ => Describe(input.Policy, held),
        };
    }

    /// <summary>Whether a held touch's sentence depends on the customer (their consent or stage), not only on the policy.</summary>
    public static bool DependsOnCustomer(HeldTouch held) => held.HeldBy is PlanRule.NoConsent or PlanRule.NotWhileLapsing;

    /// <summary>
    /// Why a touch was held back, from the policy alone. For the rules of
    /// <see cref="DependsOnCustomer"/>, the sentence for a customer of whom nothing is known
    /// (no consent on record, no stage).
    /// </summary>
    public static string Describe(ContactPolicy policy, HeldTouch held)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Held(held, held.HeldBy switch
        {
            PlanRule.NoConsent => ChannelChoice.WhyNot(held.Kind, Consent.ChannelPermissions.None),
            PlanRule.NotWhileLapsing => "no sales offers while the customer is lapsing or lost: they get care, not a pitch",
            PlanRule.CapTouches => $"already {policy.CapTouches} touches within {policy.CapWindowDays} days",
            PlanRule.CapCalls => $"already {Times(policy.CapCalls).Replace("time", "call", StringComparison.Ordinal)} within {policy.CapWindowDays} days",
            PlanRule.OffersInARow => "two offers in a row",
            PlanRule.OffersShare => $"more than one offer in {policy.OffersAtMostOneIn} touches",
            PlanRule.QuarterlyChoice => $"the customer chose quarterly: at most {policy.QuarterlyMostPerMonth} a month",
            PlanRule.YearlyChoice => $"the customer chose yearly: at most {policy.YearlyAtMost} a year",
            PlanRule.EssentialOnly => "the customer wants essential messages only",
            PlanRule.OfferSameDay => "an offer never shares its day with another touch",
            PlanRule.Capacity => "no free call slot at the branch before the call's window closed (see the capacity report)",
            _ => EnumText.ToText(held.HeldBy),
        });
    }

    /// <summary>Why no channel at all reaches a customer: <c>no consent on any channel</c>, <c>no contact at all: deceased</c>.</summary>
    public static string Unreachable(Consent.ChannelPermissions permissions) =>
        permissions.PermanentSuppression is { } permanent ? $"no contact at all: {EnumText.ToText(permanent)}" : "no consent on any channel";

    /// <summary>What the plan does for a customer as a whole, when that needs saying (essential only, unreachable).</summary>
    public static string? Summary(PlanInput input, int customer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = input.Customers[customer];
        if (!c.Permissions.AnyOpen)
        {
            return $"unreachable: {Unreachable(c.Permissions)}";
        }

        return c.Frequency == Customers.ContactFrequency.EssentialOnly
            ? "the customer asked for essential messages only: replies to their own actions, nothing planned"
            : null;
    }

    private static string Held(HeldTouch held, string because) => $"{KindName(held.Kind)} on {IsoTime.Format(held.Day)} held back: {because}";

    /// <summary>A kind of touch in words: <c>care call</c>.</summary>
    public static string KindName(TouchKind kind) => EnumText.ToText(kind).Replace('-', ' ');

    private static string LastCall(PlannedTouch touch) =>
        touch.Detail > 0 ? $"; last call {IsoTime.Format(DateOnly.FromDayNumber(touch.Detail))}" : "; no call in the last year";

    private static string Days(int days, string since) =>
        days > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {days} days {since}") : string.Empty;

    private static string Every(Interval interval) => interval.ToString() switch
    {
        "quarterly" or "monthly" or "yearly" or "weekly" => interval.ToString(),
        "twice a year" => "twice a year",
        var text => $"every {text}",
    };

    private static string Times(int count) => count switch
    {
        1 => "once",
        2 => "twice",
        _ => string.Create(CultureInfo.InvariantCulture, $"{count} times"),
    };

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#}%");
}
