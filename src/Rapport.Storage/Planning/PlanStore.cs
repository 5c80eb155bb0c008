using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;

namespace Rapport.Storage.Planning;

/// <summary>
/// Stores the plan, replacing the previous one as a whole in one transaction, and reads it back:
/// the run, a customer's touches, a day's work, every touch for export, the capacity report.
/// </summary>
/// <remarks>
/// <para>Touches are stored in the plan's order (customer, then day), numbered from 0; each
/// customer's row in <c>plan_customers</c> says where its touches and held touches start and how
/// many there are, so a customer's plan is one range of numbers and the export one pass over the
/// table. Calls have an index of their own by day and staff member; letters and messages are
/// counted per day, branch, channel and kind in <c>plan_days</c>.</para>
/// <para>Rows are compact: rules are numbers, and the reason of a touch is written when it is
/// read, from the rule and the policy stored with the run. Held touches store their sentence,
/// which depends on the customer's consent at planning time.</para>
/// </remarks>
public static class PlanStore
{
    private const int ProgressEvery = 1 << 16;

    private static readonly (string, RowValue)[] CustomerColumns =
        [("customer_id", RowValue.Text), ("branch_id", RowValue.Text), ("summary", RowValue.Text), ("first_touch", RowValue.Int32), ("touches", RowValue.Int32), ("first_held", RowValue.Int32), ("held", RowValue.Int32)];

    private static readonly (string, RowValue)[] TouchColumns =
        [("touch_no", RowValue.Int32), ("customer_id", RowValue.Text), ("day", RowValue.Day), ("start_minute", RowValue.Int16), ("channel", RowValue.Text), ("kind", RowValue.Text), ("staff_id", RowValue.Text), ("branch_id", RowValue.Text), ("rule", RowValue.Int16), ("detail", RowValue.Int32), ("channel_rank", RowValue.Int16)];

    private static readonly (string, RowValue)[] HeldColumns =
        [("held_no", RowValue.Int32), ("customer_id", RowValue.Text), ("day", RowValue.Day), ("kind", RowValue.Text), ("wanted_by", RowValue.Int16), ("held_by", RowValue.Int16), ("reason", RowValue.Text)];

    private static readonly (string, RowValue)[] UnreachableColumns = [("customer_id", RowValue.Text), ("why", RowValue.Text)];

    private static readonly (string, RowValue)[] CapacityColumns =
        [("branch_id", RowValue.Text), ("week_start", RowValue.Day), ("capacity", RowValue.Int32), ("planned", RowValue.Int32), ("missing", RowValue.Int32), ("minutes_per_call", RowValue.Int32)];

    private static readonly (string, RowValue)[] DayColumns =
        [("day", RowValue.Day), ("branch_id", RowValue.Text), ("channel", RowValue.Text), ("kind", RowValue.Text), ("touches", RowValue.Int32), ("first_touch", RowValue.Int32), ("second_touch", RowValue.Int32), ("third_touch", RowValue.Int32)];

    private static readonly (string, RowValue)[] RunColumns =
        [("id", RowValue.Int32), ("as_of", RowValue.Day), ("horizon_days", RowValue.Int32), ("made_at", RowValue.Instant), ("policy", RowValue.Text), ("customers", RowValue.Int32), ("touches", RowValue.Int32), ("calls", RowValue.Int32), ("held", RowValue.Int32), ("unreachable", RowValue.Int32), ("calls_missing", RowValue.Int32)];

    private static readonly string[] ChannelNames = Enum.GetValues<Channel>().Select(c => EnumText.ToText(c)).ToArray();
    private static readonly byte[][] ChannelBytes = ChannelNames.Select(Encoding.UTF8.GetBytes).ToArray();
    private static readonly string[] KindNames = Enum.GetValues<TouchKind>().Select(k => EnumText.ToText(k)).ToArray();
    private static readonly byte[][] KindBytes = KindNames.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly string[] Tables = ["plan_runs", "plan_customers", "plan_touches", "plan_held", "plan_unreachable", "plan_capacity", "plan_days"];

