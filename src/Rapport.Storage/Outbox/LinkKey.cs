using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Storage.Outbox;

/// <summary>The installation's secret for signing customers' links, made on first use and kept in <c>secrets</c>.</summary>
public static class LinkKey
{
    /// <summary>The secret's name in <c>secrets</c>.</summary>
    public const string Name = "link-key";

    /// <summary>The 32-byte key; made and stored if there is none yet.</summary>
    public static async Task<byte[]> GetOrCreateAsync(Database.RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        if (await context.Secrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == Name, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return Convert.FromBase64String(stored.Value);
        }

        context.Secrets.Add(new SecretRow { Name = Name, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another process made it first: use theirs.
        }

        await using var again = database.CreateContext();
        var value = await again.Secrets.AsNoTracking().SingleAsync(s => s.Name == Name, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(value.Value);
    }
}
