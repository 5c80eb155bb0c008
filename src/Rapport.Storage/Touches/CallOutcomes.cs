using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Moments;
using Rapport.Storage.Outbox;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;

namespace Rapport.Storage.Touches;

/// <summary>What came of a planned call, as the caller records it (SPEC section 5: "record an outcome in one click").</summary>
public enum CallResult
{
    /// <summary>The customer answered: a conversation, neither especially good nor bad.</summary>
    Answered,

    /// <summary>Nobody answered.</summary>
    NoAnswer,

    /// <summary>The customer responded well.</summary>
    Positive,

    /// <summary>The customer responded badly: a follow-up call (or, without phone consent, a personal acknowledgement) is triggered at once.</summary>
    Negative,

    /// <summary>The customer answered and asked to be called back on a given day: that call is booked for the next plan.</summary>
    CallBack,
}

/// <summary>The outcome of one planned call.</summary>
/// <param name="CustomerId">The customer called.</param>
/// <param name="Day">The day the call was planned for.</param>
/// <param name="PlannedTouchId">The planned call's id in the stored plan (<see cref="StoredTouch.TouchId"/>).</param>
/// <param name="Result">What came of it.</param>
/// <param name="CallBackOn">For <see cref="CallResult.CallBack"/>: the day to call again (UTC day, after today, within <see cref="CallOutcomes.CallBackWithinDays"/> days).</param>
/// <param name="Note">What the caller wants to keep, in their words; at most <see cref="Touch.MaxNoteLength"/> characters.</param>
public sealed record CallOutcome(string CustomerId, DateOnly Day, string PlannedTouchId, CallResult Result, DateOnly? CallBackOn = null, string? Note = null);

/// <summary>What recording an outcome did.</summary>
public enum CallOutcomeStatus
{
    /// <summary>The call's touch was stored.</summary>
    Recorded,

    /// <summary>The call already had an outcome; it was replaced by this one.</summary>
    Corrected,

    /// <summary>The call already had exactly this outcome (a second click): nothing changed.</summary>
    Unchanged,

    /// <summary>No such customer or planned call, or the customer is outside the caller's scope.</summary>
    NotFound,

    /// <summary>The outcome cannot be recorded as given (<see cref="CallOutcomeResult.Problem"/> says why).</summary>
    Invalid,
}

/// <summary>The answer to <see cref="CallOutcomes.RecordAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="TouchId">The id of the call's touch, when one is stored.</param>
/// <param name="Problem">For <see cref="CallOutcomeStatus.Invalid"/>: what is wrong, naming the field.</param>
/// <param name="Moments">What the moments found for the customer after a negative answer.</param>
public sealed record CallOutcomeResult(CallOutcomeStatus Status, string? TouchId = null, string? Problem = null, MomentRun? Moments = null);

/// <summary>An outcome already recorded for a planned call.</summary>
/// <param name="PlannedTouchId">The planned call.</param>
/// <param name="Result">What came of it.</param>
/// <param name="CallBackOn">The day booked to call again, for <see cref="CallResult.CallBack"/>.</param>
/// <param name="Note">The caller's note.</param>
/// <param name="At">When it was recorded (UTC).</param>
public sealed record RecordedCall(string PlannedTouchId, CallResult Result, DateOnly? CallBackOn, string? Note, DateTimeOffset At);

/// <summary>
/// Records what came of a planned call: an outbound phone touch of the planned kind, with the
/// outcome, the caller and a note, which the next plan counts like every touch made. A negative
/// answer runs the moments for the customer at once (the follow-up call, SPEC R6, R9); "call
/// back on a date" books that call in <c>moments</c>, which the next plan places like any reply.
/// </summary>
/// <remarks>
/// One touch per planned call: its id is the planned call's id, so a second click with the same
/// outcome changes nothing, and a different outcome corrects the first. Every change is in the
/// audit log, in the same transaction as the change. The moments run after the commit; should
/// that fail, the next <c>rapport plan</c> or <c>rapport send</c> runs them over the same events.
/// </remarks>
public sealed class CallOutcomes(RapportDatabase database, LoadedPolicy policy, TimeProvider time)
{
    /// <summary>How far ahead a call-back may be booked, in days.</summary>
    public const int CallBackWithinDays = 365;

