using System.Diagnostics;
using System.Globalization;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;

namespace Rapport.Bench;

/// <summary>
/// Times the message renderer on varied touches: every kind on every channel it can go by, with the
/// shipped templates, customers with more or less on record, first, returning and long-time buyers,
/// a few families with young children and French speakers. Prints tab-separated lines: step,
/// seconds, note.
/// </summary>
internal static class RenderBench
{
    private static readonly DateOnly Day = new(2026, 11, 23);

    private static readonly string[] FirstNames = ["Jane", "Tom", "Priya", "Oluwaseun", "Zoë", "Sam", "Mairead", "Wei"];

    private static readonly string[] Products = ["oak dining table", "wool rug", "reading lamp", "garden bench", "linen curtains"];

    public static int Run(int count)
    {
        var clock = Stopwatch.StartNew();
        var library = TemplateLibrary.Defaults;
        var renderer = new TemplateRenderer(library);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load templates\t{clock.Elapsed.TotalSeconds:0.000}\t{library.Templates.Count} templates, {library.Errors.Count} errors"));

        var touches = Touches(count, new Random(1));
        GC.Collect();
        Step("render", () => Parallel.For(0, touches.Length, i => renderer.Render(touches[i])));
        Step("render again", () => Parallel.For(0, touches.Length, i => renderer.Render(touches[i])));
        Step("render again, one thread", () =>
        {
            foreach (var touch in touches)
            {
                renderer.Render(touch);
            }
        });

        var rendered = 0;
        var characters = 0L;
        foreach (var touch in touches)
        {
            if (renderer.Render(touch) is { IsRendered: true, Message: var message })
            {
                rendered++;
                characters += message.Text.Length + (message.Html?.Length ?? 0);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outcome\t\t{rendered:N0} rendered, {count - rendered:N0} failed closed (welcome kits without an account manager, e-mails without a name), {characters / Math.Max(rendered, 1):N0} characters a message with its HTML"));
        return 0;

        void Step(string name, Action render)
        {
            clock.Restart();
            render();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{seconds:0.000}\t{count:N0} messages, {count / seconds:N0} a second"));
        }
    }

    private static MessageFacts[] Touches(int count, Random random)
    {
        var kindsAndChannels = (
            from kind in Enum.GetValues<TouchKind>()
            where !kind.IsInboundOnly()
            from channel in ChannelChoice.SuitableFor(kind)
            select (kind, channel)).ToArray();
        var inbound = new[] { TouchKind.Suggestion, TouchKind.Compliment, TouchKind.Complaint, TouchKind.Correspondence };
        var touches = new MessageFacts[count];
        for (var i = 0; i < count; i++)
        {
            var (kind, channel) = kindsAndChannels[i % kindsAndChannels.Length];
            var full = random.NextDouble() < 0.7;
            var since = Day.AddDays(-random.Next(0, 4000));
            var orders = random.Next(1, 40);
            touches[i] = new MessageFacts
            {
                TouchKey = string.Create(CultureInfo.InvariantCulture, $"bench:{i}"),
                Kind = kind,
                Channel = channel,
                Day = Day.AddDays(random.Next(0, 365)),
                CustomerId = string.Create(CultureInfo.InvariantCulture, $"C-{i}"),
                FirstName = random.NextDouble() < 0.995 ? FirstNames[random.Next(FirstNames.Length)] : null,
                LastName = full ? "Doe" : null,
                Company = random.NextDouble() < 0.1 ? "Doe Interiors Ltd" : null,
                Language = random.NextDouble() < 0.05 ? "fr-ca" : "en-gb",
                Tags = random.NextDouble() < 0.2 ? ["dog-owners", "young-children"] : [],
                Email = "customer@example.com",
                Phone = full ? "+44 113 496 0000" : null,
                Street = full ? "12 Mill Lane" : null,
                City = full ? "Leeds" : null,
                Postcode = full ? "LS1 4AB" : null,
                CustomerSince = full ? since : null,
                OrderCount = orders,
                LastProduct = full ? Products[random.Next(Products.Length)] : null,
                LastPurchase = full ? Day.AddDays(-random.Next(0, 300)) : null,
                Relationship = orders == 1 ? Relationship.First : since < Day.AddYears(-3) ? Relationship.LongTime : Relationship.Returning,
                Stage = full ? "active" : null,
                Tier = full ? "core" : null,
                AccountManager = full ? new PersonFacts("Priya Shah", "+44 113 496 0123", "priya.shah@example.com") : null,
                Branch = full ? new BranchFacts("LDS", "Leeds Kirkgate", "+44 113 496 0100", "leeds@example.com", "3 Kirkgate, Leeds LS2 7DJ") : null,
                Moment = kind switch
                {
                    TouchKind.Acknowledgement => new MomentFacts("in", InboundKind: inbound[random.Next(inbound.Length)], InboundNote: "The delivery was late."),
                    TouchKind.ReferralThanks => new MomentFacts("referral", ReferredName: "Tom Baker"),
                    TouchKind.Reward => new MomentFacts("reward", RewardChoice: random.NextDouble() < 0.5 ? "gift" : "advisory-board"),
                    TouchKind.CareCall when random.NextDouble() < 0.3 => new MomentFacts("warning", Warning: "no purchase for 14 months, twice their usual interval"),
                    TouchKind.ThankYou or TouchKind.WelcomeKit => new MomentFacts("purchase", Product: Products[random.Next(Products.Length)], LineOfBusiness: "furniture"),
                    _ => null,
                },
                PreferencesUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://rapport.example.com/p/{i:x8}")),
            };
        }

        return touches;
    }
}
