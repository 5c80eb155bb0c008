using System.Diagnostics;
using System.Globalization;
using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Bench;

/// <summary>
/// Times the planner alone on a synthetic business held in memory: customers with the shares of
/// tiers, consents, preferences and histories of the demo business, 20 branches of 5 staff.
/// Prints tab-separated lines: step, seconds, note.
/// </summary>
internal static class PlannerBench
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    public static int Run(int customers)
    {
        var clock = Stopwatch.StartNew();
        var input = Business(customers, new Random(1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"build input\t{clock.Elapsed.TotalSeconds:0.000}\t{customers:N0} customers, {input.Staff.Count} staff in {input.Branches.Count} branches; a planned touch takes {System.Runtime.CompilerServices.Unsafe.SizeOf<PlannedTouch>()} bytes"));
        GC.Collect();
        clock.Restart();
        var marks = new List<string>();
        var plan = Planner.Make(input, new Marks(clock, marks));
        Console.Error.WriteLine(string.Join(" ", marks));
        var seconds = clock.Elapsed.TotalSeconds;
        var calls = plan.Touches.Count(t => t.IsCall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan\t{seconds:0.000}\t{plan.Touches.Length:N0} touches ({calls:N0} calls), {plan.Held.Length:N0} held back, {plan.Unreachable.Length:N0} unreachable, {plan.CallsMissing:N0} calls missing"));
        clock.Restart();
        var again = Planner.Make(input);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan again\t{clock.Elapsed.TotalSeconds:0.000}\tsame plan: {again.Touches.AsSpan().SequenceEqual(plan.Touches)}"));
        return 0;
    }

    private sealed class Marks(Stopwatch clock, List<string> marks) : IProgress<double>
    {
        public void Report(double value)
        {
            if (value is 0.2 or 0.4 or 1)
            {
                marks.Add(string.Create(CultureInfo.InvariantCulture, $"{value}@{clock.Elapsed.TotalSeconds:0.00}"));
            }
        }
    }

    private static PlanInput Business(int count, Random random)
    {
        var branches = Enumerable.Range(0, 20).Select(b => new Branch($"B{b:00}", $"Branch {b}") { Location = new GeoPoint(50 + (b % 5), -4 + (b / 5)) }).ToArray();
        var staff = branches.SelectMany(b => Enumerable.Range(0, 5).Select(s => new StaffMember($"{b.Id}-S{s}", $"Staff {s}", b.Id) { CallsPerDay = 40 })).ToArray();
        var orders = new[]
        {
            new[] { Channel.Email, Channel.Phone }, new[] { Channel.Phone, Channel.Email }, new[] { Channel.Email },
            new[] { Channel.Print, Channel.Email }, new[] { Channel.Sms, Channel.Email, Channel.Phone }, Array.Empty<Channel>(),
        };
        var countries = new[] { "GB", "IE", "FR" };
        var kinds = new[] { TouchKind.Newsletter, TouchKind.CheckIn, TouchKind.CareCall, TouchKind.Offer, TouchKind.ThankYou };
        var customers = new PlanCustomer[count];
        for (var i = 0; i < count; i++)
        {
            var tierDraw = random.NextDouble();
            var permissions = ChannelPermissions.None;
            foreach (var (channel, share) in new[] { (Channel.Email, 0.7), (Channel.Phone, 0.6), (Channel.Print, 0.4), (Channel.Sms, 0.3), (Channel.Social, 0.15) })
            {
                if (random.NextDouble() < share)
                {
                    permissions = permissions.With(channel, ConsentStatus.Granted);
                }
            }

            var history = new BookedTouch[random.Next(0, 7)];
            for (var h = 0; h < history.Length; h++)
            {
                var kind = kinds[random.Next(kinds.Length)];
                history[h] = new BookedTouch(AsOf.AddDays(-random.Next(1, 400)), kind, kind == TouchKind.CareCall ? Channel.Phone : Channel.Email);
            }

            Array.Sort(history, (a, b) => a.Day.CompareTo(b.Day));
            var frequencyDraw = random.NextDouble();
            customers[i] = new PlanCustomer
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"C{i:0000000}"),
                Tier = tierDraw < 0.2 ? ValueTier.Key : tierDraw < 0.5 ? ValueTier.Core : ValueTier.Fringe,
                Stage = (LifecycleStage)random.Next(0, 7),
                Permissions = permissions,
                PreferredChannels = orders[random.Next(orders.Length)],
                Frequency = frequencyDraw switch
                {
                    < 0.08 => ContactFrequency.Quarterly,
                    < 0.13 => ContactFrequency.Yearly,
                    < 0.17 => ContactFrequency.Monthly,
                    < 0.20 => ContactFrequency.EssentialOnly,
                    _ => null,
                },
                BirthDate = random.NextDouble() < 0.6 ? new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000)) : null,
                AnniversaryDate = random.NextDouble() < 0.2 ? new DateOnly(2000, 1, 1).AddDays(random.Next(0, 9000)) : null,
                Country = countries[random.Next(countries.Length)],
                Location = new GeoPoint(49 + (random.NextDouble() * 7), -5 + (random.NextDouble() * 5)),
                HomeBranchId = random.NextDouble() < 0.3 ? branches[random.Next(branches.Length)].Id : null,
                AccountManagerId = tierDraw < 0.05 ? staff[random.Next(staff.Length)].Id : null,
                PurchaseDaysLastYear = random.Next(0, 12),
                Booked = history,
            };
        }

        return new PlanInput(customers, branches, staff, ContactPolicy.Default, PublicHolidays.None, AsOf);
    }
}
