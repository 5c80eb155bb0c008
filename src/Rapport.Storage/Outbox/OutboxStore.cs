using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Outbox;

/// <summary>A touch due to go out and not yet in the outbox: from the plan, or from a moment.</summary>
/// <param name="Key">The outbox key: the plan's touch id, or the moment's key.</param>
/// <param name="CustomerId">Who it goes to.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">The planned channel.</param>
/// <param name="Day">The day it is due.</param>
/// <param name="Moment">The moment that triggered it; null for the plan's cadence.</param>
public sealed record DueTouch(string Key, string CustomerId, TouchKind Kind, Channel Channel, DateOnly Day, MomentRow? Moment);

/// <summary>Who holds the send lock, when another sender is running.</summary>
/// <param name="Acquired">Whether this process now holds it.</param>
/// <param name="Holder">The holder's description (host and process), when someone else holds it.</param>
/// <param name="Recovered">Touches a stopped sender left mid-delivery, now marked uncertain.</param>
public sealed record SendLock(bool Acquired, string? Holder, int Recovered);

/// <summary>
/// The outbox: which touches have gone, are going, or could not go (SPEC R8). The key of a touch
/// is its primary key, so a touch has one row, and a row moves forward only:
/// rendered → sending → sent | failed | uncertain; or needs-attention or withheld without sending.
/// </summary>
public static class OutboxStore
{
    /// <summary>Days a touch may be late and still go: a sender that did not run for a few days catches up.</summary>
    public const int CatchUpDays = 6;

