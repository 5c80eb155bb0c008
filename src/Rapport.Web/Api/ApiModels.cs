using System.Text.Json.Serialization;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Moments;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Customers;
using Rapport.Storage.Intake;
using Rapport.Storage.Planning;

namespace Rapport.Web.Api;

/// <summary>One page of a list, with the link to the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, string? Next);

/// <summary>A customer: the fields of customers.csv, and the consent in force per channel.</summary>
public sealed record CustomerResponse(IReadOnlyDictionary<string, string?> Fields, IReadOnlyDictionary<string, ChannelConsentResponse> Consent)
{
    internal static CustomerResponse From(CustomerWithConsent found) =>
        new(CustomerFields.Of(found.Customer), found.Consent.Channels.ToDictionary(c => EnumText.ToText(c.Channel), ChannelConsentResponse.From, StringComparer.Ordinal));
}

/// <summary>Whether a channel may be used now, and the record that decides it.</summary>
/// <param name="MayContact">Whether the customer may be contacted through the channel now.</param>
/// <param name="Status"><c>granted</c> or <c>withdrawn</c>; null when the customer never said (no consent).</param>
/// <param name="Suppression">Why it is closed, when a suppression closes it (<c>unsubscribed</c>, <c>do-not-call</c>…).</param>
/// <param name="At">When the deciding record was made.</param>
/// <param name="Source">Where the deciding record came from.</param>
public sealed record ChannelConsentResponse(bool MayContact, string? Status, string? Suppression, DateTimeOffset? At, string? Source)
{
    internal static ChannelConsentResponse From(ChannelConsent consent) => new(
        consent.MayContact,
        consent.Reason is { } r ? EnumText.ToText(r.Status) : null,
        consent.Suppression is { } s ? EnumText.ToText(s) : null,
        consent.Reason?.At,
        consent.Reason?.Source);
}

/// <summary>One record of a customer's consent history (the columns of consents.csv).</summary>
public sealed record ConsentResponse(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("suppression")] string? Suppression,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("evidence")] string? Evidence)
{
    internal static ConsentResponse From(ConsentRecord record) => new(
        EnumText.ToText(record.Channel),
        EnumText.ToText(record.Status),
        record.Suppression is { } s ? EnumText.ToText(s) : null,
        IsoTime.Format(record.At),
        record.Source,
        record.Evidence);
}

/// <summary>A touch a purchase or a touch triggered at once (a thank-you, an acknowledgement, a follow-up call).</summary>
/// <param name="Key">The moment's key: the same event never makes it twice.</param>
/// <param name="Kind">The kind of touch (<c>thank-you</c>, …).</param>
/// <param name="Channel">The channel it goes by.</param>
/// <param name="Earliest">The first day it may go.</param>
/// <param name="Due">The day it is due.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record MomentResponse(string Key, string Kind, string Channel, DateOnly Earliest, DateOnly Due, string Reason)
{
    internal static MomentResponse From(TriggeredTouch touch) =>
        new(touch.Key, EnumText.ToText(touch.Kind), EnumText.ToText(touch.Channel), touch.Earliest, touch.Due, touch.Reason);
}

/// <summary>A purchase as stored (the fields of purchases.csv), and what it triggered.</summary>
/// <param name="Purchase">The purchase's fields.</param>
/// <param name="AlreadyRecorded">The same purchase had been posted before: nothing new was stored.</param>
/// <param name="Moments">The touches it triggered at once; empty when already recorded.</param>
public sealed record PurchaseResponse(IReadOnlyDictionary<string, string?> Purchase, bool AlreadyRecorded, IReadOnlyList<MomentResponse> Moments)
{
    internal static PurchaseResponse From(Recorded<Purchase> recorded) =>
        new(RecordFields.Of(recorded.Item!), recorded.AlreadyRecorded, (recorded.Moments ?? []).Select(MomentResponse.From).ToArray());
}

/// <summary>A touch as stored (the fields of touches.csv), and what it triggered.</summary>
/// <param name="Touch">The touch's fields.</param>
/// <param name="AlreadyRecorded">The same touch had been posted before: nothing new was stored.</param>
/// <param name="Moments">The touches it triggered at once (an acknowledgement, a follow-up call).</param>
public sealed record TouchResponse(IReadOnlyDictionary<string, string?> Touch, bool AlreadyRecorded, IReadOnlyList<MomentResponse> Moments)
{
    internal static TouchResponse From(Recorded<Touch> recorded) =>
        new(RecordFields.Of(recorded.Item!), recorded.AlreadyRecorded, (recorded.Moments ?? []).Select(MomentResponse.From).ToArray());
}

/// <summary>A planned touch, with the columns of the exported plan (plan.csv).</summary>
public sealed record PlanTouchResponse(
    [property: JsonPropertyName("touch_id")] string TouchId,
    [property: JsonPropertyName("customer_id")] string CustomerId,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("start_time")] string? StartTime,
    [property: JsonPropertyName("end_time")] string? EndTime,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("staff_id")] string? StaffId,
    [property: JsonPropertyName("branch_id")] string? BranchId,
    [property: JsonPropertyName("reason")] string Reason)
{
    internal static PlanTouchResponse From(StoredTouch touch) => new(
        touch.TouchId,
        touch.CustomerId,
        IsoTime.Format(touch.Day),
        touch.Start?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        touch.End?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        EnumText.ToText(touch.Channel),
        EnumText.ToText(touch.Kind),
        touch.StaffId,
        touch.BranchId,
        touch.Reason);
}

/// <summary>A touch the plan wanted and held back, and why.</summary>
public sealed record HeldTouchResponse(string Date, string Kind, string Reason)
{
    internal static HeldTouchResponse From(StoredHeldTouch held) => new(IsoTime.Format(held.Day), EnumText.ToText(held.Kind), held.Reason);
}

/// <summary>One customer's plan for a span of days: the touches with their reasons, and those held back.</summary>
public sealed record CustomerPlanResponse(string CustomerId, string? BranchId, string FirstDay, string LastDay, string? Summary, IReadOnlyList<PlanTouchResponse> Touches, IReadOnlyList<HeldTouchResponse> Held)
{
    internal static CustomerPlanResponse From(CustomerPlan plan, DateOnly from, DateOnly until) => new(
        plan.CustomerId,
        plan.BranchId,
        IsoTime.Format(from),
        IsoTime.Format(until),
        plan.Summary,
        plan.Touches.Select(t => PlanTouchResponse.From(t.Touch)).ToArray(),
        plan.Held.Select(HeldTouchResponse.From).ToArray());
}

/// <summary>A call of a member of staff's day, with what the caller should know.</summary>
public sealed record CallResponse(PlanTouchResponse Touch, string CustomerName, string? Phone, string? TimeZone, IReadOnlyList<string> TalkingPoints)
{
    internal static CallResponse From(QueuedCall call) => new(PlanTouchResponse.From(call.Touch), call.CustomerName, call.Phone, call.TimeZone, call.TalkingPoints);
}

/// <summary>A member of staff's calls on one day, in time order.</summary>
public sealed record StaffDayResponse(string StaffId, string? BranchId, string Date, IReadOnlyList<CallResponse> Calls)
{
    internal static StaffDayResponse From(WorkQueue queue) =>
        new(queue.StaffId!, queue.BranchId, IsoTime.Format(queue.Day), queue.Calls.Select(CallResponse.From).ToArray());
}
