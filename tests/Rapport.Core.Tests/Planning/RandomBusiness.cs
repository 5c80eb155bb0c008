using CsCheck;
using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests.Planning;

/// <summary>Random businesses, histories and policies for the planner's properties.</summary>
internal static class RandomBusiness
{
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();
    private static readonly string?[] Countries = ["GB", "FR", null];

    /// <summary>A whole planner input; <paramref name="ample"/> gives every branch staff with room to spare and no holidays.</summary>
    public static Gen<PlanInput> Input(bool ample = false) =>
        from asOf in Gen.Int[0, 900].Select(d => new DateOnly(2026, 1, 1).AddDays(d))
        from horizon in ample ? Gen.Const(365) : Gen.OneOf(Gen.Int[20, 120], Gen.Const(365), Gen.Int[300, 420])
        from policy in ample ? Gen.Const(ContactPolicy.Default) : Policy
        from branchCount in Gen.Int[1, 3]
        from staff in Staff(branchCount, ample).Array[ample ? branchCount : 0, 6]
        from customers in Customer(branchCount, asOf).Array[1, 40]
        from holidays in ample ? Gen.Const(Array.Empty<PublicHoliday>()) : Holidays(asOf).Array[0, 6]
        select new PlanInput(
            customers.Select((c, i) => c(i, staff)).ToArray(),
            Enumerable.Range(0, branchCount).Select(b => new Branch($"B{b}", $"Branch {b}") { Location = new GeoPoint(50 + b, -1 + b) }).ToArray(),
            DistinctIds(ample ? EnsureEveryBranch(staff, branchCount) : staff),
            policy,
            PublicHolidays.From(holidays),
            asOf,
            horizon);

    private static Gen<ContactPolicy> Policy =>
        from silenceWeeks in Gen.Int[4, 10]
        from capTouches in Gen.Int[2, 6]
        from capCalls in Gen.Int[1, 2]
        from oneIn in Gen.Int[2, 4]
        from opens in Gen.Int[7, 10]
        from closes in Gen.Int[15, 20]
        from minutes in Gen.Int[5, 30]
        from weekend in Gen.Bool
        from quarterlyMost in Gen.Int[1, 2]
        from yearlyMost in Gen.Int[1, 3]
        select ContactPolicy.Default with
        {
            LongestSilence = new Interval(silenceWeeks, IntervalUnit.Weeks),
            CapTouches = capTouches,
            CapCalls = capCalls,
            OffersAtMostOneIn = oneIn,
            CallsFrom = new TimeOnly(opens, 0),
            CallsUntil = new TimeOnly(closes, 30),
            MinutesPerCall = minutes,
            CallDays = weekend ? WorkingWeek.Of(Enum.GetValues<DayOfWeek>()) : WorkingWeek.MondayToFriday,
            QuarterlyMostPerMonth = quarterlyMost,
            YearlyAtMost = yearlyMost,
            YearlyAtLeast = 1,
        };

    private static Gen<StaffMember> Staff(int branchCount, bool ample) =>
        from id in Gen.Int[0, 20]
        from branch in Gen.Int[0, branchCount - 1]
        from calls in ample ? Gen.Int[40, 60] : Gen.Int[0, 8]
        from days in ample ? Gen.Const(127) : Gen.Int[1, 127]
        select new StaffMember($"S{id}", $"Staff {id}", $"B{branch}")
        {
            CallsPerDay = calls,
            WorkingDays = WorkingWeek.Of(Enum.GetValues<DayOfWeek>().Where(d => (days & (1 << (int)d)) != 0).ToArray()),
        };

    private static StaffMember[] EnsureEveryBranch(StaffMember[] staff, int branchCount) =>
        staff.Concat(Enumerable.Range(0, branchCount).Select(b => new StaffMember($"X{b}", $"Extra {b}", $"B{b}") { CallsPerDay = 60 })).ToArray();

    private static StaffMember[] DistinctIds(StaffMember[] staff) => staff.DistinctBy(s => s.Id).ToArray();

    private static Gen<PublicHoliday> Holidays(DateOnly asOf) =>
        from day in Gen.Int[0, 120]
        from country in Gen.OneOf("GB", "FR", "*")
        select new PublicHoliday(country, asOf.AddDays(day), "holiday");

    private static Gen<Func<int, StaffMember[], PlanCustomer>> Customer(int branchCount, DateOnly asOf) =>
        from tier in Gen.Enum<ValueTier>()
        from stage in Gen.Enum<LifecycleStage>()
        from consent in Gen.Int[0, 4].Array[5]
        from preferred in Gen.Int[0, 4].Array[0, 5]
        from frequency in Gen.Int[0, 7]
        from birthday in Gen.Int[-1, 365]
        from anniversary in Gen.Int[-1, 365]
        from country in Gen.Int[0, 2]
        from home in Gen.Int[-1, branchCount - 1]
        from located in Gen.Bool
        from manager in Gen.Int[-1, 6]
        from purchaseDays in Gen.Int[0, 30]
        from history in Booked(asOf, past: true).Array[0, 8]
        from replies in Booked(asOf, past: false).Array[0, 2]
        select new Func<int, StaffMember[], PlanCustomer>((index, staff) => new PlanCustomer
        {
            Id = $"C{index:000}",
            Tier = tier,
            Stage = stage,
            Permissions = Permissions(consent),
            PreferredChannels = preferred.Select(p => Channels[p]).Distinct().ToArray(),
            Frequency = frequency switch
            {
                0 => ContactFrequency.Weekly,
                1 => ContactFrequency.Monthly,
                2 => ContactFrequency.Quarterly,
                3 => ContactFrequency.Yearly,
                4 => ContactFrequency.EssentialOnly,
                _ => null,
            },
            BirthDate = birthday < 0 ? null : new DateOnly(1970, 1, 1).AddDays(birthday),
            AnniversaryDate = anniversary < 0 ? null : new DateOnly(2000, 1, 1).AddDays(anniversary),
            Country = Countries[country],
            HomeBranchId = home < 0 ? null : $"B{home}",
            Location = located ? new GeoPoint(50.2 + index % 3, -0.8 + index % 2) : null,
            AccountManagerId = manager < 0 || staff.Length == 0 ? null : staff[manager % staff.Length].Id,
            PurchaseDaysLastYear = purchaseDays,
            Booked = history.Concat(replies).OrderBy(b => b.Day).ToArray(),
        });

    private static Gen<BookedTouch> Booked(DateOnly asOf, bool past) =>
        from day in past ? Gen.Int[-300, -1] : Gen.Int[0, 60]
        from kind in past ? Gen.OneOf(TouchKind.CheckIn, TouchKind.CareCall, TouchKind.Offer, TouchKind.Newsletter, TouchKind.Reward) : Gen.OneOf(TouchKind.ThankYou, TouchKind.Acknowledgement)
        from channel in Gen.Enum<Channel>()
        select new BookedTouch(asOf.AddDays(day), kind, kind == TouchKind.CareCall ? Channel.Phone : channel, !past);

    private static ChannelPermissions Permissions(int[] codes)
    {
        var permissions = ChannelPermissions.None;
        for (var i = 0; i < codes.Length; i++)
        {
            permissions = codes[i] switch
            {
                0 => permissions,
                1 or 2 => permissions.With(Channels[i], ConsentStatus.Granted),
                3 => permissions.With(Channels[i], ConsentStatus.Withdrawn),
                _ => permissions.With(Channels[i], ConsentStatus.Withdrawn, i == 2 ? SuppressionReason.DoNotCall : SuppressionReason.Unsubscribed),
            };
        }

        return permissions;
    }
}
