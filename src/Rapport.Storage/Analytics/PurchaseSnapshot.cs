using System.Data.Common;
using Rapport.Core.Analytics;
using Rapport.Storage.Database;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Analytics;

/// <summary>
/// Every customer's purchases as compact arrays, keyed by a dense customer index: what
/// analytics reads. Customers are in id order; a customer's purchases are in day order.
/// </summary>
/// <remarks>
/// Ten million purchases take about 160 MB (16 bytes each) plus 4 bytes each while loading.
/// Read with plain ADO.NET in table order, which is sequential on disk, then grouped by
/// customer in memory with a counting sort.
/// </remarks>
public sealed class PurchaseSnapshot
{
    private readonly int[] _offsets;
    private readonly PurchasePoint[] _purchases;

    private PurchaseSnapshot(string[] customerIds, int[] offsets, PurchasePoint[] purchases, string[] lines)
    {
        CustomerIds = customerIds;
        _offsets = offsets;
        _purchases = purchases;
        LinesOfBusiness = lines;
    }

    /// <summary>Every customer's id, in ordinal order; the position is the customer's index.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>The lines of business; <see cref="PurchasePoint.Line"/> indexes this list.</summary>
    public IReadOnlyList<string> LinesOfBusiness { get; }

    /// <summary>How many purchases in all.</summary>
    public int PurchaseCount => _purchases.Length;

    /// <summary>One customer's purchases, in day order.</summary>
    public ReadOnlySpan<PurchasePoint> PurchasesOf(int customer) =>
        _purchases.AsSpan(_offsets[customer], _offsets[customer + 1] - _offsets[customer]);

    /// <summary>Reads the snapshot from the database.</summary>
    public static async Task<PurchaseSnapshot> ReadAsync(RapportDatabase database, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var ids = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT customer_id FROM customers";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var customerIds = ids.ToArray();
        Array.Sort(customerIds, StringComparer.Ordinal);
        var indexById = new Dictionary<string, int>(customerIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < customerIds.Length; i++)
        {
            indexById[customerIds[i]] = i;
        }

        int expected;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM purchases";
            expected = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        var lineIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var owners = new List<int>(expected);
        var points = new List<PurchasePoint>(expected);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT customer_id, at, amount, line_of_business FROM purchases";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!indexById.TryGetValue(reader.GetString(0), out var owner))
                {
                    continue;
                }

                var line = -1;
                if (!reader.IsDBNull(3))
                {
                    var name = reader.GetString(3);
                    if (!lineIndex.TryGetValue(name, out line))
                    {
                        line = lineIndex.Count;
                        lineIndex.Add(name, line);
                    }
                }

                owners.Add(owner);
                points.Add(new PurchasePoint(ReadDay(reader, 1, sqlite), ReadAmount(reader, 2, sqlite), line));
                if (points.Count % 1_000_000 == 0)
                {
                    progress?.Report(points.Count);
                }
            }
        }

        var (offsets, grouped) = GroupByCustomer(customerIds.Length, owners, points);
        var lines = new string[lineIndex.Count];
        foreach (var (name, index) in lineIndex)
        {
            lines[index] = name;
        }

        return new PurchaseSnapshot(customerIds, offsets, grouped, lines);
    }

    /// <summary>Builds a snapshot from data in memory (tests, and callers that already hold purchases).</summary>
    public static PurchaseSnapshot From(IReadOnlyList<(string CustomerId, PurchasePoint Purchase)> purchases, IEnumerable<string> customerIds, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var ids = customerIds.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var (offsets, grouped) = GroupByCustomer(ids.Length, purchases.Select(p => index[p.CustomerId]).ToList(), purchases.Select(p => p.Purchase).ToList());
        return new PurchaseSnapshot(ids, offsets, grouped, lines.ToArray());
    }

    private static (int[] Offsets, PurchasePoint[] Purchases) GroupByCustomer(int customers, List<int> owners, List<PurchasePoint> points)
    {
        var offsets = new int[customers + 1];
        foreach (var owner in owners)
        {
            offsets[owner + 1]++;
        }

        for (var i = 0; i < customers; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var grouped = new PurchasePoint[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            grouped[next[owners[i]]++] = points[i];
        }

        for (var c = 0; c < customers; c++)
        {
            var span = grouped.AsSpan(offsets[c], offsets[c + 1] - offsets[c]);
            if (!IsSorted(span))
            {
                span.Sort((x, y) => x.Day.CompareTo(y.Day));
            }
        }

        return (offsets, grouped);
    }

    private static bool IsSorted(ReadOnlySpan<PurchasePoint> span)
    {
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].Day < span[i - 1].Day)
            {
                return false;
            }
        }

        return true;
    }

    private static DateOnly ReadDay(DbDataReader reader, int ordinal, bool sqlite)
    {
        var instant = sqlite
            ? StoredValues.FromUnixMicroseconds(reader.GetInt64(ordinal))
            : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));
        return DateOnly.FromDateTime(instant.UtcDateTime);
    }

    private static double ReadAmount(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? reader.GetInt64(ordinal) / (double)StoredValues.AmountScale : (double)reader.GetDecimal(ordinal);
}
