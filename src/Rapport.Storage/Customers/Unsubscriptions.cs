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
        var channels = channel is { } one ? [one] : Enum.GetValues<Channel>();
        return await ConsentChanges.RecordAsync(database, Access.AccessScope.Everything("cli"), customerId, channels, ConsentStatus.Withdrawn, reason, source, evidence, at, cancellationToken).ConfigureAwait(false);
    }
}