    /// <summary>The name the run's stored policy is given in messages about it.</summary>
    private const string StoredPolicyName = "plan_runs.policy";

    /// <summary>
    /// Replaces the stored plan with this one, in one transaction: readers see the old plan or
    /// the new, never part of either, and a failure or cancellation leaves the old plan.
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="madeAt">When the plan was made.</param>
    /// <param name="progress">Told the share of rows written, from 0 to 1.</param>
    /// <param name="cancellationToken">Stops the work; nothing is stored then.</param>
    public static async Task SaveAsync(RapportDatabase database, Plan plan, DateTimeOffset madeAt, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        var input = plan.Input;
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        var total = Math.Max(1.0, (double)input.Customers.Count + plan.Touches.Length + plan.Held.Length + plan.Unreachable.Length);
        var written = 0L;
        void Wrote()
        {
            if (++written % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(written / total);
            }
        }

        // SQLite: readers keep seeing the old plan until the commit (WAL). PostgreSQL: TRUNCATE is
        // transactional, and locks the plan tables until the commit.
        await using var session = await WriteSession.BeginAsync(database, cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync(
            sqlite ? string.Concat(Tables.Select(t => $"DELETE FROM {t};")) : $"TRUNCATE {string.Join(", ", Tables)}",
            cancellationToken).ConfigureAwait(false);

        // Where each customer's touches and held touches start: both lists are in customer order.
        var customers = input.Customers;
        var firstTouch = Starts(customers.Count, plan.Touches, static t => t.Customer);
        var firstHeld = Starts(customers.Count, plan.Held, static h => h.Customer);

        await using (var writer = await session.WriteAsync("plan_customers", CustomerColumns, customers.Count, cancellationToken).ConfigureAwait(false))
        {
            for (var c = 0; c < customers.Count; c++)
            {
                var owner = plan.Owners[c];
                writer.Text(customers[c].Id);
                writer.TextOrNull(owner >= 0 ? input.Branches[owner].Id : null);
                writer.TextOrNull(PlanReasons.Summary(input, c));
                writer.Integer(firstTouch[c]);
                writer.Integer(firstTouch[c + 1] - firstTouch[c]);
                writer.Integer(firstHeld[c]);
                writer.Integer(firstHeld[c + 1] - firstHeld[c]);
                writer.EndRow();
                Wrote();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        var days = new DayCounts(input);
        await using (var writer = await session.WriteAsync("plan_touches", TouchColumns, plan.Touches.Length, cancellationToken).ConfigureAwait(false))
        {
            var touches = plan.Touches;
            var customer = new CustomerIdText();
            for (var i = 0; i < touches.Length; i++)
            {
                var t = touches[i];
                writer.Integer(i);
                customer.Write(writer, customers[t.Customer].Id);
                writer.Day(t.Day);
                if (t.IsCall)
                {
                    writer.Integer(t.StartMinute);
                }
                else
                {
                    writer.Null();
                    days.Add(t, i);
                }

                writer.Text(ChannelNames[(int)t.Channel], ChannelBytes[(int)t.Channel]);
                writer.Text(KindNames[(int)t.Kind], KindBytes[(int)t.Kind]);
                writer.TextOrNull(t.Staff >= 0 ? input.Staff[t.Staff].Id : null);
                writer.TextOrNull(t.Branch >= 0 ? input.Branches[t.Branch].Id : null);
                writer.Integer((int)t.Rule);
                writer.Integer(t.Detail);
                writer.Integer(t.ChannelRank);
                writer.EndRow();
                Wrote();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await using (var writer = await session.WriteAsync("plan_held", HeldColumns, plan.Held.Length, cancellationToken).ConfigureAwait(false))
        {
            // A sentence that depends on the customer ("no consent to e-mail: e-mail withdrawn",
            // "while the customer is lost") is stored as it was at planning time; one that follows
            // from the rule and the policy alone is left out and written again when read (ReasonOf).
            var held = plan.Held;
            for (var i = 0; i < held.Length; i++)
            {
                var h = held[i];
                writer.Integer(i);
                writer.Text(customers[h.Customer].Id);
                writer.Day(h.Day);
                writer.Text(KindNames[(int)h.Kind], KindBytes[(int)h.Kind]);
                writer.Integer((int)h.WantedBy);
                writer.Integer((int)h.HeldBy);
                writer.TextOrNull(StoredReason(input, h));
                writer.EndRow();
                Wrote();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await using (var writer = await session.WriteAsync("plan_unreachable", UnreachableColumns, plan.Unreachable.Length, cancellationToken).ConfigureAwait(false))
        {
            foreach (var u in plan.Unreachable)
            {
                writer.Text(customers[u.Customer].Id);
                writer.Text(u.Why);
                writer.EndRow();
                Wrote();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await using (var writer = await session.WriteAsync("plan_capacity", CapacityColumns, plan.Capacity.Count, cancellationToken).ConfigureAwait(false))
        {
            foreach (var week in plan.Capacity)
            {
                writer.Text(week.BranchId);
                writer.Day(week.WeekStart);
                writer.Integer(week.Capacity);
                writer.Integer(week.Planned);
                writer.Integer(week.Missing);
                writer.Integer(week.MinutesPerCall);
                writer.EndRow();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await using (var writer = await session.WriteAsync("plan_days", DayColumns, days.Count, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (day, branch, channel, kind, touches, first) in days.All())
            {
                writer.Day(day);
                writer.TextOrNull(branch);
                writer.Text(EnumText.ToText(channel));
                writer.Text(EnumText.ToText(kind));
                writer.Integer(touches);
                for (var i = 0; i < DayCounts.Firsts; i++)
                {
                    if (i < first.Length)
                    {
                        writer.Integer(first[i]);
                    }
                    else
                    {
                        writer.Null();
                    }
                }

                writer.EndRow();
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await using (var writer = await session.WriteAsync("plan_runs", RunColumns, 1, cancellationToken).ConfigureAwait(false))
        {
            writer.Integer(1);
            writer.Day(input.AsOf);
            writer.Integer(input.HorizonDays);
            writer.Instant(madeAt);
            writer.Text(PolicyFile.Format(input.Policy));
            writer.Integer(customers.Count);
            writer.Integer(plan.Touches.Length);
            writer.Integer(plan.Touches.Count(t => t.IsCall));
            writer.Integer(plan.Held.Length);
            writer.Integer(plan.Unreachable.Length);
            writer.Integer(plan.CallsMissing);
            writer.EndRow();
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(written / total);

        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(1);
    }

    /// <summary>The stored plan, or <see langword="null"/> when no plan has been made yet.</summary>
    /// <exception cref="InvalidDataException">The stored policy cannot be read (edited by hand).</exception>
    public static async Task<StoredPlan?> RunAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var run = await context.PlanRuns.AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        var policy = PolicyFile.Parse(run.Policy, StoredPolicyName);
        if (!policy.Success)
        {
            throw new InvalidDataException($"the stored plan's policy cannot be read: {string.Join("; ", policy.Problems)}");
        }

        return new StoredPlan(run.AsOf, run.HorizonDays, run.MadeAt, policy.Policy!, run.Customers, run.Touches, run.Calls, run.Held, run.Unreachable, run.CallsMissing);
    }

    /// <summary>One customer's touches and held touches between two days (both included), or <see langword="null"/> when the plan does not know the customer.</summary>
    public static async Task<CustomerPlan?> CustomerAsync(RapportDatabase database, StoredPlan plan, string customerId, DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string? branchId, branchName, summary, customerName;
        int firstTouch, touchCount, firstHeld, heldCount;
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            """
            SELECT p.branch_id, b.name, p.summary, p.first_touch, p.touches, p.first_held, p.held, c.first_name, c.last_name, c.company
            FROM plan_customers p
            LEFT JOIN branches b ON b.branch_id = p.branch_id
            LEFT JOIN customers c ON c.customer_id = p.customer_id
            WHERE p.customer_id = @customer
            """,
            [("@customer", customerId)],
            cancellationToken).ConfigureAwait(false))
        {
            if (!await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (branchId, branchName, summary) = (rows.StringOrNull(0), rows.StringOrNull(1), rows.StringOrNull(2));
            (firstTouch, touchCount, firstHeld, heldCount) = (rows.Int32(3), rows.Int32(4), rows.Int32(5), rows.Int32(6));
            customerName = DisplayName(rows.StringOrNull(7), rows.StringOrNull(8), rows.StringOrNull(9));
        }

        var touches = new List<(StoredTouch, string?)>();
        var numbering = new TouchNumbering();
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT {TouchSelect}, s.name
            FROM plan_touches t LEFT JOIN staff s ON s.staff_id = t.staff_id
            WHERE t.touch_no >= @first AND t.touch_no < @end AND t.day >= @from AND t.day <= @until
            ORDER BY t.touch_no
            """,
            [("@first", firstTouch), ("@end", firstTouch + touchCount), ("@from", StoredColumns.PlanDayValue(from, sqlite)), ("@until", StoredColumns.PlanDayValue(until, sqlite))],
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                touches.Add((ReadTouch(rows, 0, plan, numbering), rows.StringOrNull(TouchSelectColumns)));
            }
        }

        var held = new List<StoredHeldTouch>();
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            "SELECT customer_id, day, kind, wanted_by, held_by, reason FROM plan_held WHERE held_no >= @first AND held_no < @end AND day >= @from AND day <= @until ORDER BY held_no",
            [("@first", firstHeld), ("@end", firstHeld + heldCount), ("@from", StoredColumns.PlanDayValue(from, sqlite)), ("@until", StoredColumns.PlanDayValue(until, sqlite))],
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var touch = new HeldTouch(0, rows.PlanDay(1), rows.Enum<TouchKind>(2), (PlanRule)rows.Int32(3), (PlanRule)rows.Int32(4));
                held.Add(new StoredHeldTouch(rows.String(0), touch.Day, touch.Kind, touch.WantedBy, touch.HeldBy, ReasonOf(plan.Policy, touch, rows.StringOrNull(5))));
            }
        }

        return new CustomerPlan(customerId, customerName, branchId, branchName, summary, touches, held);
    }

    /// <summary>Every planned touch, in customer and day order, one at a time.</summary>
    public static async IAsyncEnumerable<StoredTouch> TouchesAsync(RapportDatabase database, StoredPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var rows = await StoredRows.OpenAsync(connection, null, $"SELECT {TouchSelect} FROM plan_touches t ORDER BY t.touch_no", [], cancellationToken).ConfigureAwait(false);
        var numbering = new TouchNumbering();
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadTouch(rows, 0, plan, numbering);
        }
    }

    /// <summary>Whether the database holds this staff member.</summary>
    public static async Task<bool> StaffExistsAsync(RapportDatabase database, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        return await context.Staff.AnyAsync(s => s.Id == staffId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the database holds this customer.</summary>
    public static async Task<bool> CustomerExistsAsync(RapportDatabase database, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        return await context.Customers.AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every call of one staff member, in time order, with the customer's name, phone and time zone.</summary>
    public static async Task<IReadOnlyList<StaffCall>> CallsOfAsync(RapportDatabase database, StoredPlan plan, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT {TouchSelect}, c.first_name, c.last_name, c.company, c.phones, COALESCE(c.time_zone, b.time_zone),
                   (SELECT COUNT(*) FROM plan_touches o
                    WHERE o.touch_no >= p.first_touch AND o.touch_no < t.touch_no AND o.day = t.day AND o.kind = t.kind)
            FROM plan_touches t
            JOIN plan_customers p ON p.customer_id = t.customer_id
            LEFT JOIN customers c ON c.customer_id = t.customer_id
            LEFT JOIN branches b ON b.branch_id = t.branch_id
            WHERE t.start_minute IS NOT NULL AND t.staff_id = @staff
            ORDER BY t.day, t.start_minute, t.touch_no
            """,
            [("@staff", staffId)],
            cancellationToken).ConfigureAwait(false);
        var calls = new List<StaffCall>();
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var touch = ReadTouch(rows, 0, plan, numbering: null, number: rows.Int32(TouchSelectColumns + 5) + 1);
            calls.Add(new StaffCall(
                touch,
                DisplayName(rows.StringOrNull(TouchSelectColumns), rows.StringOrNull(TouchSelectColumns + 1), rows.StringOrNull(TouchSelectColumns + 2)),
                FirstOfList(rows.StringOrNull(TouchSelectColumns + 3)),
                rows.StringOrNull(TouchSelectColumns + 4)));
        }

        return calls;
    }

    /// <summary>Calls against capacity per branch and week, by branch and week.</summary>
    public static async Task<IReadOnlyList<CapacityWeek>> CapacityAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var rows = await context.PlanCapacity.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows
            .OrderBy(r => r.BranchId, StringComparer.Ordinal).ThenBy(r => r.WeekStart)
            .Select(r => new CapacityWeek(r.BranchId, r.WeekStart, r.Capacity, r.Planned, r.Missing, r.MinutesPerCall))
            .ToArray();
    }

    /// <summary>Customers no touch can reach, in id order; at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<StoredUnreachable>> UnreachableAsync(RapportDatabase database, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        return await context.PlanUnreachable.AsNoTracking().OrderBy(u => u.CustomerId).Take(limit)
            .Select(u => new StoredUnreachable(u.CustomerId, u.Why))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The columns of a touch, as <see cref="ReadTouch"/> reads them, from a table aliased <c>t</c>.</summary>
    internal const string TouchSelect = "t.customer_id, t.day, t.start_minute, t.channel, t.kind, t.staff_id, t.branch_id, t.rule, t.detail, t.channel_rank";

    internal const int TouchSelectColumns = 10;

    /// <summary>Reads a touch selected with <see cref="TouchSelect"/>, numbering it among the touches of its customer, day and kind.</summary>
    /// <param name="rows">The rows, on a touch.</param>
    /// <param name="at">The ordinal of the first column.</param>
    /// <param name="plan">The stored plan, for the reason.</param>
    /// <param name="numbering">Numbers touches read in plan order; null when <paramref name="number"/> is given.</param>
    /// <param name="number">The touch's number among its customer's touches of its kind that day, when the query worked it out.</param>
    internal static StoredTouch ReadTouch(StoredRows rows, int at, StoredPlan plan, TouchNumbering? numbering, int number = 1)
    {
        var customerId = rows.String(at);
        var day = rows.PlanDay(at + 1);
        var start = rows.IsNull(at + 2) ? (short?)null : (short)rows.Int32(at + 2);
        var channel = rows.Enum<Channel>(at + 3);
        var kind = rows.Enum<TouchKind>(at + 4);
        var rule = (PlanRule)rows.Int32(at + 7);
        var detail = rows.Int32(at + 8);
        var rank = (byte)rows.Int32(at + 9);
        var planned = new PlannedTouch(-1, day, start ?? -1, channel, kind, -1, -1, rule, detail, rank);
        number = numbering?.Next(customerId, day, kind) ?? number;
        return new StoredTouch(
            StoredTouch.IdOf(customerId, day, kind, number),
            customerId,
            day,
            start,
            plan.Policy.MinutesPerCall,
            channel,
            kind,
            rows.StringOrNull(at + 5),
            rows.StringOrNull(at + 6),
            rule,
            PlanReasons.Describe(plan.Policy, planned));
    }

    internal static string? DisplayName(string? firstName, string? lastName, string? company)
    {
        var person = string.Join(' ', new[] { firstName, lastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return person.Length > 0 ? person : company;
    }

    internal static string? FirstOfList(string? list) =>
        string.IsNullOrEmpty(list) ? null : list.Split(Mapping.StoredValues.ListSeparator, 2)[0];

    /// <summary>The sentence of a held touch to store: only where it says more than the policy alone.</summary>
    private static string? StoredReason(PlanInput input, HeldTouch held)
    {
        if (!PlanReasons.DependsOnCustomer(held))
        {
            return null;
        }

        var reason = PlanReasons.Describe(input, held);
        return string.Equals(reason, PlanReasons.Describe(input.Policy, held), StringComparison.Ordinal) ? null : reason;
    }

    /// <summary>A held touch's sentence: the stored one, else the one the policy alone gives.</summary>
    private static string ReasonOf(ContactPolicy policy, HeldTouch held, string? stored) =>
        stored ?? PlanReasons.Describe(policy, held);

    private static int[] Starts<T>(int customers, T[] rows, Func<T, int> customerOf)
    {
        var starts = new int[customers + 1];
        foreach (var row in rows)
        {
            starts[customerOf(row) + 1]++;
        }

        for (var c = 0; c < customers; c++)
        {
            starts[c + 1] += starts[c];
        }

        return starts;
    }
}

/// <summary>A customer's id as text and UTF-8, encoded once for all of the customer's consecutive touches.</summary>
internal sealed class CustomerIdText
{
    private string? _id;
    private byte[] _bytes = [];

    public void Write(RowWriter writer, string id)
    {
        if (!ReferenceEquals(id, _id))
        {
            _id = id;
            _bytes = Encoding.UTF8.GetBytes(id);
        }

        writer.Text(id, _bytes);
    }
}

/// <summary>Letters and messages per day, owning branch, channel and kind, with the numbers of the first three: the rows of <c>plan_days</c>.</summary>
internal sealed class DayCounts(PlanInput input)
{
    /// <summary>How many touch numbers are kept per row, as examples.</summary>
    public const int Firsts = 3;

    private static readonly int Channels = Enum.GetValues<Channel>().Length;
    private static readonly int Kinds = Enum.GetValues<TouchKind>().Length;

    // Dense arrays, not a dictionary: one count per touch of millions.
    private readonly int[] _counts = new int[input.HorizonDays * (input.Branches.Count + 1) * Channels * Kinds];
    private readonly int[] _firsts = new int[input.HorizonDays * (input.Branches.Count + 1) * Channels * Kinds * Firsts];

    public int Count => _counts.Count(c => c > 0);

    public void Add(PlannedTouch touch, int number)
    {
        var at = Slot(touch.Day.DayNumber - input.AsOf.DayNumber, touch.Branch + 1, (int)touch.Channel, (int)touch.Kind);
        var seen = _counts[at]++;
        if (seen < Firsts)
        {
            _firsts[(at * Firsts) + seen] = number;
        }
    }

    public IEnumerable<(DateOnly Day, string? BranchId, Channel Channel, TouchKind Kind, int Touches, int[] Firsts)> All()
    {
        for (var day = 0; day < input.HorizonDays; day++)
        {
            for (var branch = 0; branch <= input.Branches.Count; branch++)
            {
                for (var channel = 0; channel < Channels; channel++)
                {
                    for (var kind = 0; kind < Kinds; kind++)
                    {
                        var at = Slot(day, branch, channel, kind);
                        if (_counts[at] > 0)
                        {
                            var firsts = _firsts.AsSpan(at * Firsts, Math.Min(Firsts, _counts[at])).ToArray();
                            yield return (input.AsOf.AddDays(day), branch == 0 ? null : input.Branches[branch - 1].Id, (Channel)channel, (TouchKind)kind, _counts[at], firsts);
                        }
                    }
                }
            }
        }
    }

    private int Slot(int day, int branch, int channel, int kind) =>
        (((((day * (input.Branches.Count + 1)) + branch) * Channels) + channel) * Kinds) + kind;
}

/// <summary>Numbers touches read in plan order among those of the same customer, day and kind: 1, then 2…</summary>
internal sealed class TouchNumbering
{
    private (string Customer, DateOnly Day, TouchKind Kind) _last;
    private int _number;

    public int Next(string customerId, DateOnly day, TouchKind kind)
    {
        // Within a customer, touches are ordered by day, then kind: equal ones are neighbours.
        var key = (customerId, day, kind);
        _number = _last.Customer is not null && string.Equals(_last.Customer, customerId, StringComparison.Ordinal) && _last.Day == day && _last.Kind == kind
            ? _number + 1
            : 1;
        _last = key;
        return _number;
    }
}
