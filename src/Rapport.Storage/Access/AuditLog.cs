using Rapport.Storage.Database;

namespace Rapport.Storage.Access;

/// <summary>Records who changed what and when (SPEC section 5: every change a person makes is recorded).</summary>
public static class AuditLog
{
    /// <summary>Adds an entry to the context, to be saved in the same transaction as the change it records.</summary>
    public static void Add(RapportDbContext context, DateTimeOffset at, string actor, string action, string subject, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AuditLog.Add(new AuditEntryRow { At = at, Actor = actor, Action = action, Subject = subject, Detail = detail });
    }

    /// <summary>Writes an entry in a write job's transaction, with the change it records.</summary>
    internal static async Task AddAsync(WriteBatch batch, DateTimeOffset at, string actor, string action, string subject, string? detail, CancellationToken cancellationToken)
    {
        var insert = batch.Command("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)", "@at", "@actor", "@action", "@subject", "@detail");
        batch.Bind(insert, at, actor, action, subject, detail);
        await batch.ExecuteAsync(insert, cancellationToken).ConfigureAwait(false);
    }
}
