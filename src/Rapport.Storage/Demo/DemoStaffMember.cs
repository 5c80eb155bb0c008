using Rapport.Core.Organisation;

namespace Rapport.Storage.Demo;

/// <summary>A member of the demo business's staff.</summary>
internal sealed record DemoStaffMember(string Id, string Name, int Branch, StaffRole Role, string Phone, string Email, int CallsPerDay, string WorkingDays)
{
    private const ulong StaffSalt = 0x5354_4146_46UL;

    /// <summary>Three to six people per store, the first its manager, and an administrator at head office.</summary>
    public static IReadOnlyList<DemoStaffMember> Hire(int seed)
    {
        var random = new DemoRandom(seed, 0, StaffSalt);
        var staff = new List<DemoStaffMember>();
        var emails = new HashSet<string>(StringComparer.Ordinal);
        for (var branch = 0; branch < DemoCatalogue.Branches.Length; branch++)
        {
            var people = 3 + random.Next(4);
            for (var k = 0; k < people; k++)
            {
                var role = k == 0 ? StaffRole.Manager : StaffRole.Staff;
                staff.Add(Member(ref random, staff.Count, branch, role, emails));
            }

            if (branch == 0)
            {
                staff.Add(Member(ref random, staff.Count, branch, StaffRole.Admin, emails));
            }
        }

        return staff;
    }

    private static DemoStaffMember Member(ref DemoRandom random, int index, int branch, StaffRole role, HashSet<string> emails)
    {
        var origin = DemoCatalogue.Origins[random.Pick(DemoCatalogue.OriginWeights)];
        var first = origin.FirstNames[random.Next(origin.FirstNames.Length)];
        var last = origin.LastNames[random.Next(origin.LastNames.Length)];
        var email = string.Concat(first.Folded, ".", last.Folded, "@example.com");
        if (!emails.Add(email))
        {
            email = string.Concat(first.Folded, ".", last.Folded, DemoText.Integer(index + 1), "@example.com");
            emails.Add(email);
        }

        var partTime = role == StaffRole.Staff && random.Chance(0.25);
        var calls = role switch
        {
            StaffRole.Manager => random.Next(15, 26),
            StaffRole.Admin => random.Next(15, 21),
            _ when partTime => random.Next(15, 21),
            _ => random.Next(20, 41),
        };
        var week = partTime
            ? DemoCatalogue.PartTimeWeeks[random.Next(DemoCatalogue.PartTimeWeeks.Length)]
            : role == StaffRole.Staff ? DemoCatalogue.FullTimeWeeks[random.Next(DemoCatalogue.FullTimeWeeks.Length)] : DemoCatalogue.FullTimeWeeks[0];

        // 555-0100 to 555-0199 are the numbers reserved for fiction; the store itself has 0100.
        return new DemoStaffMember(
            DemoText.Id('S', index + 1, 3),
            string.Concat(first.Text, " ", last.Text),
            branch,
            role,
            DemoText.Phone(DemoCatalogue.Branches[branch].AreaCodes[0], 101 + index),
            email,
            calls,
            week);
    }
}
