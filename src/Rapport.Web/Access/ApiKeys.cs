using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Web.Access;

/// <summary>A key just made: the only time the whole key is seen.</summary>
/// <param name="KeyId">The public part, shown in lists and the audit log.</param>
/// <param name="Key">The whole key, to give to the client: <c>rk_{id}_{secret}</c>.</param>
/// <param name="BranchId">The branch it reaches (with its reports); null for every branch.</param>
public sealed record NewApiKey(string KeyId, string Key, string? BranchId);

/// <summary>A stored key as listed: never its secret.</summary>
public sealed record ApiKeyInfo(string KeyId, string? BranchId, bool AllBranches, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>What went wrong when adding or revoking a key.</summary>
public sealed class ApiKeyRefusedException(string message) : Exception(message);

/// <summary>
/// API keys for machine clients (a shop's checkout, a billing system): made with <c>rapport apikeys
/// add</c>, scoped like staff — to a branch and the branches that report to it, or to every branch —
/// and stored as the SHA-256 of their secret only. Adding and revoking are audited.
/// </summary>
/// <remarks>
/// A key is <c>rk_</c>, 12 hexadecimal digits of id, <c>_</c>, and 32 random bytes in base64url (43
/// characters). A secret of 256 random bits needs no slow hash: SHA-256 cannot be reversed, and no
/// dictionary holds it.
/// </remarks>
public sealed class ApiKeys(RapportDatabase database, TimeProvider time)
{
    /// <summary>What every key starts with, so that a leaked key is easy to recognise (and to scan for).</summary>
    public const string Prefix = "rk_";

    private const int IdDigits = 12;
    private const int SecretBytes = 32;

    /// <summary>Makes a key for one branch (<paramref name="branchId"/>) or for all (null); returns the whole key, which is not stored.</summary>
    /// <exception cref="ApiKeyRefusedException">No such branch.</exception>
    public async Task<NewApiKey> AddAsync(string? branchId, string? name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var context = database.CreateContext();
        if (branchId is not null && !await context.Branches.AnyAsync(b => b.Id == branchId, cancellationToken).ConfigureAwait(false))
        {
            throw new ApiKeyRefusedException($"no branch '{branchId}'");
        }

        var keyId = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdDigits / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var now = time.GetUtcNow();
        context.ApiKeys.Add(new ApiKeyRow
        {
            KeyId = keyId,
            SecretHash = Hash(secret),
            BranchId = branchId,
            AllBranches = branchId is null,
            Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            CreatedAt = now,
        });
        AuditLog.Add(context, now, actor, "add-api-key", "apikey:" + keyId, branchId is null ? "every branch" : "branch " + branchId);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new NewApiKey(keyId, keyId + "_" + secret, branchId);
    }

    /// <summary>Every key, oldest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var rows = await context.ApiKeys.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.KeyId, StringComparer.Ordinal)
            .Select(r => new ApiKeyInfo(r.KeyId, r.BranchId, r.AllBranches, r.Name, r.CreatedAt, r.RevokedAt))
            .ToArray();
    }

    /// <summary>Withdraws a key: it is refused from the next request on. Revoking a revoked key changes nothing.</summary>
    /// <exception cref="ApiKeyRefusedException">No such key.</exception>
    public async Task<ApiKeyInfo> RevokeAsync(string keyId, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(actor);
        await using var context = database.CreateContext();
        var row = await context.ApiKeys.FirstOrDefaultAsync(k => k.KeyId == keyId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiKeyRefusedException($"no API key '{keyId}' (rapport apikeys list shows them)");
        if (row.RevokedAt is null)
        {
            var now = time.GetUtcNow();
            row.RevokedAt = now;
            AuditLog.Add(context, now, actor, "revoke-api-key", "apikey:" + keyId);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new ApiKeyInfo(row.KeyId, row.BranchId, row.AllBranches, row.Name, row.CreatedAt, row.RevokedAt);
    }

    /// <summary>The key's stored row when the key is well-formed, known, not revoked and its secret matches; else null.</summary>
    public async Task<ApiKeyInfo?> CheckAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TrySplit(key, out var keyId, out var secret))
        {
            return null;
        }

        var row = await ApiKeyLookup.FindAsync(database, keyId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.RevokedAt is not null)
        {
            return null;
        }

        var given = Encoding.ASCII.GetBytes(Hash(secret));
        var stored = Encoding.ASCII.GetBytes(row.SecretHash);
        return CryptographicOperations.FixedTimeEquals(given, stored)
            ? new ApiKeyInfo(row.KeyId, row.BranchId, row.AllBranches, row.Name, row.CreatedAt, row.RevokedAt)
            : null;
    }

    private static bool TrySplit(string key, out string keyId, out string secret)
    {
        (keyId, secret) = (string.Empty, string.Empty);
        var idLength = Prefix.Length + IdDigits;
        if (key.Length <= idLength + 1 || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[idLength] != '_')
        {
            return false;
        }

        (keyId, secret) = (key[..idLength], key[(idLength + 1)..]);
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
