using Microsoft.EntityFrameworkCore;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Storage.Database;

namespace Rapport.Storage.Customers;

/// <summary>Records a customer's withdrawal of consent (SPEC R2): appended to the consent history with its evidence, in effect for every later send.</summary>
public static class Unsubscriptions
{
    /// <summary>
    /// Withdraws consent for one channel, or for all of them, now. Returns the records written, or
    /// null when there is no such customer.
    /// </summary>
    public static async Task<IReadOnlyList<ConsentRecord>?> RecordAsync(RapportDatabase database, string customerId, Channel? channel, SuppressionReason reason, string source, string evidence, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        if (!await context.Customers.AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var channels = channel is { } one ? [one] : Enum.GetValues<Channel>();
        var records = channels.Select(c => new ConsentRecord(customerId, c, ConsentStatus.Withdrawn, at, reason) { Source = source, Evidence = evidence }).ToArray();
        context.Consents.AddRange(records);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return records;
    }
}
