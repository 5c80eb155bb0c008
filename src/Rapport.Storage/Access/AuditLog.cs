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
}
