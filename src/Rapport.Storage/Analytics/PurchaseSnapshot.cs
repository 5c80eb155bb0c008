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

        // SQLite: read ranges of row ids on several connections at once (WAL allows concurrent
        // readers); turning rows into values costs more than SQLite's reading, so this scales
        // with the cores. PostgreSQL does the reading in the server: one query.
        var ranges = sqlite
            ? await RowIdRangesAsync(connection, Environment.ProcessorCount, cancellationToken).ConfigureAwait(false)
            : [(long.MinValue, long.MaxValue)];
        var parts = await Task.WhenAll(ranges.Select(range => Task.Run(
            () => ReadPartAsync(database, sqlite, range, indexById, progress, cancellationToken), cancellationToken))).ConfigureAwait(false);

        // Each part numbered lines of business by itself; number them once for all.
        var lineIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = parts.Sum(p => p.Points.Count);
        var owners = new int[total];
        var points = new PurchasePoint[total];
        var at = 0;
        foreach (var part in parts)
        {
            var remap = new int[part.Lines.Count];
            foreach (var (name, local) in part.Lines)
            {
                if (!lineIndex.TryGetValue(name, out var global))
                {
                    global = lineIndex.Count;
                    lineIndex.Add(name, global);
                }

                remap[local] = global;
            }

            for (var i = 0; i < part.Points.Count; i++)
            {
                var point = part.Points[i];
                owners[at] = part.Owners[i];
                points[at++] = point.Line < 0 ? point : point with { Line = remap[point.Line] };
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

    private static async Task<(long From, long To)[]> RowIdRangesAsync(DbConnection connection, int parts, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(rowid), MAX(rowid) FROM purchases";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (reader.IsDBNull(0))
        {
            return [(0, -1)];
        }

        var (min, max) = (reader.GetInt64(0), reader.GetInt64(1));
        var size = ((max - min) / parts) + 1;
        return Enumerable.Range(0, parts).Select(i => (min + (i * size), Math.Min(max, min + ((i + 1) * size) - 1))).Where(r => r.Item1 <= r.Item2).ToArray();
    }

    private static async Task<Part> ReadPartAsync(RapportDatabase database, bool sqlite, (long From, long To) range, Dictionary<string, int> indexById, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var part = new Part();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sqlite
            ? $"SELECT customer_id, at, amount, line_of_business FROM purchases WHERE rowid BETWEEN {range.From} AND {range.To}"
            : "SELECT customer_id, at, amount, line_of_business FROM purchases";
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
                if (!part.Lines.TryGetValue(name, out line))
                {
                    line = part.Lines.Count;
                    part.Lines.Add(name, line);
                }
            }

            part.Owners.Add(owner);
            part.Points.Add(new PurchasePoint(ReadDay(reader, 1, sqlite), ReadAmount(reader, 2, sqlite), line));
            if (part.Points.Count % 1_000_000 == 0)
            {
                progress?.Report(part.Points.Count);
            }
        }

        return part;
    }

    /// <summary>Builds a snapshot from data in memory (tests, and callers that already hold purchases).</summary>
    public static PurchaseSnapshot From(IReadOnlyList<(string CustomerId, PurchasePoint Purchase)> purchases, IEnumerable<string> customerIds, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var ids = customerIds.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var (offsets, grouped) = GroupByCustomer(ids.Length, purchases.Select(p => index[p.CustomerId]).ToArray(), purchases.Select(p => p.Purchase).ToArray());
        return new PurchaseSnapshot(ids, offsets, grouped, lines.ToArray());
    }

    private static (int[] Offsets, PurchasePoint[] Purchases) GroupByCustomer(int customers, int[] owners, PurchasePoint[] points)
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
        var grouped = new PurchasePoint[points.Length];
        for (var i = 0; i < points.Length; i++)
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

    private sealed class Part
    {
        public List<int> Owners { get; } = [];

        public List<PurchasePoint> Points { get; } = [];

        public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);
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
