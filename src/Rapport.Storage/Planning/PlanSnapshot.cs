using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Analytics;
using Rapport.Storage.Database;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Planning;

/// <summary>What the planner was given, and what it took to read it.</summary>
/// <param name="Input">The planner's input.</param>
/// <param name="ScoredFirst">Whether no customer had scores, so the customer base was analysed first (<c>rapport analyze</c>).</param>
/// <param name="ConsentRecords">Consent records read.</param>
/// <param name="BookedTouches">Outbound touches of the history window read.</param>
public sealed record PlanSnapshotResult(PlanInput Input, bool ScoredFirst, int ConsentRecords, int BookedTouches);

/// <summary>
/// Reads what the planner needs from the database: every customer as a compact
/// <see cref="PlanCustomer"/> (consent per channel, tier and stage, purchase days of the last year,
/// outbound touches of the last <see cref="HistoryDays"/> days), branches and staff.
/// </summary>
/// <remarks>
/// <para>Plain ADO.NET, each table read once in storage order (sequential on disk) and joined in
/// memory through a dense customer index; customers are in ordinal id order, so the plan and its
/// export are too. After the customers, the four other reads run at once on their own
/// connections.</para>
/// <para>Days of past touches and purchases are UTC days. Repeated strings (countries, branch
/// and staff ids, preferred-channel lists) are shared, so that a million customers take about
/// 250 MB.</para>
/// </remarks>
public static class PlanSnapshot
{
    /// <summary>Days of outbound touches before the as-of day that the planner is told about: enough for every cap and cadence of a year.</summary>
    public const int HistoryDays = 400;

    /// <summary>Reads the snapshot; analyses the customer base first when nobody has scores yet.</summary>
    /// <param name="database">The database.</param>
    /// <param name="policy">The contact policy.</param>
    /// <param name="holidays">Public holidays.</param>
    /// <param name="asOf">The first day of the plan; consent is taken as of the end of this day (UTC).</param>
    /// <param name="horizonDays">Days the plan covers.</param>
    /// <param name="notes">Told what the user should know before a long wait: that the customers are scored first.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<PlanSnapshotResult> ReadAsync(
        RapportDatabase database,
        ContactPolicy policy,
        PublicHolidays holidays,
        DateOnly asOf,
        int horizonDays,
        IProgress<string>? notes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;

        var scoredFirst = false;
        if (await NeedsScoresAsync(database, cancellationToken).ConfigureAwait(false))
        {
            notes?.Report("no customer has scores yet: analysing the customer base first (rapport analyze)");
            await new CustomerBaseAnalyzer(database).RunAsync(asOf, policy.Analytics, null, cancellationToken).ConfigureAwait(false);
            scoredFirst = true;
        }

