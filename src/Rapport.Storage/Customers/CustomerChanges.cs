using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Customers;
using Rapport.Core.Planning;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Moments;

namespace Rapport.Storage.Customers;

/// <summary>What a change to a customer came to.</summary>
/// <param name="Customer">The customer as stored now; null when nothing was stored.</param>
/// <param name="Problems">What is wrong with the request, by field; empty on success.</param>
/// <param name="NotFound">No such customer in the caller's scope (for a change), which callers answer as "not found".</param>
/// <param name="Changed">The fields whose value changed.</param>
public sealed record CustomerChange(Customer? Customer, IReadOnlyList<FieldProblem> Problems, bool NotFound = false, IReadOnlyList<string>? Changed = null)
{
    public bool Success => Customer is not null && Problems.Count == 0;
}

/// <summary>
/// Creates and edits customers for the web app and the API (SPEC R1, R3), with the rules and the
/// field names of <c>customers.csv</c>, within the caller's <see cref="AccessScope"/>; every
/// change is recorded in the audit log with the old and new values.
/// </summary>
public sealed class CustomerChanges(RapportDatabase database, TimeProvider time)
{
    /// <summary>Adds a customer. A scope bound to branches must give a home branch among them (it defaults to the only one).</summary>
    /// <param name="fields">The customer's fields, named as in customers.csv.</param>
    /// <param name="scope">Who adds it.</param>
    /// <param name="policy">For the moments a new customer may trigger (referral thanks).</param>
    /// <param name="holidays">Public holidays, for the moments' working days.</param>
    /// <param name="cancellationToken">Stops the work; nothing is stored then.</param>
    public async Task<CustomerChange> CreateAsync(IReadOnlyDictionary<string, string?> fields, AccessScope scope, ContactPolicy policy, PublicHolidays holidays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        var given = new Dictionary<string, string?>(fields, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(given.GetValueOrDefault("home_branch_id")) && scope.Branches is { Count: 1 } only)
        {
            given["home_branch_id"] = only.First();
        }

        if (string.IsNullOrWhiteSpace(given.GetValueOrDefault("created_at")))
        {
            given["created_at"] = Core.Common.IsoTime.Format(now);
        }

        await using var context = database.CreateContext();
        var (customer, problems) = await ReadAsync(context, given, now, cancellationToken).ConfigureAwait(false);
        var list = problems.ToList();
        if (customer is not null)
        {
            if (await context.Customers.AnyAsync(c => c.Id == customer.Id, cancellationToken).ConfigureAwait(false))
            {
                list.Add(new FieldProblem("customer_id", $"'{customer.Id}' already exists; change it with an update instead"));
            }

            if (!scope.IsEverything && !scope.Covers(customer.HomeBranchId))
            {
                list.Add(new FieldProblem("home_branch_id", customer.HomeBranchId is null
                    ? "a value is required: the customer must belong to a branch you work for"
                    : $"'{customer.HomeBranchId}' is not a branch you can add customers to"));
            }
        }

        if (customer is null || list.Count > 0)
        {
            return new CustomerChange(null, list);
        }

        context.Customers.Add(customer);
        AuditLog.Add(context, now, scope.Actor, "create-customer", "customer:" + customer.Id, Detail(CustomerFields.Of(customer).Where(f => f.Value is not null).Select(f => f.Key), null, CustomerFields.Of(customer)));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (customer.ReferredBy is not null)
        {
            await MomentMaker.RunAsync(database, policy, holidays, now, customer.Id, cancellationToken).ConfigureAwait(false);
        }

        return new CustomerChange(customer, [], Changed: CustomerFields.Of(customer).Where(f => f.Value is not null).Select(f => f.Key).ToArray());
    }

    /// <summary>
    /// Changes the given fields of a customer and leaves the others as they are; an empty value
    /// clears a field. The id cannot change, and the home branch only to one in the caller's scope.
    /// </summary>
    public async Task<CustomerChange> UpdateAsync(string customerId, IReadOnlyDictionary<string, string?> changes, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        await using var context = database.CreateContext();
        var stored = await scope.Customers(context).AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new CustomerChange(null, [], NotFound: true);
        }

        if (changes.TryGetValue("customer_id", out var newId) && !string.Equals(newId?.Trim(), customerId, StringComparison.Ordinal))
        {
            return new CustomerChange(null, [new FieldProblem("customer_id", "cannot be changed")]);
        }

        var before = CustomerFields.Of(stored);
        var merged = new Dictionary<string, string?>(before, StringComparer.Ordinal);
        foreach (var (field, value) in changes)
        {
            merged[field] = string.IsNullOrWhiteSpace(value) ? null : value;
        }

        var (customer, problems) = await ReadAsync(context, merged, now, cancellationToken).ConfigureAwait(false);
        var list = problems.ToList();
        if (customer is not null && !scope.IsEverything && customer.HomeBranchId != stored.HomeBranchId && !scope.Covers(customer.HomeBranchId))
        {
            list.Add(new FieldProblem("home_branch_id", $"'{customer.HomeBranchId}' is not a branch you work for: the customer would leave your care"));
        }

        if (customer is null || list.Count > 0)
        {
            return new CustomerChange(null, list);
        }

        var after = CustomerFields.Of(customer);
        var changed = after.Keys.Where(k => !string.Equals(before[k], after[k], StringComparison.Ordinal)).ToArray();
        if (changed.Length == 0)
        {
            return new CustomerChange(stored, [], Changed: []);
        }

        context.Customers.Update(customer);
        AuditLog.Add(context, now, scope.Actor, "update-customer", "customer:" + customer.Id, Detail(changed, before, after));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new CustomerChange(customer, [], Changed: changed);
    }

    private static async Task<(Customer?, IReadOnlyList<FieldProblem>)> ReadAsync(RapportDbContext context, IReadOnlyDictionary<string, string?> fields, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The references a customer may make: every branch and member of staff (a few), and the referrer alone.
        var known = new KnownIds();
        known.Branches.UnionWith(await context.Branches.Select(b => b.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
        known.Staff.UnionWith(await context.Staff.Select(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
        if (fields.GetValueOrDefault("referred_by") is { Length: > 0 } referrer &&
            await context.Customers.AnyAsync(c => c.Id == referrer.Trim(), cancellationToken).ConfigureAwait(false))
        {
            known.Customers.Add(referrer.Trim());
        }

        var (customer, problems) = RecordForm.Read(ImportKind.Customers, fields, header => new CustomerReader(header, known, now));
        var list = problems.ToList();

        // The row reader leaves the referrer to the end of a file (it may come later there); here it must exist now.
        if (customer?.ReferredBy is { } referredBy && !known.Customers.Contains(referredBy))
        {
            list.Add(new FieldProblem("referred_by", $"'{referredBy}' is not a known customer"));
        }

        return (list.Count == 0 ? customer : null, list);
    }

    private static string Detail(IEnumerable<string> fields, IReadOnlyDictionary<string, string?>? before, IReadOnlyDictionary<string, string?> after) =>
        JsonSerializer.Serialize(fields.ToDictionary(f => f, f => new[] { before?.GetValueOrDefault(f), after.GetValueOrDefault(f) }));
}
