using Microsoft.EntityFrameworkCore;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Customers;

/// <summary>
/// The customer 360 view as the staff pages show it (SPEC R1): the profile with consent and
/// scores (<see cref="CustomerProfile"/>), the latest purchases and touches, and the plan's
/// coming <see cref="CustomerOverview.PlanDays"/> days with their reasons.
/// </summary>
/// <param name="Profile">Profile, consent per channel and its history, purchase summary, scores.</param>
/// <param name="Purchases">The latest purchases, newest first; at most <see cref="CustomerOverview.Latest"/>.</param>
/// <param name="Touches">The latest touches either way, newest first; at most <see cref="CustomerOverview.Latest"/> (the profile counts them all).</param>
/// <param name="Plan">The stored plan's touches and held touches from <paramref name="PlanFrom"/> to <paramref name="PlanUntil"/>; null when there is no plan or it does not know the customer.</param>
/// <param name="PlanFrom">The first day shown: today, or the plan's first day when today is outside it.</param>
/// <param name="PlanUntil">The last day shown.</param>
/// <param name="PlanMadeAt">When the stored plan was made; null without a plan.</param>
public sealed record CustomerOverview(
    CustomerProfile Profile,
    IReadOnlyList<Purchase> Purchases,
    IReadOnlyList<Touch> Touches,
    CustomerPlan? Plan,
    DateOnly PlanFrom,
    DateOnly PlanUntil,
    DateTimeOffset? PlanMadeAt)
{
    /// <summary>Purchases and touches listed.</summary>
    public const int Latest = 50;

    /// <summary>Days of the plan shown.</summary>
    public const int PlanDays = 90;

    /// <summary>The 360 view of a customer in the caller's scope; null both for an unknown id and for a customer outside the scope.</summary>
    public static async Task<CustomerOverview?> ReadAsync(RapportDatabase database, TimeProvider time, AccessScope scope, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(customerId);
        if (!await scope.CanSeeCustomerAsync(database, customerId, cancellationToken).ConfigureAwait(false) ||
            await new CustomerDirectory(database, time).FindAsync(customerId, cancellationToken).ConfigureAwait(false) is not { } profile)
        {
            return null;
        }

        List<Purchase> purchases;
        List<Touch> touches;
        await using (var context = database.CreateContext())
        {
            purchases = await context.Purchases.AsNoTracking().Where(p => p.CustomerId == customerId)
                .OrderByDescending(p => p.At).Take(Latest).ToListAsync(cancellationToken).ConfigureAwait(false);
            touches = await context.Touches.AsNoTracking().Where(t => t.CustomerId == customerId)
                .OrderByDescending(t => t.At).Take(Latest).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var stored = await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false);
        var from = stored is null || (today >= stored.AsOf && today <= stored.LastDay) ? today : stored.AsOf;
        var until = from.AddDays(PlanDays - 1);
        var plan = stored is null ? null : await PlanStore.CustomerAsync(database, stored, customerId, from, until, cancellationToken).ConfigureAwait(false);
        return new CustomerOverview(profile, purchases, touches, plan, from, until, stored?.MadeAt);
    }
}
