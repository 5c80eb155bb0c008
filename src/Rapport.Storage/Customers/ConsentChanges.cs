using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Storage.Customers;

/// <summary>
/// Records consent given or withdrawn (SPEC R2): appended to the customer's consent history with
/// its source and evidence, never overwriting it, and in effect for every later plan and send.
/// </summary>
public static class ConsentChanges
{
    /// <summary>
    /// Appends one record per channel. Returns the records written, or null when there is no such
    /// customer in the scope.
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="scope">Who records it (the audit log's actor) and whose customers they reach.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="channels">The channels, at least one.</param>
    /// <param name="status">Granted or withdrawn.</param>
    /// <param name="reason">For a withdrawal: unsubscribed, do-not-call, bounced…; null for a grant.</param>
    /// <param name="source">Where it came from: <c>preference-page</c>, <c>one-click</c>, <c>phone</c>, <c>api</c>.</param>
    /// <param name="evidence">The proof: what the customer did or said, where and when.</param>
    /// <param name="at">When, in UTC.</param>
    /// <param name="cancellationToken">Stops the work; nothing is stored then.</param>
    public static async Task<IReadOnlyList<ConsentRecord>?> RecordAsync(
        RapportDatabase database,
        AccessScope scope,
        string customerId,
        IReadOnlyCollection<Channel> channels,
        ConsentStatus status,
        SuppressionReason? reason,
        string source,
        string evidence,
        DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfZero(channels.Count);
        await using var context = database.CreateContext();
        if (!await scope.Customers(context).AnyAsync(c => c.Id == customerId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var records = channels.Select(c => new ConsentRecord(customerId, c, status, at, reason) { Source = source, Evidence = evidence }).ToArray();
        context.Consents.AddRange(records);
        var action = status == ConsentStatus.Granted ? "grant-consent" : "withdraw-consent";
        var detail = $"{string.Join(';', channels.Select(EnumText.ToText))}{(reason is { } r ? " (" + EnumText.ToText(r) + ")" : string.Empty)}; source {source}; evidence: {evidence}";
        AuditLog.Add(context, at, scope.Actor, action, "customer:" + customerId, detail);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return records;
    }
}