    /// <summary>
    /// Takes the send lock for this process. A lock left by a process that no longer runs on this
    /// machine is taken over, and the touches it left in <c>sending</c> become <c>uncertain</c>:
    /// they may have been delivered, so they are never resent silently.
    /// </summary>
    public static async Task<SendLock> AcquireAsync(RapportDatabase database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var me = Environment.ProcessId;
        var host = Environment.MachineName;
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = await context.SendLocks.SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            if (current.ProcessId != me && IsRunning(current.Holder, host, current.ProcessId))
            {
                return new SendLock(false, string.Create(CultureInfo.InvariantCulture, $"{current.Holder} (process {current.ProcessId}, since {current.StartedAt:yyyy-MM-dd HH:mm:ss}Z)"), 0);
            }

            context.SendLocks.Remove(current);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        context.SendLocks.Add(new SendLockRow { Holder = host, ProcessId = me, StartedAt = now });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var sending = State(OutboxState.Sending);
        var uncertain = State(OutboxState.Uncertain);
        var detail = string.Create(CultureInfo.InvariantCulture, $"caught mid-delivery: the sender stopped before the channel's answer was recorded (found {now:yyyy-MM-dd HH:mm:ss}Z)");
        var recovered = await context.Outbox.Where(o => o.State == sending)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.State, uncertain).SetProperty(o => o.Detail, detail).SetProperty(o => o.UpdatedAt, now), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SendLock(true, null, recovered);
    }

    /// <summary>Gives the send lock back.</summary>
    public static async Task ReleaseAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var me = Environment.ProcessId;
        await context.SendLocks.Where(l => l.ProcessId == me).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The touches due on <paramref name="day"/> (or up to <see cref="CatchUpDays"/> late) that are
    /// not yet in the outbox: the stored plan's letters and messages (replies come from their
    /// moments), and the moments' touches. Calls are not sent: they are on the call list.
    /// </summary>
    public static async Task<IReadOnlyList<DueTouch>> DueAsync(RapportDatabase database, DateOnly day, Channel? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var from = day.AddDays(-CatchUpDays);
        var due = new List<DueTouch>();
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // The plan's touch ids number the touches of one kind on one day of a customer: read
            // every touch of those days in plan order and number them as the plan does.
            await using var rows = await StoredRows.OpenAsync(
                connection,
                null,
                $"""
                SELECT customer_id, day, kind, channel, rule FROM plan_touches
                WHERE day >= @from AND day <= @day
                ORDER BY touch_no
                """,
                [("@from", StoredColumns.PlanDayValue(from, sqlite)), ("@day", StoredColumns.PlanDayValue(day, sqlite))],
                cancellationToken).ConfigureAwait(false);
            var numbers = new Dictionary<(string, DateOnly, TouchKind), int>();
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = rows.String(0);
                var touchDay = rows.PlanDay(1);
                var kind = rows.Enum<TouchKind>(2);
                var channel = rows.Enum<Channel>(3);
                var number = numbers[(customer, touchDay, kind)] = numbers.GetValueOrDefault((customer, touchDay, kind)) + 1;
                if (channel == Channel.Phone || (PlanRule)rows.Int32(4) == PlanRule.Reply || (only is { } o && o != channel))
                {
                    continue;
                }

                due.Add(new DueTouch(StoredTouch.IdOf(customer, touchDay, kind, number), customer, kind, channel, touchDay, null));
            }
        }

        await using var context = database.CreateContext();
        var phone = EnumText.ToText(Channel.Phone);
        var moments = await context.Moments.AsNoTracking()
            .Where(m => m.Earliest <= day && m.Due >= from && m.Channel != phone)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var moment in moments.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var channel = KebabNames<Channel>.Parse(moment.Channel);
            if (only is null || only == channel)
            {
                due.Add(new DueTouch(moment.Key, moment.CustomerId, KebabNames<TouchKind>.Parse(moment.Kind), channel, moment.Due < day ? moment.Due : day, moment));
            }
        }

        // Drop what the outbox already holds, whatever its state: a touch has one row, one delivery at most.
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in due.Select(d => d.Key).Chunk(500))
        {
            known.UnionWith(await context.Outbox.Where(o => chunk.Contains(o.Key)).Select(o => o.Key).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return due.Where(d => !known.Contains(d.Key)).ToArray();
    }

    /// <summary>Rows that failed for a passing reason (a 4xx answer, no connection) and whose next attempt is due.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> RetriesAsync(RapportDatabase database, DateTimeOffset now, Channel? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var failed = State(OutboxState.Failed);
        var channel = only is { } c ? EnumText.ToText(c) : null;
        return await context.Outbox.AsNoTracking()
            .Where(o => o.State == failed && o.NextAttemptAt != null && o.NextAttemptAt <= now && (channel == null || o.Channel == channel))
            .OrderBy(o => o.Key)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The moments with these keys: a retried touch's message is made from its moment again.</summary>
    public static async Task<Dictionary<string, MomentRow>> MomentsAsync(RapportDatabase database, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        await using var context = database.CreateContext();
        var moments = new Dictionary<string, MomentRow>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            foreach (var moment in await context.Moments.AsNoTracking().Where(m => chunk.Contains(m.Key)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                moments[moment.Key] = moment;
            }
        }

        return moments;
    }

    /// <summary>Adds rows (new touches) and updates rows (retries) in one transaction.</summary>
    public static async Task SaveAsync(RapportDatabase database, IReadOnlyList<OutboxRow> added, IReadOnlyList<OutboxRow> updated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        context.Outbox.AddRange(added);
        context.Outbox.UpdateRange(updated);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves rows to a state, recording what happened, in one transaction.</summary>
    public static async Task UpdateAsync(RapportDatabase database, IEnumerable<OutboxRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        context.Outbox.UpdateRange(rows);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the channel's answers in one transaction: the rows' states, the touches that went
    /// (into the customers' history), and the addresses a server refused for good.
    /// </summary>
    public static async Task CompleteAsync(RapportDatabase database, IReadOnlyList<OutboxRow> rows, IReadOnlyList<Touch> sent, IReadOnlyList<ConsentRecord> suppressions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        context.Outbox.UpdateRange(rows);
        var ids = sent.Select(t => t.Id).ToArray();
        var known = await context.Touches.Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        context.Touches.AddRange(sent.Where(t => !known.Contains(t.Id)));
        context.Consents.AddRange(suppressions);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows in a state, oldest first: the uncertain ones for <c>rapport send --uncertain</c>, the needs-attention list.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> InStateAsync(RapportDatabase database, OutboxState state, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var text = State(state);
        return await context.Outbox.AsNoTracking().Where(o => o.State == text).OrderBy(o => o.UpdatedAt).ThenBy(o => o.Key).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many rows are in each state.</summary>
    public static async Task<IReadOnlyDictionary<OutboxState, int>> CountsAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var counts = await context.Outbox.GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return counts.ToDictionary(c => KebabNames<OutboxState>.Parse(c.Key), c => c.Count);
    }

    /// <summary>The state as stored: kebab-case.</summary>
    public static string State(OutboxState state) => EnumText.ToText(state);

    private static bool IsRunning(string holderHost, string host, int processId)
    {
        // Another machine's sender cannot be checked from here: its lock stands.
        if (!string.Equals(holderHost, host, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
