using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;

namespace Rapport.Storage.Planning;

/// <summary>The stored plan: when and from what it was made, and how big it is.</summary>
/// <param name="AsOf">The first day of the plan.</param>
/// <param name="HorizonDays">Days it covers, the first included.</param>
/// <param name="MadeAt">When it was made.</param>
/// <param name="Policy">The policy it was made with.</param>
/// <param name="Customers">Customers planned for.</param>
/// <param name="Touches">Planned touches.</param>
/// <param name="Calls">Planned calls.</param>
/// <param name="Held">Touches held back.</param>
/// <param name="Unreachable">Customers no touch can reach.</param>
/// <param name="CallsMissing">Calls that found no staff capacity.</param>
public sealed record StoredPlan(
    DateOnly AsOf,
    int HorizonDays,
    DateTimeOffset MadeAt,
    ContactPolicy Policy,
    int Customers,
    int Touches,
    int Calls,
    int Held,
    int Unreachable,
    int CallsMissing)
{
    /// <summary>The last day of the plan.</summary>
    public DateOnly LastDay => AsOf.AddDays(HorizonDays - 1);
}

/// <summary>A planned touch as stored, with its export id and its reason in words.</summary>
/// <param name="TouchId">The stable id: <c>{customer_id}:{yyyy-MM-dd}:{kind}</c>, with <c>:2</c>, <c>:3</c>… for a second touch of a kind on a day.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Day">The day, in the customer's calendar.</param>
/// <param name="StartMinute">For calls, the local start in the customer's time zone as minutes after midnight.</param>
/// <param name="MinutesPerCall">Minutes a call takes, from the plan's policy.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Kind">The kind.</param>
/// <param name="StaffId">For calls, who calls.</param>
/// <param name="BranchId">The owning branch.</param>
/// <param name="Rule">The rule that put it there.</param>
/// <param name="Reason">Why it is there, in words.</param>
public sealed record StoredTouch(
    string TouchId,
    string CustomerId,
    DateOnly Day,
    short? StartMinute,
    int MinutesPerCall,
    Channel Channel,
    TouchKind Kind,
    string? StaffId,
    string? BranchId,
    PlanRule Rule,
    string Reason)
{
    /// <summary>Whether this is a call.</summary>
    public bool IsCall => StartMinute is not null;

    /// <summary>For calls, the local start time.</summary>
    public TimeOnly? Start => StartMinute is { } m ? new TimeOnly(m / 60, m % 60) : null;

    /// <summary>For calls, the local end time: the start plus the minutes a call takes.</summary>
    public TimeOnly? End => Start?.AddMinutes(MinutesPerCall);

    /// <summary>The stable id of a touch.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="day">The day.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="number">1 for the first touch of this kind on this day, 2 for the second…</param>
    public static string IdOf(string customerId, DateOnly day, TouchKind kind, int number) =>
        number <= 1
            ? $"{customerId}:{IsoTime.Format(day)}:{EnumText.ToText(kind)}"
            : string.Create(CultureInfo.InvariantCulture, $"{customerId}:{IsoTime.Format(day)}:{EnumText.ToText(kind)}:{number}");
}

/// <summary>A touch held back, with the sentence that says why.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Day">The day it would have had.</param>
/// <param name="Kind">The kind.</param>
/// <param name="WantedBy">The rule that called for it.</param>
/// <param name="HeldBy">The rule that held it back.</param>
/// <param name="Reason">The sentence: <c>offer on 2027-02-03 held back: two offers in a row</c>.</param>
public sealed record StoredHeldTouch(string CustomerId, DateOnly Day, TouchKind Kind, PlanRule WantedBy, PlanRule HeldBy, string Reason);

/// <summary>One customer's part of the plan between two days.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="CustomerName">The customer's name, if the customer is still on record.</param>
/// <param name="BranchId">The owning branch, if any.</param>
/// <param name="BranchName">Its name.</param>
/// <param name="Summary">What the plan does for the customer as a whole, when that needs saying.</param>
/// <param name="Touches">Planned touches in the span, in day order, each with the name of the staff member for calls.</param>
/// <param name="Held">Touches held back in the span, in day order.</param>
public sealed record CustomerPlan(
    string CustomerId,
    string? CustomerName,
    string? BranchId,
    string? BranchName,
    string? Summary,
    IReadOnlyList<(StoredTouch Touch, string? StaffName)> Touches,
    IReadOnlyList<StoredHeldTouch> Held);

/// <summary>A customer no touch can reach, and why.</summary>
public sealed record StoredUnreachable(string CustomerId, string Why);

/// <summary>A call of one staff member, with what a calendar entry needs.</summary>
/// <param name="Touch">The call.</param>
/// <param name="CustomerName">The customer's name.</param>
/// <param name="Phone">The number to call.</param>
/// <param name="TimeZone">The IANA time zone the start is in: the customer's, else the owning branch's; null for UTC.</param>
public sealed record StaffCall(StoredTouch Touch, string? CustomerName, string? Phone, string? TimeZone);