        Branch[] branches;
        StaffMember[] staff;
        await using (var context = database.CreateContext())
        {
            branches = (await context.Branches.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
            staff = (await context.Staff.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        }

        var customers = await ReadCustomersAsync(database, sqlite, branches, staff, cancellationToken).ConfigureAwait(false);
        var index = new Dictionary<string, int>(customers.Length, StringComparer.Ordinal);
        for (var i = 0; i < customers.Length; i++)
        {
            index[customers[i].Id] = i;
        }

        var endOfDay = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        var permissions = new ChannelPermissions[customers.Length];
        var scores = new ScoreFields[customers.Length];
        var purchaseDays = new int[customers.Length];
        var reads = new[]
        {
            Task.Run(() => ReadConsentsAsync(database, sqlite, customers, index, endOfDay, permissions, cancellationToken), cancellationToken),
            Task.Run(() => ReadScoresAsync(database, index, scores, cancellationToken), cancellationToken),
            Task.Run(() => ReadPurchaseDaysAsync(database, sqlite, index, asOf, purchaseDays, cancellationToken), cancellationToken),
        };
        var touches = Task.Run(() => ReadTouchesAsync(database, sqlite, index, asOf, cancellationToken), cancellationToken);
        var counts = await Task.WhenAll(reads).ConfigureAwait(false);
        var (booked, offsets) = await touches.ConfigureAwait(false);

        var planCustomers = new PlanCustomer[customers.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            var score = scores[i];
            planCustomers[i] = new PlanCustomer
            {
                Id = c.Id,
                Tier = score.Tier,
                Stage = score.Stage,
                LastPurchase = score.LastPurchase,
                Permissions = permissions[i],
                PreferredChannels = c.PreferredChannels,
                Frequency = c.Frequency,
                BirthDate = c.BirthDate,
                AnniversaryDate = c.AnniversaryDate,
                Country = c.Country,
                HomeBranchId = c.HomeBranchId,
                Location = c.Location,
                AccountManagerId = c.AccountManagerId,
                PurchaseDaysLastYear = purchaseDays[i],
                Booked = booked.AsMemory(offsets[i], offsets[i + 1] - offsets[i]),
            };
        }

        var input = new PlanInput(planCustomers, branches, staff, policy, holidays, asOf, horizonDays);
        return new PlanSnapshotResult(input, scoredFirst, counts[0], booked.Length);
    }

    /// <summary>Whether there are customers and none has a score row.</summary>
    private static async Task<bool> NeedsScoresAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        return !await context.CustomerScores.AnyAsync(cancellationToken).ConfigureAwait(false) &&
               await context.Customers.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every customer, in ordinal id order. SQLite is read in row-id ranges on parallel connections: turning rows into values costs more than SQLite's reading.</summary>
    private static async Task<CustomerFields[]> ReadCustomersAsync(RapportDatabase database, bool sqlite, Branch[] branches, StaffMember[] staff, CancellationToken cancellationToken)
    {
        (long From, long To)[] ranges;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            ranges = sqlite ? await RowIdRangesAsync(connection, "customers", Environment.ProcessorCount, cancellationToken).ConfigureAwait(false) : [(0, 0)];
        }

        var parts = await Task.WhenAll(ranges.Select(range => Task.Run(
            () => ReadCustomerPartAsync(database, sqlite, range, branches, staff, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var customers = parts.SelectMany(p => p).ToArray();
        Array.Sort(customers, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return customers;
    }

    private static async Task<List<CustomerFields>> ReadCustomerPartAsync(RapportDatabase database, bool sqlite, (long From, long To) range, Branch[] branches, StaffMember[] staff, CancellationToken cancellationToken)
    {
        // Ids of branches and staff are shared with the branch and staff objects.
        var names = new SharedStrings();
        foreach (var id in branches.Select(b => b.Id).Concat(staff.Select(s => s.Id)))
        {
            names.Get(id);
        }

        var channelLists = new Dictionary<string, Channel[]>(StringComparer.Ordinal) { [string.Empty] = [] };
        var channelText = new SharedStrings();
        var rows = new List<CustomerFields>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT customer_id, preferred_channels, preferred_frequency, birth_date, anniversary_date,
                   country, home_branch_id, account_manager_id, latitude, longitude
            FROM customers{(sqlite ? " WHERE rowid BETWEEN @from AND @to" : string.Empty)}
            """,
            sqlite ? [("@from", range.From), ("@to", range.To)] : [],
            cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var text = reader.Shared(1, channelText) ?? string.Empty;
            if (!channelLists.TryGetValue(text, out var channels))
            {
                channels = StoredValues.SplitList(text, StoredValues.ParseEnum<Channel>);
                channelLists.Add(text, channels);
            }

            GeoPoint? location = null;
            if (!reader.IsNull(8) && !reader.IsNull(9))
            {
                var (latitude, longitude) = (reader.Double(8), reader.Double(9));
                if (GeoPoint.IsLatitude(latitude) && GeoPoint.IsLongitude(longitude))
                {
                    location = new GeoPoint(latitude, longitude);
                }
            }

            rows.Add(new CustomerFields(
                reader.String(0),
                channels,
                reader.IsNull(2) ? null : reader.Enum<ContactFrequency>(2),
                reader.Date(3),
                reader.Date(4),
                reader.Shared(5, names),
                reader.Shared(6, names),
                reader.Shared(7, names),
                location));
        }

        return rows;
    }

    private static async Task<(long From, long To)[]> RowIdRangesAsync(DbConnection connection, string table, int parts, CancellationToken cancellationToken)
    {
        await using var reader = await StoredRows.OpenAsync(connection, null, $"SELECT MIN(rowid), MAX(rowid) FROM {table}", [], cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsNull(0))
        {
            return [(0, -1)];
        }

        var (min, max) = (reader.Int64(0), reader.Int64(1));
        var size = ((max - min) / parts) + 1;
        return Enumerable.Range(0, parts).Select(i => (min + (i * size), Math.Min(max, min + ((i + 1) * size) - 1))).Where(r => r.Item1 <= r.Item2).ToArray();
    }

    /// <summary>Consent records in table order, sorted by customer in memory, each customer's folded into its permissions.</summary>
    private static async Task<int> ReadConsentsAsync(
        RapportDatabase database,
        bool sqlite,
        CustomerFields[] customers,
        Dictionary<string, int> index,
        DateTimeOffset asOf,
        ChannelPermissions[] permissions,
        CancellationToken cancellationToken)
    {
        var records = new List<ConsentRow>();
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var reader = await StoredRows.OpenAsync(
            connection,
            null,
            "SELECT customer_id, channel, status, at, suppression FROM consents WHERE at <= @as_of",
            [("@as_of", StoredColumns.InstantValue(asOf, sqlite))],
            cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryFind(0, lookup, out var customer))
                {
                    records.Add(new ConsentRow(
                        customer,
                        reader.Enum<Channel>(1),
                        reader.Enum<ConsentStatus>(2),
                        reader.Instant(3),
                        reader.IsNull(4) ? null : reader.Enum<SuppressionReason>(4)));
                }
            }
        }

        var (offsets, rows) = GroupByCustomer(customers.Length, records, static r => r.Customer);
        records = null;
        var group = new List<ConsentRecord>();
        for (var customer = 0; customer < customers.Length; customer++)
        {
            if (offsets[customer] == offsets[customer + 1])
            {
                continue;
            }

            group.Clear();
            foreach (var row in rows.AsSpan(offsets[customer], offsets[customer + 1] - offsets[customer]))
            {
                group.Add(new ConsentRecord(customers[customer].Id, row.Channel, row.Status, row.At, row.Status == ConsentStatus.Withdrawn ? row.Suppression : null));
            }

            permissions[customer] = ChannelPermissions.From(ConsentState.From(group, asOf));
        }

        return rows.Length;
    }

    private static async Task<int> ReadScoresAsync(RapportDatabase database, Dictionary<string, int> index, ScoreFields[] scores, CancellationToken cancellationToken)
    {
        // Customers without a score row (added since the last analysis) are fringe prospects.
        Array.Fill(scores, new ScoreFields(ValueTier.Fringe, LifecycleStage.Prospect, null));
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await StoredRows.OpenAsync(connection, null, "SELECT customer_id, tier, stage, last_purchase FROM customer_scores", [], cancellationToken).ConfigureAwait(false);
        var read = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryFind(0, lookup, out var customer))
            {
                scores[customer] = new ScoreFields(reader.Enum<ValueTier>(1), reader.Enum<LifecycleStage>(2), reader.Date(3));
                read++;
            }
        }

        return read;
    }

    /// <summary>Distinct UTC purchase days in the year up to and including the as-of day, per customer, counted by the database.</summary>
    private static async Task<int> ReadPurchaseDaysAsync(RapportDatabase database, bool sqlite, Dictionary<string, int> index, DateOnly asOf, int[] days, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(asOf.AddDays(-364).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var day = sqlite ? $"at / {StoredColumns.MicrosecondsPerDay.ToString(CultureInfo.InvariantCulture)}" : "(at AT TIME ZONE 'UTC')::date";
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await StoredRows.OpenAsync(
            connection,
            null,
            $"SELECT customer_id, COUNT(DISTINCT {day}) FROM purchases WHERE at >= @from AND at < @until GROUP BY customer_id",
            [("@from", StoredColumns.InstantValue(from, sqlite)), ("@until", StoredColumns.InstantValue(until, sqlite))],
            cancellationToken).ConfigureAwait(false);
        var read = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryFind(0, lookup, out var customer))
            {
                days[customer] = reader.Int32(1);
                read++;
            }
        }

        return read;
    }

    /// <summary>Outbound touches of the history window, grouped by customer in day order: one array, and each customer's start in it.</summary>
    private static async Task<(BookedTouch[] Touches, int[] Offsets)> ReadTouchesAsync(RapportDatabase database, bool sqlite, Dictionary<string, int> index, DateOnly asOf, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(asOf.AddDays(-HistoryDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var touches = new List<(int Customer, BookedTouch Touch)>();
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var reader = await StoredRows.OpenAsync(
            connection,
            null,
            "SELECT customer_id, at, kind, channel FROM touches WHERE direction = 'out' AND at >= @from AND at < @until",
            [("@from", StoredColumns.InstantValue(from, sqlite)), ("@until", StoredColumns.InstantValue(until, sqlite))],
            cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryFind(0, lookup, out var customer))
                {
                    var kind = reader.Enum<TouchKind>(2);
                    touches.Add((customer, new BookedTouch(reader.InstantDay(1), kind, reader.Enum<Channel>(3), kind.IsReply())));
                }
            }
        }

        // Touches the moments triggered and that are still to go: fixed before planning, like replies.
        foreach (var (customerId, touch) in await Moments.MomentMaker.PendingAsync(database, asOf, cancellationToken).ConfigureAwait(false))
        {
            if (index.TryGetValue(customerId, out var customer))
            {
                touches.Add((customer, touch));
            }
        }

        var (offsets, rows) = GroupByCustomer(index.Count, touches, static t => t.Customer);
        var grouped = Array.ConvertAll(rows, r => r.Touch);
        for (var c = 0; c < index.Count; c++)
        {
            var span = grouped.AsSpan(offsets[c], offsets[c + 1] - offsets[c]);
            if (span.Length > 1)
            {
                span.Sort(static (a, b) => a.Day.CompareTo(b.Day));
            }
        }

        return (grouped, offsets);
    }

    /// <summary>Rows grouped by customer with a counting sort, keeping their order within a customer: the rows, and where each customer's start.</summary>
    private static (int[] Offsets, T[] Rows) GroupByCustomer<T>(int customers, List<T> rows, Func<T, int> customerOf)
    {
        var offsets = new int[customers + 1];
        foreach (var row in rows)
        {
            offsets[customerOf(row) + 1]++;
        }

        for (var i = 0; i < customers; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var grouped = new T[rows.Count];
        foreach (var row in rows)
        {
            grouped[next[customerOf(row)]++] = row;
        }

        return (offsets, grouped);
    }

    private sealed record CustomerFields(
        string Id,
        Channel[] PreferredChannels,
        ContactFrequency? Frequency,
        DateOnly? BirthDate,
        DateOnly? AnniversaryDate,
        string? Country,
        string? HomeBranchId,
        string? AccountManagerId,
        GeoPoint? Location);

    private readonly record struct ConsentRow(int Customer, Channel Channel, ConsentStatus Status, DateTimeOffset At, SuppressionReason? Suppression);

    private readonly record struct ScoreFields(ValueTier Tier, LifecycleStage Stage, DateOnly? LastPurchase);
}
