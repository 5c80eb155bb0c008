using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Contact;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Storage.Planning;

/// <summary>How much of the calendar to show.</summary>
public enum CalendarSpan
{
    /// <summary>Monday to Sunday.</summary>
    Week,

    /// <summary>The weeks (Monday to Sunday) that hold the days of a month.</summary>
    Month,
}

/// <summary>One day of the plan calendar: calls against capacity, and the letters and messages due.</summary>
/// <param name="Day">The day.</param>
/// <param name="InPlan">Whether the stored plan covers the day.</param>
/// <param name="Calls">Calls planned for the staff shown.</param>
/// <param name="Capacity">Calls the staff shown can make that day (their calls per day on the days they make calls).</param>
/// <param name="Letters">Letters and cards (print) due from the branch.</param>
/// <param name="Emails">E-mails due from the branch.</param>
/// <param name="OtherMessages">Text and social messages due from the branch.</param>
public sealed record CalendarDay(DateOnly Day, bool InPlan, int Calls, int Capacity, int Letters, int Emails, int OtherMessages)
{
    /// <summary>Calls planned beyond the capacity (the staff changed since the plan was made, say).</summary>
    public bool OverCapacity => Calls > Capacity;
}

/// <summary>The plan calendar of a branch or one member of staff over some days.</summary>
/// <param name="Plan">The stored plan.</param>
/// <param name="Branch">The branch.</param>
/// <param name="Staff">The member of staff, or null for the whole branch.</param>
/// <param name="Span">Week or month.</param>
/// <param name="Date">The day the calendar was asked for.</param>
/// <param name="Days">Every day from the first Monday to the last Sunday.</param>
/// <param name="Weeks">The branch's calls against capacity for the weeks shown, as the plan stored them (<c>plan_capacity</c>).</param>
public sealed record PlanCalendarView(StoredPlan Plan, Branch Branch, StaffMember? Staff, CalendarSpan Span, DateOnly Date, IReadOnlyList<CalendarDay> Days, IReadOnlyList<CapacityWeek> Weeks)
{
    /// <summary>The first day shown (a Monday).</summary>
    public DateOnly From => Days[0].Day;

    /// <summary>The last day shown (a Sunday).</summary>
    public DateOnly Until => Days[^1].Day;
}

/// <summary>The branches and staff someone may choose between in the plan calendar.</summary>
/// <param name="Branches">The branches in scope, by id.</param>
/// <param name="Staff">Their staff, by branch and id.</param>
public sealed record PlanChoices(IReadOnlyList<Branch> Branches, IReadOnlyList<StaffMember> Staff);

/// <summary>The calls of one day, of a branch or one member of staff.</summary>
/// <param name="Day">The day.</param>
/// <param name="Branch">The branch.</param>
/// <param name="Staff">The member of staff, or null for the branch.</param>
/// <param name="Calls">The calls, by member of staff, then start.</param>
public sealed record DayCalls(DateOnly Day, Branch Branch, StaffMember? Staff, IReadOnlyList<QueuedCall> Calls);

