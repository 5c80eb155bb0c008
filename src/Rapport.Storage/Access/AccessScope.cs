using Microsoft.EntityFrameworkCore;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Access;

/// <summary>
/// Whose customers someone may see and change (SPEC section 5): staff their own branch, managers
/// their branch and every branch that reports to it, administrators everything. An API key is
/// scoped the same way, by its branch or to all.
/// </summary>
/// <remarks>
/// A customer belongs to their home branch, else to the branch the last plan gave them (the
/// nearest, SPEC R12). A customer with neither is seen by administrators only. Outside the scope,
/// a customer does not exist: callers answer "not found", never "forbidden".
/// </remarks>
/// <param name="Actor">Who acts, for the audit log: <c>staff:S-001</c>, <c>apikey:rk_…</c>.</param>
/// <param name="Branches">The branches whose customers are in scope; null for every customer.</param>
public sealed record AccessScope(string Actor, IReadOnlySet<string>? Branches)
{
    /// <summary>Everything, as an administrator or the command line.</summary>
    public static AccessScope Everything(string actor) => new(actor, null);

    /// <summary>Whether the scope reaches every customer.</summary>
    public bool IsEverything => Branches is null;

    /// <summary>Whether a customer owned by this branch is in scope.</summary>
    public bool Covers(string? branchId) => Branches is null || (branchId is not null && Branches.Contains(branchId));

    /// <summary>The scope of a member of staff by their role; null when there is no such staff member.</summary>
    public static async Task<AccessScope?> ForStaffAsync(RapportDatabase database, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var staff = await context.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId, cancellationToken).ConfigureAwait(false);
        if (staff is null)
        {
            return null;
        }

        var actor = "staff:" + staff.Id;
        return staff.Role switch
        {
            StaffRole.Admin => Everything(actor),
            StaffRole.Manager => new AccessScope(actor, BranchAndReports(await context.Branches.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false), staff.BranchId)),
            _ => new AccessScope(actor, new HashSet<string>(StringComparer.Ordinal) { staff.BranchId }),
        };
    }

    /// <summary>The scope of a branch-bound API key or manager: the branch and every branch that reports to it.</summary>
    public static async Task<AccessScope> ForBranchAsync(RapportDatabase database, string actor, string branchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);

        // On every request of a branch key: the branch ids and whom they report to, by a plain query
        // (a few dozen short rows), read afresh so that a changed hierarchy counts at once.
        var reportsTo = new List<(string Id, string? ReportsTo)>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var rows = await StoredRows.OpenAsync(connection, null, "SELECT branch_id, reports_to FROM branches", [], cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                reportsTo.Add((rows.String(0), rows.StringOrNull(1)));
            }
        }

        return new AccessScope(actor, BranchAndReports(reportsTo, branchId));
    }

    /// <summary>A branch and every branch that reports to it, directly or through others (a cycle in the data stops the walk).</summary>
    public static IReadOnlySet<string> BranchAndReports(IEnumerable<Branch> branches, string branchId)
    {
        ArgumentNullException.ThrowIfNull(branches);
        return BranchAndReports(branches.Select(b => (b.Id, b.ReportsTo)), branchId);
    }

    private static IReadOnlySet<string> BranchAndReports(IEnumerable<(string Id, string? ReportsTo)> branches, string branchId)
    {
        var reports = branches.Where(b => b.ReportsTo is not null).ToLookup(b => b.ReportsTo!, b => b.Id, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal) { branchId };
        var queue = new Queue<string>([branchId]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var report in reports[next])
            {
                if (result.Add(report))
                {
                    queue.Enqueue(report);
                }
            }
        }

        return result;
    }

    /// <summary>The customers in scope, for composing further queries.</summary>
    public IQueryable<Customer> Customers(RapportDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Branches is null)
        {
            return context.Customers;
        }

        var branches = Branches.ToArray();
        return context.Customers.Where(c => branches.Contains(c.HomeBranchId ?? context.PlanCustomers.Where(p => p.CustomerId == c.Id).Select(p => p.BranchId).FirstOrDefault()));
    }

    /// <summary>Which of these customers exist and are in scope.</summary>
    public async Task<IReadOnlySet<string>> VisibleAsync(RapportDatabase database, IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(customerIds);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        await using var context = database.CreateContext();
        foreach (var chunk in customerIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            visible.UnionWith(await Customers(context).Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return visible;
    }

    /// <summary>Whether a customer exists and is in scope: false for both "no such customer" and "not yours".</summary>
    public async Task<bool> CanSeeCustomerAsync(RapportDatabase database, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        return await Customers(context).AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
    }
}