    /// <summary>Records the outcome, for a caller whose scope must include the customer.</summary>
    public async Task<CallOutcomeResult> RecordAsync(AccessScope scope, CallOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(outcome);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var note = string.IsNullOrWhiteSpace(outcome.Note) ? null : outcome.Note.Trim();
        if (note is { Length: > Touch.MaxNoteLength })
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"note: at most {Touch.MaxNoteLength:N0} characters, not {note.Length:N0}"));
        }

        DateOnly? callBack = null;
        if (outcome.Result == CallResult.CallBack)
        {
            if (outcome.CallBackOn is not { } on)
            {
                return Invalid("call back on: give the day to call back");
            }

            if (on <= today || on > today.AddDays(CallBackWithinDays))
            {
                return Invalid($"call back on: {IsoTime.Format(on)} is not between tomorrow ({IsoTime.Format(today.AddDays(1))}) and {IsoTime.Format(today.AddDays(CallBackWithinDays))}");
            }

            callBack = on;
        }

        if (!await scope.CanSeeCustomerAsync(database, outcome.CustomerId, cancellationToken).ConfigureAwait(false) ||
            await PlannedCallAsync(outcome, cancellationToken).ConfigureAwait(false) is not { } call)
        {
            return new CallOutcomeResult(CallOutcomeStatus.NotFound);
        }

        // Two clicks at once: the second insert fails on the touch's key and, tried again, finds the first.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var status = await StoreAsync(scope, call, outcome.Result, callBack, note, now, cancellationToken).ConfigureAwait(false);
                var touchId = TouchIdOf(call.TouchId);
                if (status != CallOutcomeStatus.Unchanged && outcome.Result == CallResult.Negative)
                {
                    var moments = await MomentMaker.RunAsync(database, policy.Policy, policy.Holidays, now, call.CustomerId, cancellationToken).ConfigureAwait(false);
                    return new CallOutcomeResult(status, touchId, Moments: moments);
                }

                return new CallOutcomeResult(status, touchId);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
            }
        }
    }

    /// <summary>The outcomes recorded for these planned calls, by planned call id.</summary>
    public async Task<IReadOnlyDictionary<string, RecordedCall>> RecordedAsync(IReadOnlyCollection<string> plannedTouchIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plannedTouchIds);
        var byTouchId = plannedTouchIds.Distinct(StringComparer.Ordinal).ToDictionary(TouchIdOf, id => id, StringComparer.Ordinal);
        var recorded = new Dictionary<string, RecordedCall>(StringComparer.Ordinal);
        await using var context = database.CreateContext();
        foreach (var chunk in byTouchId.Keys.Chunk(500))
        {
            var touches = await context.Touches.AsNoTracking().Where(t => chunk.Contains(t.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            var events = chunk.Select(CallBackEvent).ToArray();
            var callBacks = (await context.Moments.AsNoTracking().Where(m => events.Contains(m.Event)).Select(m => new { m.Event, m.Due }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(m => m.Event, m => m.Due, StringComparer.Ordinal);
            foreach (var touch in touches)
            {
                DateOnly? callBack = callBacks.TryGetValue(CallBackEvent(touch.Id), out var day) ? day : null;
                var result = callBack is not null ? CallResult.CallBack : touch.Outcome switch
                {
                    TouchOutcome.NoAnswer => CallResult.NoAnswer,
                    TouchOutcome.Positive => CallResult.Positive,
                    TouchOutcome.Negative => CallResult.Negative,
                    _ => CallResult.Answered,
                };
                var planned = byTouchId[touch.Id];
                recorded[planned] = new RecordedCall(planned, result, callBack, touch.Note, touch.At);
            }
        }

        return recorded;
    }

    /// <summary>The id of the touch that records a planned call: the planned call's id (long ones keep their start and a hash of the whole, like the sender's touches).</summary>
    public static string TouchIdOf(string plannedTouchId)
    {
        ArgumentNullException.ThrowIfNull(plannedTouchId);
        return plannedTouchId.Length <= Identifiers.MaxLength
            ? plannedTouchId
            : string.Concat(plannedTouchId.AsSpan(0, 67), ":", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plannedTouchId))).AsSpan(0, 32));
    }

    /// <summary>The moment event of a call-back booked on the call whose touch this is.</summary>
    private static string CallBackEvent(string touchId) => "call-back:" + touchId;

    private static TouchOutcome Stored(CallResult result) => result switch
    {
        CallResult.NoAnswer => TouchOutcome.NoAnswer,
        CallResult.Positive => TouchOutcome.Positive,
        CallResult.Negative => TouchOutcome.Negative,

        // Asked to be called back: the customer answered; the booked call says the rest.
        _ => TouchOutcome.Answered,
    };

    private static CallOutcomeResult Invalid(string problem) => new(CallOutcomeStatus.Invalid, Problem: problem);

    private async Task<StoredTouch?> PlannedCallAsync(CallOutcome outcome, CancellationToken cancellationToken)
    {
        if (await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false) is not { } plan || outcome.Day < plan.AsOf || outcome.Day > plan.LastDay)
        {
            return null;
        }

        var part = await PlanStore.CustomerAsync(database, plan, outcome.CustomerId, outcome.Day, outcome.Day, cancellationToken).ConfigureAwait(false);
        return part?.Touches.Select(t => t.Touch).FirstOrDefault(t => t.IsCall && string.Equals(t.TouchId, outcome.PlannedTouchId, StringComparison.Ordinal));
    }

    private async Task<CallOutcomeStatus> StoreAsync(AccessScope scope, StoredTouch call, CallResult result, DateOnly? callBack, string? note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var touchId = TouchIdOf(call.TouchId);
        var callBackEvent = CallBackEvent(touchId);
        var stored = Stored(result);
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = await context.Touches.AsNoTracking().FirstOrDefaultAsync(t => t.Id == touchId, cancellationToken).ConfigureAwait(false);
        var bookedBefore = await context.Moments.AsNoTracking().Where(m => m.Event == callBackEvent).Select(m => (DateOnly?)m.Due).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Outcome == stored && string.Equals(existing.Note, note, StringComparison.Ordinal) && bookedBefore == callBack)
        {
            return CallOutcomeStatus.Unchanged;
        }

        if (existing is null)
        {
            context.Touches.Add(new Touch(touchId, call.CustomerId, now, Channel.Phone, TouchDirection.Out, call.Kind)
            {
                Status = TouchStatus.Done,
                Outcome = stored,
                StaffId = call.StaffId,
                Note = note,
            });
        }
        else
        {
            await context.Touches.Where(t => t.Id == touchId)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Outcome, stored).SetProperty(t => t.Note, note).SetProperty(t => t.At, now), cancellationToken)
                .ConfigureAwait(false);
            if (existing.Outcome == TouchOutcome.Negative && stored != TouchOutcome.Negative)
            {
                // A negative answer corrected: its follow-up is withdrawn unless it has already gone.
                var followUp = "touch:" + touchId;
                await context.Moments.Where(m => m.Event == followUp && !context.Outbox.Any(o => o.Key == m.Key))
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await context.Moments.Where(m => m.Event == callBackEvent).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (callBack is { } day)
        {
            // Booked as a reply, like a complaint's follow-up: the customer asked for it, so only
            // consent can hold it back; the next plan places it on that day with the other calls.
            context.Moments.Add(new MomentRow
            {
                Key = $"{callBackEvent}:{EnumText.ToText(call.Kind)}",
                CustomerId = call.CustomerId,
                Kind = EnumText.ToText(call.Kind),
                Channel = EnumText.ToText(Channel.Phone),
                Earliest = day,
                Due = day,
                IsReply = true,
                Event = callBackEvent,
                Reason = $"call back on {IsoTime.Format(day)}, as the customer asked on the call of {IsoTime.Format(call.Day)}",
                Note = note,
                CreatedAt = now,
            });
        }

        var what = EnumText.ToText(result) + (callBack is { } d ? " on " + IsoTime.Format(d) : string.Empty) + (note is null ? string.Empty : ", with a note");
        AuditLog.Add(
            context,
            now,
            scope.Actor,
            existing is null ? "record-outcome" : "correct-outcome",
            "customer:" + call.CustomerId,
            existing is null ? $"call {call.TouchId}: {what}" : $"call {call.TouchId}: {Was(existing, bookedBefore)} → {what}");
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return existing is null ? CallOutcomeStatus.Recorded : CallOutcomeStatus.Corrected;
    }

    private static string Was(Touch existing, DateOnly? bookedBefore) =>
        bookedBefore is { } day ? "call-back on " + IsoTime.Format(day) : existing.Outcome is { } o ? EnumText.ToText(o) : "no outcome";
}
