using Microsoft.EntityFrameworkCore;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Analytics;
using Rapport.Storage.Database;

namespace Rapport.Storage.Customers;

/// <summary>Which customers to list.</summary>
/// <param name="Search">Text to find in the id, name, company or e-mail (case-insensitive); null for all.</param>
/// <param name="BranchId">Only customers whose home branch this is; null for all.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Offset">Skip this many first (for paging).</param>
public sealed record CustomerFilter(string? Search = null, string? BranchId = null, int Limit = 50, int Offset = 0);

/// <summary>A page of customers, in id order.</summary>
/// <param name="Customers">The customers on the page.</param>
/// <param name="Total">How many customers match the filter in all.</param>
public sealed record CustomerPage(IReadOnlyList<Customer> Customers, long Total);

/// <summary>The customer 360 view: everything Rapport knows about one customer.</summary>
/// <param name="Customer">The profile.</param>
/// <param name="HomeBranch">The home branch, when one is set.</param>
/// <param name="AccountManager">The account manager, when one is set.</param>
/// <param name="ReferredBy">The customer who referred this one, when known.</param>
/// <param name="Consent">Per channel, whether contact is allowed now and which record says so.</param>
/// <param name="ConsentHistory">Every consent record, newest first.</param>
/// <param name="Purchases">What the customer bought, in brief.</param>
/// <param name="RecentTouches">The latest touches, newest first.</param>
/// <param name="TouchCount">How many touches there are in all.</param>
/// <param name="Scores">The scores of the last <c>rapport analyze</c>, if the customer was analysed.</param>
public sealed record CustomerProfile(
    Customer Customer,
    Branch? HomeBranch,
    StaffMember? AccountManager,
    Customer? ReferredBy,
    ConsentState Consent,
    IReadOnlyList<ConsentRecord> ConsentHistory,
    PurchaseSummary Purchases,
    IReadOnlyList<Touch> RecentTouches,
    int TouchCount,
    CustomerScoreRow? Scores);

/// <summary>Finds and shows customers.</summary>
public sealed class CustomerDirectory(RapportDatabase database, TimeProvider time)
{
    public const int RecentTouchCount = 10;

    /// <summary>A page of customers in id order; with a scope, only the customers in it (the API's list).</summary>
    public async Task<CustomerPage> ListAsync(CustomerFilter filter, CancellationToken cancellationToken, AccessScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var context = database.CreateContext();
        var query = scope?.Customers(context) ?? context.Customers;
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // E-mail addresses are stored as one list column that LINQ cannot see into; match
            // with SQL and select by id (composing on FromSql loses the complex-type columns).
            var pattern = LikePattern(filter.Search);
            var matching = context.Database.SqlQuery<string>($"""
                SELECT customer_id AS "Value" FROM customers
                WHERE lower(customer_id) LIKE {pattern} ESCAPE '\'
                   OR lower(first_name) LIKE {pattern} ESCAPE '\'
                   OR lower(last_name) LIKE {pattern} ESCAPE '\'
                   OR lower(company) LIKE {pattern} ESCAPE '\'
                   OR lower(emails) LIKE {pattern} ESCAPE '\'
                """);
            query = query.Where(c => matching.Contains(c.Id));
        }

        query = query.AsNoTracking();
        if (filter.BranchId is not null)
        {
            query = query.Where(c => c.HomeBranchId == filter.BranchId);
        }

        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var page = await query.OrderBy(c => c.Id).Skip(filter.Offset).Take(filter.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CustomerPage(page, total);
    }

    /// <summary>Whether there is a customer with that id.</summary>
    public async Task<bool> ExistsAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using var context = database.CreateContext();
        return await context.Customers.AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The 360 view of one customer, or null when there is no customer with that id.</summary>
    public async Task<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using var context = database.CreateContext();
        var customer = await context.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return null;
        }

        var branch = customer.HomeBranchId is null ? null
            : await context.Branches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == customer.HomeBranchId, cancellationToken).ConfigureAwait(false);
        var manager = customer.AccountManagerId is null ? null
            : await context.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == customer.AccountManagerId, cancellationToken).ConfigureAwait(false);
        var referrer = customer.ReferredBy is null ? null
            : await context.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customer.ReferredBy, cancellationToken).ConfigureAwait(false);
        var consents = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var purchases = await context.Purchases.AsNoTracking().Where(p => p.CustomerId == customerId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var touches = await context.Touches.AsNoTracking().Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.At).Take(RecentTouchCount).ToListAsync(cancellationToken).ConfigureAwait(false);
        var touchCount = await context.Touches.CountAsync(t => t.CustomerId == customerId, cancellationToken).ConfigureAwait(false);
        var scores = await context.CustomerScores.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken).ConfigureAwait(false);

        return new CustomerProfile(
            customer,
            branch,
            manager,
            referrer,
            ConsentState.From(consents, time.GetUtcNow()),
            consents.OrderByDescending(c => c.At).ThenBy(c => c.Channel).ToArray(),
            PurchaseSummary.From(purchases),
            touches,
            touchCount,
            scores);
    }

    private static string LikePattern(string search)
    {
        var escaped = search.Trim().ToLowerInvariant()
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }
}
