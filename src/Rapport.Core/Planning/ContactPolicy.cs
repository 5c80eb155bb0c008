using Rapport.Core.Analytics;
using Rapport.Core.Organisation;

namespace Rapport.Core.Planning;

/// <summary>
/// The rules that turn customers, consents and history into a contact plan (SPEC section 4).
/// Every number is a setting of the policy file (<see cref="PolicyFile"/>); the defaults encode
/// the seeds' advice.
/// </summary>
public sealed record ContactPolicy
{
    /// <summary>The defaults.</summary>
    public static ContactPolicy Default { get; } = new();

    /// <summary>Longest silence for a customer who wants to hear from us: 8 weeks (S0 comment: 7–9 weeks).</summary>
    public Interval LongestSilence { get; init; } = new(8, IntervalUnit.Weeks);

    /// <summary>A "just because" check-in at least this often: quarterly (S0 #3, S3).</summary>
    public Interval CheckInAtLeast { get; init; } = new(3, IntervalUnit.Months);

    /// <summary>The newsletter to e-mail subscribers: monthly (S1 #1).</summary>
    public Interval NewsletterEvery { get; init; } = new(1, IntervalUnit.Months);

    /// <summary>Care calls to key customers (top 20% by value): quarterly (S4).</summary>
    public Interval CareCallKey { get; init; } = new(3, IntervalUnit.Months);

    /// <summary>Care calls to core customers (next 30%): twice a year (S4).</summary>
    public Interval CareCallCore { get; init; } = new(6, IntervalUnit.Months);

    /// <summary>Care calls to everyone else: once a year (S4: "every customer has a minimum of one call").</summary>
    public Interval CareCallFringe { get; init; } = new(1, IntervalUnit.Years);

    /// <summary>Offers are at most one in this many outbound touches: 3 (S0 #3, S3).</summary>
    public int OffersAtMostOneIn { get; init; } = 3;

    /// <summary>An up-sell or cross-sell offer is considered this often, for customers who are buying: quarterly (S0 #3).</summary>
    public Interval OffersEvery { get; init; } = new(3, IntervalUnit.Months);

    /// <summary>Whether two offers may follow each other: no (S0 #3).</summary>
    public bool OffersTwoInARow { get; init; }

    /// <summary>The window of the frequency caps: 30 days (S2).</summary>
    public int CapWindowDays { get; init; } = 30;

    /// <summary>Most outbound touches in any window: 4 (S2: never junk).</summary>
    public int CapTouches { get; init; } = 4;

    /// <summary>Most calls in any window: 1 (S2).</summary>
    public int CapCalls { get; init; } = 1;

    /// <summary>Calls start no earlier than this, in the customer's time zone: 09:00 (S2).</summary>
    public TimeOnly CallsFrom { get; init; } = new(9, 0);

    /// <summary>Calls end no later than this, in the customer's time zone: 18:00 (S2).</summary>
    public TimeOnly CallsUntil { get; init; } = new(18, 0);

    /// <summary>The days customers may be called: weekdays (S2: no calls at weekends).</summary>
    public WorkingWeek CallDays { get; init; } = WorkingWeek.MondayToFriday;

    /// <summary>Minutes a call takes, for capacity and the shortfall report: 10.</summary>
    public int MinutesPerCall { get; init; } = 10;

    /// <summary>Calls a day for staff whose record gives no capacity: 20.</summary>
    public int DefaultCallsPerDay { get; init; } = 20;

    /// <summary>The day of the yearly holiday greeting: 15 December.</summary>
    public MonthDay HolidayGreetingOn { get; init; } = new(12, 15);

    /// <summary>Thank-you after a purchase within this many days: 2 (S3).</summary>
    public int ThankYouWithinDays { get; init; } = 2;

    /// <summary>Welcome kit within this many days of the first purchase, after the thank-you: 7 (S3).</summary>
    public int WelcomeKitWithinDays { get; init; } = 7;

    /// <summary>Acknowledgement of correspondence within this many working days: 2 (S1 #2).</summary>
    public int AcknowledgeWithinWorkingDays { get; init; } = 2;

    /// <summary>A survey per segment this often: quarterly (S1 #6).</summary>
    public Interval SurveyEvery { get; init; } = new(3, IntervalUnit.Months);

    /// <summary>Most questions in a survey: 5 (S1 #6).</summary>
    public int SurveyMaxQuestions { get; init; } = 5;

    /// <summary>A customer is surveyed at most once in this many days: 90 (S1 #6).</summary>
    public int SurveyCustomerAtMostEveryDays { get; init; } = 90;

    /// <summary>The loyalty reward for the most frequent purchasers: yearly (S1 #8).</summary>
    public Interval RewardEvery { get; init; } = new(1, IntervalUnit.Years);

    /// <summary>The share of buying customers, by purchase days in the last year, who get the reward: 0.05.</summary>
    public double RewardTopShare { get; init; } = 0.05;

    /// <summary>What the loyalty reward is: a gift, or an invitation to the advisory board (S1 #8).</summary>
    public LoyaltyRewardKind RewardKind { get; init; } = LoyaltyRewardKind.AdvisoryBoard;

    /// <summary>The share of each campaign held out at random to measure lift: 0.05 (S2 #4).</summary>
    public double HoldOutShare { get; init; } = 0.05;

    /// <summary>A customer who chose "quarterly" gets at most this many touches a month: 1 (SPEC 4).</summary>
    public int QuarterlyMostPerMonth { get; init; } = 1;

    /// <summary>…and never more than this many days of silence: 92 (SPEC 4).</summary>
    public int QuarterlyLongestSilenceDays { get; init; } = 92;

    /// <summary>A customer who chose "yearly" gets at least this many touches a year: 1 (SPEC 4).</summary>
    public int YearlyAtLeast { get; init; } = 1;

    /// <summary>…and at most this many: 2 (SPEC 4).</summary>
    public int YearlyAtMost { get; init; } = 2;

    /// <summary>Tiers, stages and warnings.</summary>
    public AnalyticsPolicy Analytics { get; init; } = AnalyticsPolicy.Default;

    /// <summary>A CSV file of public holidays (country, date, name), relative to the policy file; no calls on those days.</summary>
    public string? HolidaysFile { get; init; }
}

/// <summary>What the yearly loyalty reward for the most frequent purchasers is (S1 #8).</summary>
public enum LoyaltyRewardKind
{
    /// <summary>A gift product, <c>gift</c>.</summary>
    Gift,

    /// <summary>An invitation to the customers' advisory board, <c>advisory-board</c>.</summary>
    AdvisoryBoard,
}
