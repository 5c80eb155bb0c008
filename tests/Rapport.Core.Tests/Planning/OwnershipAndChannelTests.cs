using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests.Planning;

public sealed class OwnershipAndChannelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly Ownership Branches = new(
    [
        new Branch("B-SEA", "Seattle") { Location = new GeoPoint(47.61, -122.33) },
        new Branch("B-PDX", "Portland") { Location = new GeoPoint(45.52, -122.68) },
        new Branch("B-WEB", "Online shop"),
    ]);

    [Fact]
    public void Owner_IsTheHomeBranch_WhenGiven() =>
        Assert.Equal(new BranchOwner("B-WEB", "home branch"), Branches.OwnerOf("B-WEB", new GeoPoint(45.5, -122.6)));

    [Fact]
    public void Owner_IsTheNearestBranch_OtherwiseWithTheDistance()
    {
        // Tacoma is about 40 km from Seattle and 200 km from Portland (S2: never a showroom 200 miles away).
        var owner = Branches.OwnerOf(null, new GeoPoint(47.25, -122.44));
        Assert.Equal("B-SEA", owner.BranchId);
        Assert.Equal("nearest branch, 41 km away", owner.Reason);
    }

    [Fact]
    public void Nearest_FastPath_AgreesWithTheGreatCircleDistance()
    {
        var random = new Random(7);
        var branches = Enumerable.Range(0, 30).Select(i => new Branch($"B{i:00}", $"Branch {i}") { Location = new GeoPoint((random.NextDouble() * 160) - 80, (random.NextDouble() * 360) - 180) }).ToArray();
        var world = new Ownership(branches);
        for (var i = 0; i < 2000; i++)
        {
            var place = new GeoPoint((random.NextDouble() * 180) - 90, (random.NextDouble() * 360) - 180);
            var closest = branches.MinBy(b => place.DistanceKmTo(b.Location!.Value))!;
            Assert.Equal(closest.Id, world.NearestTo(place));
            Assert.Equal(closest.Id, world.OwnerOf(null, place).BranchId);
        }
    }

    [Fact]
    public void Owner_UnknownHomeBranchAndNoLocation_IsNone()
    {
        var owner = Branches.OwnerOf("B-GONE", null);
        Assert.Null(owner.BranchId);
        Assert.Contains("no location", owner.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Channel_IsTheMostPreferredConsentedOneThatSuits()
    {
        var consent = Consent((Channel.Email, ConsentStatus.Granted, null), (Channel.Phone, ConsentStatus.Granted, null), (Channel.Print, ConsentStatus.Granted, null));
        Assert.Equal(Channel.Phone, ChannelChoice.Choose(TouchKind.CheckIn, [Channel.Phone, Channel.Email], consent).Channel);
        Assert.Equal(Channel.Email, ChannelChoice.Choose(TouchKind.Offer, [Channel.Phone, Channel.Email], consent).Channel);

        // Print is consented to though not listed: used when nothing listed suits.
        var decision = ChannelChoice.Choose(TouchKind.WelcomeKit, [Channel.Phone], consent);
        Assert.Equal(Channel.Print, decision.Channel);
        Assert.Equal("print, consented to though not listed as preferred", decision.Reason);
    }

    [Fact]
    public void Channel_CareCallWithoutPhoneConsent_IsNone_AndSaysWhy()
    {
        var consent = Consent((Channel.Email, ConsentStatus.Granted, null), (Channel.Phone, ConsentStatus.Withdrawn, SuppressionReason.DoNotCall));
        var decision = ChannelChoice.Choose(TouchKind.CareCall, [Channel.Phone, Channel.Email], consent);
        Assert.Null(decision.Channel);
        Assert.Equal("no consent to phone, which a care-call needs: phone withdrawn (do-not-call)", decision.Reason);
    }

    [Fact]
    public void Channel_DeceasedCustomer_GetsNothing()
    {
        var consent = Consent((Channel.Email, ConsentStatus.Granted, null), (Channel.Print, ConsentStatus.Withdrawn, SuppressionReason.Deceased));
        Assert.Equal(new ChannelDecision(null, "no contact at all: deceased"), ChannelChoice.Choose(TouchKind.CheckIn, [Channel.Email], consent));
    }

    private static ConsentState Consent(params (Channel Channel, ConsentStatus Status, SuppressionReason? Suppression)[] records) =>
        ConsentState.From(records.Select(r => new ConsentRecord("C1", r.Channel, r.Status, Now.AddHours(-1), r.Suppression)), Now);
}