/// <summary>
/// The stored plan as a calendar per branch and per member of staff (the web app's Plan page):
/// calls against capacity per day, letters and messages per day, the weekly capacity report and
/// the shortfall. Only branches in the caller's scope are ever read.
/// </summary>
public static class PlanCalendar
{
    /// <summary>The days shown for a date: its week, or the weeks of its month; Monday to Sunday.</summary>
    public static (DateOnly From, DateOnly Until) Days(DateOnly date, CalendarSpan span)
    {
        static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        if (span == CalendarSpan.Week)
        {
            var monday = Monday(date);
            return (monday, monday.AddDays(6));
        }

        var first = new DateOnly(date.Year, date.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        return (Monday(first), Monday(last).AddDays(6));
    }

    /// <summary>The branches in scope and their staff.</summary>
    public static async Task<PlanChoices> ChoicesAsync(RapportDatabase database, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        var branches = (await context.Branches.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(b => scope.Covers(b.Id)).OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
        var staff = (await context.Staff.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => scope.Covers(s.BranchId)).OrderBy(s => s.BranchId, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
        return new PlanChoices(branches, staff);
    }

    /// <summary>
    /// The calendar of a branch (<paramref name="staffId"/> null) or of one member of staff (whose
    /// own branch it then is, whatever <paramref name="branchId"/> says); null when the branch or
    /// member of staff does not exist or lies outside the scope.
    /// </summary>
    public static async Task<PlanCalendarView?> ReadAsync(RapportDatabase database, AccessScope scope, StoredPlan plan, string? branchId, string? staffId, DateOnly date, CalendarSpan span, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        var who = await ResolveAsync(database, scope, branchId, staffId, cancellationToken).ConfigureAwait(false);
        if (who is not { } found)
        {
            return null;
        }

        var (branch, member, callers) = found;

        var (from, until) = Days(date, span);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        var dayFrom = StoredColumns.PlanDayValue(from, sqlite);
        var dayUntil = StoredColumns.PlanDayValue(until, sqlite);
        var calls = new Dictionary<DateOnly, int>();
        var due = new Dictionary<(DateOnly Day, Channel Channel), int>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (callers.Count > 0)
            {
                var parameters = new List<(string Name, object? Value)> { ("@from", dayFrom), ("@until", dayUntil) };
                var names = new List<string>();
                foreach (var caller in callers)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@staff{names.Count}");
                    parameters.Add((name, caller.Id));
                    names.Add(name);
                }

                // The index of calls by (day, staff): only the calls of the days shown are read.
                await using var rows = await StoredRows.OpenAsync(
                    connection,
                    null,
                    $"""
                    SELECT t.day, COUNT(*) FROM plan_touches t
                    WHERE t.start_minute IS NOT NULL AND t.day >= @from AND t.day <= @until AND t.staff_id IN ({string.Join(", ", names)})
                    GROUP BY t.day
                    """,
                    parameters,
                    cancellationToken).ConfigureAwait(false);
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    calls[rows.PlanDay(0)] = rows.Int32(1);
                }
            }

            await using (var rows = await StoredRows.OpenAsync(
                connection,
                null,
                "SELECT day, channel, SUM(touches) FROM plan_days WHERE day >= @from AND day <= @until AND branch_id = @branch GROUP BY day, channel",
                [("@from", dayFrom), ("@until", dayUntil), ("@branch", branch.Id)],
                cancellationToken).ConfigureAwait(false))
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    due[(rows.PlanDay(0), rows.Enum<Channel>(1))] = rows.Int32(2);
                }
            }
        }

        var days = new List<CalendarDay>();
        for (var day = from; day <= until; day = day.AddDays(1))
        {
            var inPlan = day >= plan.AsOf && day <= plan.LastDay;
            days.Add(new CalendarDay(
                day,
                inPlan,
                calls.GetValueOrDefault(day),
                inPlan ? callers.Sum(c => CallCapacity.OnDay(c, day, plan.Policy)) : 0,
                due.GetValueOrDefault((day, Channel.Print)),
                due.GetValueOrDefault((day, Channel.Email)),
                due.GetValueOrDefault((day, Channel.Sms)) + due.GetValueOrDefault((day, Channel.Social))));
        }

        var weeks = (await PlanStore.CapacityAsync(database, cancellationToken).ConfigureAwait(false))
            .Where(w => w.BranchId == branch.Id && w.WeekStart >= from && w.WeekStart <= until)
            .ToArray();
        return new PlanCalendarView(plan, branch, member, span, date, days, weeks);
    }

    /// <summary>The calls of one day, of a branch or one member of staff; null when either does not exist or lies outside the scope.</summary>
    public static async Task<DayCalls?> DayAsync(RapportDatabase database, AccessScope scope, StoredPlan plan, string? branchId, string? staffId, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        var who = await ResolveAsync(database, scope, branchId, staffId, cancellationToken).ConfigureAwait(false);
        if (who is not { } found)
        {
            return null;
        }

        var (branch, member, callers) = found;

        var queue = await WorkQueue.ReadAsync(database, plan, day, member?.Id, 0, cancellationToken).ConfigureAwait(false);
        var ids = callers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return new DayCalls(day, branch, member, queue.Calls.Where(c => c.Touch.StaffId is { } s && ids.Contains(s)).ToArray());
    }

    /// <summary>The branches in scope short of call capacity over the whole plan, most calls missing first.</summary>
    public static async Task<IReadOnlyList<BranchShortfall>> ShortfallsAsync(RapportDatabase database, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var weeks = await PlanStore.CapacityAsync(database, cancellationToken).ConfigureAwait(false);
        return BranchShortfall.Of(weeks.Where(w => scope.Covers(w.BranchId)));
    }

    private static async Task<(Branch Branch, StaffMember? Member, IReadOnlyList<StaffMember> Callers)?> ResolveAsync(RapportDatabase database, AccessScope scope, string? branchId, string? staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        StaffMember? member = null;
        if (staffId is not null)
        {
            member = await context.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId, cancellationToken).ConfigureAwait(false);
            if (member is null || !scope.Covers(member.BranchId))
            {
                return null;
            }

            branchId = member.BranchId;
        }

        if (branchId is null || !scope.Covers(branchId))
        {
            return null;
        }

        var branch = await context.Branches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == branchId, cancellationToken).ConfigureAwait(false);
        if (branch is null)
        {
            return null;
        }

        IReadOnlyList<StaffMember> callers = member is not null
            ? [member]
            : (await context.Staff.AsNoTracking().Where(s => s.BranchId == branchId).ToListAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        return (branch, member, callers);
    }
}
