namespace Rapport.Storage.Access;

/// <summary>A member of staff's sign-in, in <c>staff_accounts</c>: one per staff record that has a password.</summary>
public sealed class StaffAccountRow
{
    public required string StaffId { get; init; }

    /// <summary>The password, hashed by ASP.NET Core Identity's hasher (PBKDF2 with a salt); never the password itself.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Failed sign-ins since the last one that succeeded.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>No sign-in is accepted before this instant (UTC); null when not locked out.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset PasswordSetAt { get; set; }
}

/// <summary>A key a machine client (a shop's checkout, a billing system) uses for the HTTP API, in <c>api_keys</c>.</summary>
public sealed class ApiKeyRow
{
    /// <summary>The key's public part, which the full key starts with; shown in lists and the audit log.</summary>
    public required string KeyId { get; init; }

    /// <summary>SHA-256 of the key's secret part, hex: the key itself is shown once and never stored.</summary>
    public required string SecretHash { get; init; }

    /// <summary>The branch whose customers the key reaches (with the branches that report to it); null with <see cref="AllBranches"/>.</summary>
    public string? BranchId { get; init; }

    /// <summary>Whether the key reaches every customer, like an administrator.</summary>
    public bool AllBranches { get; init; }

    /// <summary>What the key is for, as the person who made it said.</summary>
    public string? Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key was withdrawn; null while it works.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One change someone made, in <c>audit_log</c>: who, when, what, to what.</summary>
public sealed class AuditEntryRow
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Who: <c>staff:S-001</c>, <c>apikey:rk_ab12cd34</c>, <c>customer:C-10 (preference link)</c>, <c>cli</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done, in kebab-case: <c>update-contact</c>, <c>record-outcome</c>, <c>unsubscribe</c>.</summary>
    public required string Action { get; init; }

    /// <summary>To what: <c>customer:C-10</c>, <c>staff:S-001</c>, <c>apikey:rk_ab12cd34</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The change in words or as JSON (old and new values); never a password or a key.</summary>
    public string? Detail { get; init; }
}
