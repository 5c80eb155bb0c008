using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Access;

/// <summary>Finds a stored API key by its id, on every request that carries one.</summary>
/// <remarks>
/// Read afresh each time, never kept, so that a key revoked by another process (<c>rapport apikeys
/// revoke</c>) is refused from the next request on. A plain query on a pooled connection costs tens
/// of microseconds; the same read through an EF context cost about ten times as much.
/// </remarks>
public static class ApiKeyLookup
{
    /// <summary>The stored key with this id, revoked or not; null when there is none.</summary>
    public static async Task<ApiKeyRow?> FindAsync(RapportDatabase database, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keyId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var rows = await StoredRows.OpenAsync(
            connection,
            null,
            "SELECT key_id, secret_hash, branch_id, CASE WHEN all_branches THEN 1 ELSE 0 END, name, created_at, revoked_at FROM api_keys WHERE key_id = @key",
            [("@key", keyId)],
            cancellationToken).ConfigureAwait(false);
        if (!await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new ApiKeyRow
        {
            KeyId = rows.String(0),
            SecretHash = rows.String(1),
            BranchId = rows.StringOrNull(2),
            AllBranches = rows.Int32(3) == 1,
            Name = rows.StringOrNull(4),
            CreatedAt = rows.Instant(5),
            RevokedAt = rows.IsNull(6) ? null : rows.Instant(6),
        };
    }
}
