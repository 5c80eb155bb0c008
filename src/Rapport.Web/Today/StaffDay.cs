using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Messaging.Sending;
using Rapport.Messaging.Templates;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;
using Rapport.Storage.Touches;

namespace Rapport.Web.Today;

/// <summary>One call of the day with its script, the outcome already recorded, and the moment behind it.</summary>
/// <param name="Call">The call and what the caller should know (<see cref="WorkQueue"/>).</param>
/// <param name="Script">The script, or why there is none.</param>
/// <param name="Recorded">The outcome recorded so far; null before the call.</param>
/// <param name="Moment">For a call a moment booked (a complaint's follow-up, a lapse, a call-back): the moment's own reason.</param>
public sealed record DayCall(QueuedCall Call, RenderResult? Script, RecordedCall? Recorded, string? Moment);

/// <summary>A member of staff whose day may be shown.</summary>
public sealed record StaffChoice(string Id, string Name, string BranchId);

/// <summary>A member of staff's day: the calls, the letters and the messages due.</summary>
/// <param name="Day">The day.</param>
/// <param name="Staff">Whose day it is.</param>
/// <param name="Choices">Whose day the viewer may see: themselves, and for managers and administrators their scope's staff.</param>
/// <param name="Calls">The calls, in time order; only customers in the viewer's scope.</param>
/// <param name="Letters">Letters due from the staff member's branch, by kind, with a few customers each.</param>
/// <param name="Messages">E-mail, SMS and social messages due from the branch, by channel and kind, with a few customers each.</param>
/// <param name="PlanDays">The days the stored plan covers; null when there is no plan.</param>
/// <param name="Problem">Why there is no work to show (no plan, a day outside it); null otherwise.</param>
public sealed record StaffDayView(
    DateOnly Day,
    StaffChoice Staff,
    IReadOnlyList<StaffChoice> Choices,
    IReadOnlyList<DayCall> Calls,
    IReadOnlyList<DueTouches> Letters,
    IReadOnlyList<DueTouches> Messages,
    (DateOnly First, DateOnly Last)? PlanDays,
    string? Problem);

/// <summary>Puts a member of staff's day together from the stored plan (<see cref="WorkQueue"/>), the call scripts (<see cref="CallScripts"/>) and the outcomes recorded (<see cref="CallOutcomes"/>), within the viewer's scope.</summary>
public sealed class StaffDay(RapportDatabase database, LoadedPolicy policy, TemplateLibrary templates, TimeProvider time, CallOutcomes outcomes)
{
    /// <summary>Customers shown per kind of letter or message.</summary>
    public const int Examples = 3;

    /// <summary>The day of <paramref name="staffId"/> (the viewer when null); null when that member of staff does not exist or is not the viewer's to see.</summary>
    /// <param name="scope">The viewer's scope.</param>
    /// <param name="viewerId">The signed-in member of staff.</param>
    /// <param name="staffId">Whose day; null for the viewer's own.</param>
    /// <param name="day">The day; null for today (UTC).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<StaffDayView?> ReadAsync(AccessScope scope, string viewerId, string? staffId, DateOnly? day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var choices = await ChoicesAsync(scope, viewerId, cancellationToken).ConfigureAwait(false);
        var staff = choices.FirstOrDefault(c => string.Equals(c.Id, staffId ?? viewerId, StringComparison.Ordinal));
        if (staff is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var date = day ?? DateOnly.FromDateTime(now.UtcDateTime);
        var plan = await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return new StaffDayView(date, staff, choices, [], [], [], null, "There is no plan yet: run rapport plan.");
        }

        if (date < plan.AsOf || date > plan.LastDay)
        {
            return new StaffDayView(date, staff, choices, [], [], [], (plan.AsOf, plan.LastDay), $"{IsoTime.Format(date)} is outside the stored plan ({IsoTime.Format(plan.AsOf)} to {IsoTime.Format(plan.LastDay)}).");
        }

