using System.Runtime.InteropServices;
using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>A touch that is already fixed: one made before the plan starts, or a reply that must go (thank-you, acknowledgement…).</summary>
/// <param name="Day">The day, in the customer's calendar.</param>
/// <param name="Kind">The kind of touch.</param>
/// <param name="Channel">The channel.</param>
/// <param name="IsReply">A reply to the customer's own action: never held back by caps or frequency, but counted by them.</param>
/// <param name="Lead">For a touch a moment triggered (in the plan's future): how many days before <paramref name="Day"/> its window opens; <paramref name="Day"/> is the last day it may go.</param>
public readonly record struct BookedTouch(DateOnly Day, TouchKind Kind, Channel Channel, bool IsReply = false, byte Lead = 0);

/// <summary>What the planner knows about one customer: a compact, read-only snapshot.</summary>
public sealed record PlanCustomer
{
    /// <summary>The business's own id.</summary>
    public required string Id { get; init; }

    /// <summary>Value tier (S4).</summary>
    public ValueTier Tier { get; init; }

    /// <summary>Lifecycle stage (S0, S3).</summary>
    public LifecycleStage Stage { get; init; }

    /// <summary>What the customer allows, per channel.</summary>
    public ChannelPermissions Permissions { get; init; }

    /// <summary>The customer's channels, most preferred first.</summary>
    public IReadOnlyList<Channel> PreferredChannels { get; init; } = [];

    /// <summary>How often the customer wants to hear from us; <see langword="null"/>: the defaults.</summary>
    public ContactFrequency? Frequency { get; init; }

    /// <summary>Date of birth, for the birthday greeting.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Anniversary, for the anniversary greeting.</summary>
    public DateOnly? AnniversaryDate { get; init; }

    /// <summary>The country of the postal address, for public holidays.</summary>
    public string? Country { get; init; }

    /// <summary>The home branch, if the business set one.</summary>
    public string? HomeBranchId { get; init; }

    /// <summary>Where the customer lives, for the nearest branch.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>The account manager, if any.</summary>
    public string? AccountManagerId { get; init; }

    /// <summary>The last purchase day, if any.</summary>
    public DateOnly? LastPurchase { get; init; }

    /// <summary>Days with a purchase in the year before the as-of date, for the loyalty reward.</summary>
    public int PurchaseDaysLastYear { get; init; }

    /// <summary>Outbound touches already made (the last year is enough) and replies already fixed, in day order.</summary>
    public ReadOnlyMemory<BookedTouch> Booked { get; init; }
}

/// <summary>Everything the planner needs.</summary>
/// <param name="Customers">The customers, in any order; the plan refers to them by index into this list.</param>
/// <param name="Branches">The branches.</param>
/// <param name="Staff">The staff.</param>
/// <param name="Policy">The contact policy.</param>
/// <param name="Holidays">Public holidays: no calls on them.</param>
/// <param name="AsOf">The first day of the plan.</param>
/// <param name="HorizonDays">How many days the plan covers, the as-of day included.</param>
public sealed record PlanInput(
    IReadOnlyList<PlanCustomer> Customers,
    IReadOnlyList<Branch> Branches,
    IReadOnlyList<StaffMember> Staff,
    ContactPolicy Policy,
    PublicHolidays Holidays,
    DateOnly AsOf,
    int HorizonDays = 365);

/// <summary>The rule that put a touch in the plan or held it back. Stored as a number: append, never reorder.</summary>
public enum PlanRule : byte
{
    /// <summary>Care call for a key customer (S4).</summary>
    CareCallKey,

    /// <summary>Care call for a core customer (S4).</summary>
    CareCallCore,

    /// <summary>Care call for a fringe customer (S4).</summary>
    CareCallFringe,

    /// <summary>A check-in by phone, the only channel the customer allows for it.</summary>
    CheckInByPhone,

    /// <summary>The quarterly "just because" check-in (S0 #3, S3).</summary>
    CheckIn,

    /// <summary>The longest-silence rule (S0).</summary>
    LongestSilence,

    /// <summary>The monthly newsletter (S1 #1).</summary>
    Newsletter,

    /// <summary>An offer, interspersed (S0 #3).</summary>
    Offer,

    /// <summary>Birthday greeting.</summary>
    Birthday,

    /// <summary>Anniversary greeting.</summary>
    Anniversary,

    /// <summary>Holiday greeting.</summary>
    HolidayGreeting,

    /// <summary>Yearly loyalty reward for the most frequent purchasers (S1 #8).</summary>
    LoyaltyReward,

    /// <summary>The "quarterly" choice: never more than its longest silence.</summary>
    QuarterlySilence,

    /// <summary>The "yearly" choice: at least its minimum a year.</summary>
    YearlyMinimum,

    /// <summary>A reply to the customer's own action, fixed before planning.</summary>
    Reply,

    /// <summary>Held back: no consented channel suits the kind.</summary>
    NoConsent,

    /// <summary>Held back: too many touches in the cap window.</summary>
    CapTouches,

    /// <summary>Held back: too many calls in the cap window.</summary>
    CapCalls,

