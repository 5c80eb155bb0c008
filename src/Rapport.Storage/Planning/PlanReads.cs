using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Access;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;

namespace Rapport.Storage.Planning;

/// <summary>What a read of the plan came to.</summary>
/// <param name="Value">What was read; null when there is no plan or nothing in scope.</param>
/// <param name="NoPlan">No plan has been made yet (<c>rapport plan</c>).</param>
/// <param name="NotFound">The customer or member of staff does not exist in the caller's scope.</param>
public sealed record PlanRead<T>(T? Value, bool NoPlan = false, bool NotFound = false)
    where T : class;

/// <summary>
/// The stored plan as the HTTP API reads it (SPEC R5: "the plan by customer, staff or date"), always
/// within the caller's <see cref="AccessScope"/>: a customer or member of staff outside it is not found.
/// </summary>
public sealed class PlanReads(RapportDatabase database)
{
    /// <summary>One customer's planned and held touches from <paramref name="from"/> for <paramref name="days"/> days.</summary>
    public async Task<PlanRead<CustomerPlan>> CustomerAsync(AccessScope scope, string customerId, DateOnly from, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!await scope.CanSeeCustomerAsync(database, customerId, cancellationToken).ConfigureAwait(false))
        {
            return new PlanRead<CustomerPlan>(null, NotFound: true);
        }

        if (await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return new PlanRead<CustomerPlan>(null, NoPlan: true);
        }

        // A customer added since the plan was made has no part in it yet: an empty plan, not "not found".
        var found = await PlanStore.CustomerAsync(database, plan, customerId, from, from.AddDays(days - 1), cancellationToken).ConfigureAwait(false);
        return new PlanRead<CustomerPlan>(found ?? new CustomerPlan(customerId, null, null, null, null, [], []));
    }

    /// <summary>A member of staff's calls on a day, in time order; not found when their branch is outside the scope.</summary>
    public async Task<PlanRead<WorkQueue>> StaffDayAsync(AccessScope scope, string staffId, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using (var context = database.CreateContext())
        {
            var branch = await context.Staff.AsNoTracking().Where(s => s.Id == staffId).Select(s => s.BranchId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (branch is null || !scope.Covers(branch))
            {
                return new PlanRead<WorkQueue>(null, NotFound: true);
            }
        }

        if (await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return new PlanRead<WorkQueue>(null, NoPlan: true);
        }

        return new PlanRead<WorkQueue>(await WorkQueue.ReadAsync(database, plan, day, staffId, 0, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The planned touches of a day for the customers in scope, in plan order (customer by customer).</summary>
    public async Task<PlanRead<RecordPage<StoredTouch>>> DayAsync(AccessScope scope, DateOnly day, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return new PlanRead<RecordPage<StoredTouch>>(null, NoPlan: true);
        }

        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        var parameters = new List<(string, object?)> { ("@day", StoredColumns.PlanDayValue(day, sqlite)) };
        var inScope = string.Empty;
        if (scope.Branches is { } branches)
        {
            // The owner as AccessScope.Customers defines it: the home branch, else the plan's.
            var names = branches.Select((b, i) => (Name: "@b" + i.ToString(CultureInfo.InvariantCulture), Branch: b)).ToArray();
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Branch)));
            inScope = names.Length == 0 ? " AND 1 = 0" : $" AND COALESCE(cu.home_branch_id, p.branch_id) IN ({string.Join(", ", names.Select(n => n.Name))})";
        }

        const string from = """
            FROM plan_touches t
            JOIN plan_customers p ON p.customer_id = t.customer_id
            LEFT JOIN customers cu ON cu.customer_id = t.customer_id
            WHERE t.day = @day
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long total;
        await using (var rows = await StoredRows.OpenAsync(connection, null, $"SELECT COUNT(*) {from}{inScope}", parameters, cancellationToken).ConfigureAwait(false))
        {
            total = await rows.ReadAsync(cancellationToken).ConfigureAwait(false) ? rows.Int64(0) : 0;
        }

        var touches = new List<StoredTouch>();
        const int c = PlanStore.TouchSelectColumns;
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT {PlanStore.TouchSelect},
                   (SELECT COUNT(*) FROM plan_touches o
                    WHERE o.touch_no >= p.first_touch AND o.touch_no < t.touch_no AND o.day = t.day AND o.kind = t.kind)
            {from}{inScope}
            ORDER BY t.touch_no
            LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}
            """,
            parameters,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                touches.Add(PlanStore.ReadTouch(rows, 0, plan, numbering: null, number: rows.Int32(c) + 1));
            }
        }

        return new PlanRead<RecordPage<StoredTouch>>(new RecordPage<StoredTouch>(touches, total));
    }
}