        var queue = await WorkQueue.ReadAsync(database, plan, date, staff.Id, Examples, cancellationToken).ConfigureAwait(false);
        var visible = await scope.VisibleAsync(
            database,
            queue.Calls.Select(c => c.Touch.CustomerId).Concat(queue.Letters.Concat(queue.Messages).SelectMany(d => d.Examples).Select(e => e.CustomerId)),
            cancellationToken).ConfigureAwait(false);
        var calls = queue.Calls.Where(c => visible.Contains(c.Touch.CustomerId)).ToArray();
        var scripts = await CallScripts.RenderAsync(database, policy.Policy, new TemplateRenderer(templates), calls, now, cancellationToken).ConfigureAwait(false);
        var recorded = await outcomes.RecordedAsync(calls.Select(c => c.Touch.TouchId).ToArray(), cancellationToken).ConfigureAwait(false);
        var moments = await MomentReasonsAsync(calls, date, cancellationToken).ConfigureAwait(false);
        return new StaffDayView(
            date,
            staff,
            choices,
            [.. calls.Select(c => new DayCall(c, scripts.GetValueOrDefault(c.Touch.TouchId), recorded.GetValueOrDefault(c.Touch.TouchId), moments.GetValueOrDefault(c.Touch.TouchId)))],
            Visible(queue.Letters, visible),
            Visible(queue.Messages, visible),
            (plan.AsOf, plan.LastDay),
            null);
    }

    /// <summary>
    /// The day's letters from <paramref name="staffId"/>'s branch (the viewer's when null) as one PDF,
    /// as <c>rapport send</c> would print them; read-only (<see cref="LetterPreview"/>). Null when that
    /// member of staff is not the viewer's to see.
    /// </summary>
    public async Task<LetterPreviewResult?> LettersAsync(AccessScope scope, string viewerId, string? staffId, DateOnly? day, Uri? publicUrl, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var choices = await ChoicesAsync(scope, viewerId, cancellationToken).ConfigureAwait(false);
        if (choices.FirstOrDefault(c => string.Equals(c.Id, staffId ?? viewerId, StringComparison.Ordinal)) is not { } staff)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var links = publicUrl is null ? null : new Messaging.Links.PreferenceLinks(await Storage.Outbox.LinkKey.GetOrCreateAsync(database, cancellationToken).ConfigureAwait(false), publicUrl, time);
        var branch = new AccessScope(scope.Actor, new HashSet<string>(StringComparer.Ordinal) { staff.BranchId });
        return await LetterPreview.WriteAsync(database, policy.Policy, new TemplateRenderer(templates), links, branch, day ?? DateOnly.FromDateTime(now.UtcDateTime), output, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The staff whose day the viewer may see: staff see their own; managers and administrators every member of staff of a branch in their scope.</summary>
    public async Task<IReadOnlyList<StaffChoice>> ChoicesAsync(AccessScope scope, string viewerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        var viewer = await context.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == viewerId, cancellationToken).ConfigureAwait(false);
        if (viewer is null)
        {
            return [];
        }

        if (viewer.Role == StaffRole.Staff)
        {
            return [new StaffChoice(viewer.Id, viewer.Name, viewer.BranchId)];
        }

        var staff = await context.Staff.AsNoTracking().OrderBy(s => s.BranchId).ThenBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. staff.Where(s => s.Id == viewer.Id || scope.Covers(s.BranchId)).Select(s => new StaffChoice(s.Id, s.Name, s.BranchId))];
    }

    /// <summary>Only the example customers in scope: the counts are the branch's, which is in scope.</summary>
    private static DueTouches[] Visible(IReadOnlyList<DueTouches> due, IReadOnlySet<string> visible) =>
        [.. due.Select(d => d with { Examples = [.. d.Examples.Where(e => visible.Contains(e.CustomerId))] })];

    /// <summary>The reason of the moment behind each call a moment booked, matched as the call scripts match them: same customer and kind, the earliest due first.</summary>
    private async Task<Dictionary<string, string>> MomentReasonsAsync(IReadOnlyList<QueuedCall> calls, DateOnly day, CancellationToken cancellationToken)
    {
        var booked = calls.Where(c => c.Touch.Rule is PlanRule.Reply or PlanRule.Moment).ToArray();
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (booked.Length == 0)
        {
            return reasons;
        }

        var ids = booked.Select(c => c.Touch.CustomerId).Distinct(StringComparer.Ordinal).ToArray();
        var phone = EnumText.ToText(Channel.Phone);
        await using var context = database.CreateContext();
        var moments = await context.Moments.AsNoTracking()
            .Where(m => ids.Contains(m.CustomerId) && m.Channel == phone && m.Earliest <= day)
            .Select(m => new { m.CustomerId, m.Kind, m.Due, m.Reason })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var call in booked)
        {
            var kind = EnumText.ToText(call.Touch.Kind);
            if (moments.Where(m => m.CustomerId == call.Touch.CustomerId && m.Kind == kind).OrderBy(m => m.Due).FirstOrDefault() is { } moment)
            {
                reasons[call.Touch.TouchId] = moment.Reason;
            }
        }

        return reasons;
    }
}
