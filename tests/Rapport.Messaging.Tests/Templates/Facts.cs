using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

/// <summary>Message facts for tests: a customer with everything on record, or with only an id and a first name.</summary>
internal static class Facts
{
    public static readonly DateOnly Day = new(2026, 11, 23);

    /// <summary>A long-time customer with every field set.</summary>
    public static MessageFacts Full(TouchKind kind, Channel channel) => new()
    {
        TouchKey = $"touch-{kind}-{channel}",
        Kind = kind,
        Channel = channel,
        Day = Day,
        CustomerId = "C-1042",
        FirstName = "Jane",
        LastName = "Doe",
        Company = "Doe Interiors Ltd",
        Language = "en",
        Tags = ["young-children"],
        Email = "jane.doe@example.com",
        Phone = "+44 113 496 0000",
        Street = "12 Mill Lane",
        City = "Leeds",
        Postcode = "LS1 4AB",
        Country = "United Kingdom",
        CustomerSince = new DateOnly(2021, 3, 14),
        OrderCount = 12,
        LastProduct = "oak dining table",
        LastPurchase = new DateOnly(2026, 11, 18),
        Relationship = Relationship.LongTime,
        Stage = "long-time",
        Tier = "core",
        AccountManager = new PersonFacts("Priya Shah", "+44 113 496 0123", "priya.shah@example.com"),
        Branch = new BranchFacts("LDS", "Leeds Kirkgate", "+44 113 496 0100", "leeds@example.com", "3 Kirkgate, Leeds LS2 7DJ"),
        Moment = new MomentFacts("purchase:P-1001", Product: "oak dining table", LineOfBusiness: "furniture"),
        PreferencesUrl = new Uri("https://rapport.example.com/p/Xy7Kq2"),
    };

    /// <summary>A customer with only an id and a first name, buying for the first time.</summary>
    public static MessageFacts Minimal(TouchKind kind, Channel channel) => new()
    {
        TouchKey = $"touch-{kind}-{channel}-min",
        Kind = kind,
        Channel = channel,
        Day = Day,
        CustomerId = "C-7",
        FirstName = "Sam",
    };
}
