using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
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
        foreach (var t in touches)
        {
            Console.WriteLine($"{t.Day} {t.Kind} {t.Channel} {PlanReasons.Describe(plan.Input.Policy, t)}");
        }

        foreach (var h in plan.Held)
        {
            Console.WriteLine(PlanReasons.Describe(plan.Input, h));
        }
    }

    internal static PlanInput Input(IReadOnlyList<PlanCustomer> customers, int callsPerDay = 20) => new(
        customers,
        [new Branch("B1", "North") { Location = new GeoPoint(51.5, -0.1) }, new Branch("B2", "South") { Location = new GeoPoint(50.8, -1.1) }],
        [new StaffMember("S1", "Ann", "B1") { CallsPerDay = callsPerDay }, new StaffMember("S2", "Bob", "B2") { CallsPerDay = callsPerDay }],
        ContactPolicy.Default,
        PublicHolidays.None,
        AsOf);
}
