using Microsoft.EntityFrameworkCore;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Storage.Customers;

/// <summary>One page of a longer list.</summary>
/// <param name="Items">The items on the page.</param>
/// <param name="Total">How many items there are in all.</param>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, long Total);

/// <summary>A customer with the consent in force for each channel now.</summary>
public sealed record CustomerWithConsent(Customer Customer, ConsentState Consent);

/// <summary>
/// What the HTTP API reads about customers, always within the caller's <see cref="AccessScope"/>:
/// a customer outside it reads as no customer at all (null), exactly like an unknown id.
/// </summary>
public sealed class CustomerRecords(RapportDatabase database, TimeProvider time)
{
    /// <summary>Customers in scope, in id order, optionally those whose id, name, company or e-mail contain <paramref name="search"/> (case-insensitive).</summary>
    public async Task<RecordPage<Customer>> ListAsync(AccessScope scope, string? search, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var page = await new CustomerDirectory(database, time).ListAsync(new CustomerFilter(search, null, limit, offset), cancellationToken, scope).ConfigureAwait(false);
        return new RecordPage<Customer>(page.Customers, page.Total);
    }

    /// <summary>One customer in scope and their consent now; null for an unknown customer and one outside the scope alike.</summary>
    public async Task<CustomerWithConsent?> FindAsync(AccessScope scope, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        var customer = await scope.Customers(context).AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return null;
        }

        var consents = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CustomerWithConsent(customer, ConsentState.From(consents, time.GetUtcNow()));
    }

    /// <summary>A customer's purchases, newest first; null when the customer is not in scope.</summary>
    public async Task<RecordPage<Purchase>?> PurchasesAsync(AccessScope scope, string customerId, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        if (!await scope.Customers(context).AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var query = context.Purchases.AsNoTracking().Where(p => p.CustomerId == customerId);
        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query.OrderByDescending(p => p.At).ThenBy(p => p.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new RecordPage<Purchase>(items, total);
    }

    /// <summary>A customer's touches (either way), newest first; null when the customer is not in scope.</summary>
    public async Task<RecordPage<Touch>?> TouchesAsync(AccessScope scope, string customerId, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        if (!await scope.Customers(context).AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var query = context.Touches.AsNoTracking().Where(t => t.CustomerId == customerId);
        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query.OrderByDescending(t => t.At).ThenBy(t => t.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new RecordPage<Touch>(items, total);
    }

    /// <summary>A customer's consent history, newest first; null when the customer is not in scope.</summary>
    public async Task<IReadOnlyList<ConsentRecord>?> ConsentsAsync(AccessScope scope, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        if (!await scope.Customers(context).AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var records = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return records.OrderByDescending(c => c.At).ThenBy(c => c.Channel).ToArray();
    }
}
