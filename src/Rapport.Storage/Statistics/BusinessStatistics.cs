using System.Data.Common;
using System.Globalization;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Purchases;
using Rapport.Storage.Database;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Statistics;

/// <summary>What the database holds, counted: the answer to "did everything arrive?".</summary>
/// <param name="Branches">Rows in branches.</param>
/// <param name="Staff">Rows in staff.</param>
/// <param name="Customers">Rows in customers.</param>
/// <param name="Consents">Consent records (history, not customers).</param>
/// <param name="Purchases">Rows in purchases.</param>
/// <param name="Touches">Rows in touches.</param>
/// <param name="InboundTouches">Touches the customer started.</param>
/// <param name="CustomersWithPurchases">Customers who bought at least once.</param>
/// <param name="FirstPurchase">The earliest purchase, UTC.</param>
/// <param name="LastPurchase">The latest purchase, UTC.</param>
/// <param name="Revenue">The sum of purchases per currency (null: the business's own).</param>
/// <param name="ConsentByChannel">Per channel, how many customers may be contacted now and how many said no.</param>
/// <param name="PermanentlySuppressed">Customers closed to every channel for good (deceased, erased).</param>
public sealed record BusinessStatistics(
    long Branches,
    long Staff,
    long Customers,
    long Consents,
    long Purchases,
    long Touches,
    long InboundTouches,
    long CustomersWithPurchases,
    DateTimeOffset? FirstPurchase,
    DateTimeOffset? LastPurchase,
    IReadOnlyList<CurrencyTotal> Revenue,
    IReadOnlyList<ChannelConsentCount> ConsentByChannel,
    long PermanentlySuppressed);

/// <summary>How customers stand on one channel, by their newest record.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Granted">Customers whose newest record grants it and who are not suppressed for good.</param>
/// <param name="Withdrawn">Customers whose newest record withdraws it.</param>
public sealed record ChannelConsentCount(Channel Channel, long Granted, long Withdrawn);

/// <summary>Counts what the database holds.</summary>
public sealed class StatisticsQuery(RapportDatabase database)
{
    public async Task<BusinessStatistics> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;

        async Task<long> Count(string sql) =>
            Convert.ToInt64(await Scalar(connection, sql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

        var branches = await Count("SELECT COUNT(*) FROM branches").ConfigureAwait(false);
        var staff = await Count("SELECT COUNT(*) FROM staff").ConfigureAwait(false);
        var customers = await Count("SELECT COUNT(*) FROM customers").ConfigureAwait(false);
        var consents = await Count("SELECT COUNT(*) FROM consents").ConfigureAwait(false);
        var purchases = await Count("SELECT COUNT(*) FROM purchases").ConfigureAwait(false);
        var touches = await Count("SELECT COUNT(*) FROM touches").ConfigureAwait(false);
        var inbound = await Count("SELECT COUNT(*) FROM touches WHERE direction = 'in'").ConfigureAwait(false);
        var buyers = await Count("SELECT COUNT(*) FROM (SELECT DISTINCT customer_id FROM purchases) AS buyers").ConfigureAwait(false);
        var suppressed = await Count("SELECT COUNT(DISTINCT customer_id) FROM consents WHERE suppression IN ('deceased', 'erased')").ConfigureAwait(false);

        DateTimeOffset? first = null, last = null;
        var revenue = new List<CurrencyTotal>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT currency, SUM(amount), MIN(at), MAX(at) FROM purchases GROUP BY currency ORDER BY currency";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var currency = reader.IsDBNull(0) ? null : CurrencyCode.From(reader.GetString(0));
                var total = sqlite ? StoredValues.FromScaledAmount(reader.GetInt64(1)) : reader.GetDecimal(1);
                var min = ReadInstant(reader, 2, sqlite);
                var max = ReadInstant(reader, 3, sqlite);
                revenue.Add(new CurrencyTotal(currency, total));
                first = first is null || min < first ? min : first;
                last = last is null || max > last ? max : last;
            }
        }

        var byChannel = await ConsentByChannelAsync(connection, cancellationToken).ConfigureAwait(false);
        return new BusinessStatistics(branches, staff, customers, consents, purchases, touches, inbound, buyers, first, last, revenue, byChannel, suppressed);
    }

    // The same rule as ConsentState: the newest record per customer and channel decides, a
    // withdrawal wins a tie, and a deceased or erased record closes every channel.
    private static async Task<IReadOnlyList<ChannelConsentCount>> ConsentByChannelAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT channel, status, COUNT(*) FROM (
                SELECT customer_id, channel, status,
                       ROW_NUMBER() OVER (PARTITION BY customer_id, channel
                                          ORDER BY at DESC, CASE status WHEN 'withdrawn' THEN 0 ELSE 1 END) AS newest
                FROM consents) AS latest
            WHERE newest = 1
              AND (status = 'withdrawn' OR customer_id NOT IN
                   (SELECT customer_id FROM consents WHERE suppression IN ('deceased', 'erased')))
            GROUP BY channel, status
            """;
        var granted = new Dictionary<Channel, long>();
        var withdrawn = new Dictionary<Channel, long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var channel = StoredValues.ParseEnum<Channel>(reader.GetString(0));
                var status = StoredValues.ParseEnum<ConsentStatus>(reader.GetString(1));
                (status == ConsentStatus.Granted ? granted : withdrawn)[channel] = reader.GetInt64(2);
            }
        }

        return Enum.GetValues<Channel>()
            .Select(c => new ChannelConsentCount(c, granted.GetValueOrDefault(c), withdrawn.GetValueOrDefault(c)))
            .ToArray();
    }

    private static DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal, bool sqlite) =>
        reader.IsDBNull(ordinal) ? null
        : sqlite ? StoredValues.FromUnixMicroseconds(reader.GetInt64(ordinal))
        : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal).ToUniversalTime(), TimeSpan.Zero);

    private static async Task<object?> Scalar(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
