using System.Collections.Frozen;

namespace Rapport.Messaging.Templates;

/// <summary>What kind of value a template field holds.</summary>
public enum FieldShape
{
    /// <summary>Text, written as it is.</summary>
    Text,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>A day, written like <c>23 November 2026</c>; Liquid's <c>date</c> filter formats it otherwise.</summary>
    Date,

    /// <summary>Lines of text (an address), written one per line; <c>for line in …</c> walks them.</summary>
    Lines,

    /// <summary>A group of fields (<c>customer</c>, <c>branch</c>): tested with <c>if</c>, not written.</summary>
    Group,
}

/// <summary>A field a template may use, with its meaning and an example, as the documentation lists it.</summary>
/// <param name="Name">The name in a template, such as <c>customer.first_name</c>.</param>
/// <param name="Shape">What kind of value it holds.</param>
/// <param name="Meaning">What it is, in a sentence.</param>
/// <param name="Example">A value it may have.</param>
public sealed record TemplateField(string Name, FieldShape Shape, string Meaning, string Example);

/// <summary>
/// The fields a template may use: the only names a template may refer to, besides the variables
/// it makes itself (<c>assign</c>, <c>capture</c>, <c>for</c>).
/// </summary>
public static class TemplateFields
{
    /// <summary>Every field, in the order the documentation lists them.</summary>
    public static IReadOnlyList<TemplateField> All { get; } =
    [
        new("customer", FieldShape.Group, "The customer the message is for.", ""),
        new("customer.id", FieldShape.Text, "The customer's id in your own records; always set.", "C-1042"),
        new("customer.first_name", FieldShape.Text, "First name, for the greeting.", "Jane"),
        new("customer.last_name", FieldShape.Text, "Last name.", "Doe"),
        new("customer.name", FieldShape.Text, "First and last name, else the company's name.", "Jane Doe"),
        new("customer.company", FieldShape.Text, "The company, for a business account.", "Doe Interiors Ltd"),
        new("customer.email", FieldShape.Text, "The first e-mail address on record.", "jane.doe@example.com"),
        new("customer.phone", FieldShape.Text, "The first phone number on record.", "+44 113 496 0000"),
        new("customer.address", FieldShape.Lines, "The postal address: street, city, postcode and country, the ones on record, one per line.", "12 Mill Lane / Leeds / LS1 4AB / United Kingdom"),
        new("customer.street", FieldShape.Text, "Street line of the address.", "12 Mill Lane"),
        new("customer.city", FieldShape.Text, "Town or city.", "Leeds"),
        new("customer.postcode", FieldShape.Text, "Postcode.", "LS1 4AB"),
        new("customer.country", FieldShape.Text, "Country.", "United Kingdom"),
        new("customer.since", FieldShape.Date, "The day of the first purchase (else the day the record was made).", "14 March 2021"),
        new("tenure", FieldShape.Text, "How long they have been a customer, in words: weeks under a month, months under two years, then years; one to twelve spelled out.", "five years"),
        new("tenure_years", FieldShape.Number, "Whole years as a customer.", "5"),
        new("order_count", FieldShape.Number, "Purchases on record, including the one a thank-you is for; always set.", "12"),
        new("last_product", FieldShape.Text, "The product of the latest purchase.", "oak dining table"),
        new("last_purchase", FieldShape.Date, "The day of the latest purchase.", "18 November 2026"),
        new("relationship", FieldShape.Text, "first (this is their first purchase), returning, or long-time; always set.", "long-time"),
        new("stage", FieldShape.Text, "Lifecycle stage from the last analysis: prospect, new, new-to-line, active, long-time, lapsing or lost.", "active"),
        new("tier", FieldShape.Text, "Value tier from the last analysis: key, core or fringe.", "core"),
        new("account_manager", FieldShape.Group, "The customer's account manager, else the branch manager; in a call's script, the member of staff the call is planned for.", ""),
        new("account_manager.name", FieldShape.Text, "Their full name.", "Priya Shah"),
        new("account_manager.phone", FieldShape.Text, "Their phone number.", "+44 113 496 0123"),
        new("account_manager.email", FieldShape.Text, "Their e-mail address.", "priya.shah@example.com"),
        new("branch", FieldShape.Group, "The branch the customer belongs to.", ""),
        new("branch.name", FieldShape.Text, "The branch's name.", "Leeds Kirkgate"),
        new("branch.phone", FieldShape.Text, "The branch's phone number.", "+44 113 496 0100"),
        new("branch.email", FieldShape.Text, "The branch's e-mail address.", "leeds@example.com"),
        new("branch.address", FieldShape.Text, "The branch's address on one line.", "3 Kirkgate, Leeds LS2 7DJ"),
        new("moment", FieldShape.Group, "What happened to make this touch (a purchase, a letter, a warning); empty for planned touches such as check-ins and newsletters.", ""),
        new("moment.event", FieldShape.Text, "The event's own key.", "purchase:P-1001"),
        new("moment.product", FieldShape.Text, "The product bought, for a purchase.", "oak dining table"),
        new("moment.line_of_business", FieldShape.Text, "The line of business of the purchase, for a welcome to a new line.", "upholstery"),
        new("moment.inbound_kind", FieldShape.Text, "What the customer sent: complaint, compliment, suggestion or correspondence.", "suggestion"),
        new("moment.note", FieldShape.Text, "What the customer wrote or said, as recorded.", "Could the shop open on Sundays?"),
        new("moment.referred_name", FieldShape.Text, "For referral thanks: the new customer they sent to you.", "Tom Baker"),
        new("moment.warning", FieldShape.Text, "For a lapsing customer: the analysis' warning in words.", "no purchase for 14 months, twice their usual interval"),
        new("moment.reward_choice", FieldShape.Text, "For a reward: gift or advisory-board.", "gift"),
        new("preferences_url", FieldShape.Text, "The customer's own link to change channels and frequency or unsubscribe.", "https://example.com/p/Xy7…"),
        new("date", FieldShape.Date, "The day of the touch (the letter's date).", "23 November 2026"),
    ];

    /// <summary>Fields by name.</summary>
    internal static FrozenDictionary<string, TemplateField> ByName { get; } =
        All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Names Liquid gives every text and list: <c>size</c>, <c>first</c>, <c>last</c>.</summary>
    internal static FrozenSet<string> BuiltInProperties { get; } =
        FrozenSet.Create(StringComparer.Ordinal, "size", "first", "last");
}