    /// <summary>Held back: two offers in a row.</summary>
    OffersInARow,

    /// <summary>Held back: more than one offer in the policy's run of touches.</summary>
    OffersShare,

    /// <summary>Held back: the customer chose "quarterly" (at most one a month).</summary>
    QuarterlyChoice,

    /// <summary>Held back: the customer chose "yearly".</summary>
    YearlyChoice,

    /// <summary>Held back: the customer wants essential messages only.</summary>
    EssentialOnly,

    /// <summary>Held back: no staff capacity within the call's window.</summary>
    Capacity,

    /// <summary>Held back: the customer is lapsing or lost, so no sales touch.</summary>
    NotWhileLapsing,

    /// <summary>Held back: an offer never shares its day with another touch.</summary>
    OfferSameDay,

    /// <summary>A touch a moment triggered that is not a reply (the lapsing customer's personal call): planned around the caps.</summary>
    Moment,
}

/// <summary>One planned touch, compact: the reason is written out from the rule when shown.</summary>
/// <param name="Customer">Index into <see cref="PlanInput.Customers"/>.</param>
/// <param name="Day">The day, in the customer's calendar.</param>
/// <param name="StartMinute">For calls, the local start as minutes after midnight in the customer's time zone; otherwise -1.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Staff">For calls, index into <see cref="PlanInput.Staff"/>; otherwise -1.</param>
/// <param name="Branch">Index into <see cref="PlanInput.Branches"/> of the owning branch.</param>
/// <param name="Rule">The rule that put it there.</param>
/// <param name="Detail">A number the reason quotes: the days of silence it ends, the previous call's day number…; 0 when none.</param>
/// <param name="ChannelRank">Where the channel stands in the customer's preferences: 0 for the first choice, up to 4; <see cref="PlannedTouch.NotListed"/> when consented to though not listed; <see cref="PlannedTouch.OnlyChannel"/> for a check-in by phone, the only channel open.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct PlannedTouch(int Customer, DateOnly Day, short StartMinute, Channel Channel, TouchKind Kind, short Staff, short Branch, PlanRule Rule, int Detail, byte ChannelRank)
{
    /// <summary><see cref="ChannelRank"/> of a channel consented to though not in the customer's list.</summary>
    public const byte NotListed = 5;

    /// <summary><see cref="ChannelRank"/> of a check-in by phone because no other channel is open.</summary>
    public const byte OnlyChannel = 6;

    /// <summary>Whether this is a call.</summary>
    public bool IsCall => StartMinute >= 0;
}

/// <summary>A touch the rules called for and another rule held back.</summary>
/// <param name="Customer">Index into <see cref="PlanInput.Customers"/>.</param>
/// <param name="Day">The day it would have had.</param>
/// <param name="Kind">The kind.</param>
/// <param name="WantedBy">The rule that called for it.</param>
/// <param name="HeldBy">The rule that held it back.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct HeldTouch(int Customer, DateOnly Day, TouchKind Kind, PlanRule WantedBy, PlanRule HeldBy);

/// <summary>A customer the plan cannot reach at all, and why.</summary>
/// <param name="Customer">Index into <see cref="PlanInput.Customers"/>.</param>
/// <param name="Why">Why, in words.</param>
public readonly record struct UnreachableCustomer(int Customer, string Why);

/// <summary>One branch's calls in one week (Monday to Sunday), against its capacity.</summary>
/// <param name="BranchId">The branch.</param>
/// <param name="WeekStart">The Monday.</param>
/// <param name="Capacity">Calls the branch's staff can make that week.</param>
/// <param name="Planned">Calls planned that week.</param>
/// <param name="Missing">Calls whose window ended that week without a free slot.</param>
/// <param name="MinutesPerCall">Minutes a call takes.</param>
public sealed record CapacityWeek(string BranchId, DateOnly WeekStart, int Capacity, int Planned, int Missing, int MinutesPerCall)
{
    /// <summary>Staff hours missing that week.</summary>
    public double HoursMissing => Missing * MinutesPerCall / 60.0;
}

/// <summary>The plan: every touch, the touches held back, who cannot be reached and the capacity report.</summary>
/// <param name="Input">What the plan was made from.</param>
/// <param name="Touches">Planned touches, ordered by customer index, then day, then kind.</param>
/// <param name="Held">Touches held back, in the same order.</param>
/// <param name="Unreachable">Customers no touch can reach, by index.</param>
/// <param name="Owners">The owning branch of each customer (index into <see cref="PlanInput.Branches"/>, -1 for none).</param>
/// <param name="Capacity">Calls against capacity per branch and week, ordered by branch and week.</param>
public sealed record Plan(
    PlanInput Input,
    PlannedTouch[] Touches,
    HeldTouch[] Held,
    UnreachableCustomer[] Unreachable,
    short[] Owners,
    IReadOnlyList<CapacityWeek> Capacity)
{
    /// <summary>The last day of the plan.</summary>
    public DateOnly LastDay => Input.AsOf.AddDays(Input.HorizonDays - 1);

    /// <summary>Calls missing over the whole plan.</summary>
    public int CallsMissing => Capacity.Sum(w => w.Missing);
}
