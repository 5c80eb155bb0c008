using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Moments;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Mapping;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Moments;

/// <summary>What one run of the moments found and stored.</summary>
/// <param name="Events">Events read from the look-back window.</param>
/// <param name="Added">Touches stored by this run, in key order.</param>
/// <param name="Known">Touches the events call for that an earlier run had already stored.</param>
/// <param name="Held">Touches no channel could carry, with the reason.</param>
public sealed record MomentRun(int Events, IReadOnlyList<TriggeredTouch> Added, int Known, IReadOnlyList<HeldMoment> Held);

/// <summary>
/// Runs the moments (Core's <see cref="MomentRules"/>) on the events of the look-back window and
/// stores the touches they call for in <c>moments</c>, each once by its key.
/// </summary>
public static class MomentMaker
{
    /// <summary>How far back events are read: longer than every moment's window, so a missed day is caught up.</summary>
    public const int LookBackDays = 14;

    /// <summary>Reads the events up to <paramref name="now"/>, evaluates them and stores the new touches in one transaction.</summary>
    public static Task<MomentRun> RunAsync(RapportDatabase database, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(database, policy, holidays, now, customerId: null, cancellationToken);

    /// <summary>
    /// Like <see cref="RunAsync(RapportDatabase, ContactPolicy, PublicHolidays, DateTimeOffset, CancellationToken)"/>,
    /// for the events of one customer only (their purchases, inbound touches and negative answers, the
    /// customers they referred, their lapse): what a recorded change to that customer triggers, at once.
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="policy">The windows and the working week.</param>
    /// <param name="holidays">Public holidays, for working-day windows.</param>
    /// <param name="now">The time of the run: events up to it count.</param>
    /// <param name="customerId">The customer; null for every customer.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<MomentRun> RunAsync(RapportDatabase database, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, string? customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (customerId is not null)
        {
            // One customer's events are few: read and stored in one short write, in the process's write queue.
            return await database.Writes.RunAsync((batch, ct) => RunInAsync(batch, policy, holidays, now, customerId, ct), cancellationToken).ConfigureAwait(false);
        }

        var input = await ReadAsync(database, policy, holidays, now, customerId: null, cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new WriteBatch(connection, database.Location.Provider == DatabaseProvider.Sqlite);
        batch.Begin(transaction);
        var run = await StoreAsync(batch, input, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// The moments of one customer, read and stored in the write transaction the batch holds open:
    /// a purchase or touch and the thank-you it calls for are committed together.
    /// </summary>
    /// <param name="batch">The write job's connection and transaction.</param>
    /// <param name="policy">The windows and the working week.</param>
    /// <param name="holidays">Public holidays, for working-day windows.</param>
    /// <param name="now">The time of the run: events up to it count.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    internal static async Task<MomentRun> RunInAsync(WriteBatch batch, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, string customerId, CancellationToken cancellationToken)
    {
        var events = await ReadEventsAsync(batch.Connection, batch.Transaction, batch.IsSqlite, now, customerId, cancellationToken).ConfigureAwait(false);
        var customers = await ReadCustomersAsync(batch.Connection, batch.Transaction, events.CustomerIds(), now, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(batch, events.ToInput(policy, holidays, now, customers), now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates the moments and stores the touches not stored before, in the batch's transaction.</summary>
    private static async Task<MomentRun> StoreAsync(WriteBatch batch, MomentInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = MomentRules.Evaluate(input);
        var events = input.Purchases.Count + input.Inbound.Count + input.Referrals.Count + input.Lapsing.Count;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in result.Touches.Select(t => t.Key).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var command = batch.Command($"SELECT key FROM moments WHERE key IN ({string.Join(", ", names)})", names);
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters[i].Value = chunk[i];
            }

            await using var reader = await batch.ReaderAsync(command, cancellationToken).ConfigureAwait(false);
            while (await batch.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                known.Add(reader.GetString(0));
            }
        }

        var added = result.Touches.Where(t => !known.Contains(t.Key)).ToArray();
        foreach (var touch in added)
        {
            var insert = batch.Command(
                "INSERT INTO moments (key, customer_id, kind, channel, earliest, due, is_reply, event, reason, product, line_of_business, inbound_kind, note, referred_customer_id, warning, created_at) " +
                "VALUES (@key, @customer, @kind, @channel, @earliest, @due, @reply, @event, @reason, @product, @lob, @inbound, @note, @referred, @warning, @created)",
                "@key", "@customer", "@kind", "@channel", "@earliest", "@due", "@reply", "@event", "@reason", "@product", "@lob", "@inbound", "@note", "@referred", "@warning", "@created");
            batch.Bind(
                insert,
                touch.Key,
                touch.CustomerId,
                EnumText.ToText(touch.Kind),
                EnumText.ToText(touch.Channel),
                touch.Earliest,
                touch.Due,
                touch.IsReply,
                touch.Event,
                touch.Reason,
                touch.Product,
                touch.LineOfBusiness,
                touch.InboundKind is { } kind ? EnumText.ToText(kind) : null,
                touch.Note,
                touch.ReferredCustomerId,
                touch.Warning,
                now);
            await batch.ExecuteAsync(insert, cancellationToken).ConfigureAwait(false);
        }

        return new MomentRun(events, added, known.Count, result.Held);
    }

    /// <summary>The events of the look-back window and the customers they name.</summary>
    public static Task<MomentInput> ReadAsync(RapportDatabase database, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(database, policy, holidays, now, customerId: null, cancellationToken);

    /// <summary>The events of the look-back window that concern one customer (or every customer when null), and the customers they name.</summary>
    public static async Task<MomentInput> ReadAsync(RapportDatabase database, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, string? customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(policy);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var events = await ReadEventsAsync(connection, null, database.Location.Provider == DatabaseProvider.Sqlite, now, customerId, cancellationToken).ConfigureAwait(false);
        var customers = await ReadCustomersAsync(connection, null, events.CustomerIds(), now, cancellationToken).ConfigureAwait(false);
        return events.ToInput(policy, holidays, now, customers);
    }

    /// <summary>The events of the look-back window that concern one customer (or every customer when null), read on an open connection.</summary>
    private static async Task<MomentEvents> ReadEventsAsync(DbConnection connection, DbTransaction? transaction, bool sqlite, DateTimeOffset now, string? customerId, CancellationToken cancellationToken)
    {
        var asOf = DateOnly.FromDateTime(now.UtcDateTime);
        var from = new DateTimeOffset(asOf.AddDays(-LookBackDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        (string, object?)[] window = [("@from", StoredColumns.InstantValue(from, sqlite)), ("@until", StoredColumns.InstantValue(now, sqlite)), .. (customerId is null ? [] : new[] { ("@customer", (object?)customerId) })];
        string Only(string column) => customerId is null ? string.Empty : $" AND {column} = @customer";

        var events = new MomentEvents();
        // "First" compares with every earlier purchase on record; purchases at the same instant are ordered by id.
        const string earlier = "q.customer_id = p.customer_id AND (q.at < p.at OR (q.at = p.at AND q.purchase_id < p.purchase_id))";
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT p.purchase_id, p.customer_id, p.at, p.product, p.line_of_business,
                   CASE WHEN EXISTS (SELECT 1 FROM purchases q WHERE {earlier}) THEN 0 ELSE 1 END,
                   CASE WHEN p.line_of_business IS NULL OR EXISTS (SELECT 1 FROM purchases q WHERE {earlier} AND q.line_of_business = p.line_of_business) THEN 0 ELSE 1 END
            FROM purchases p WHERE p.at >= @from AND p.at <= @until{Only("p.customer_id")}
            ORDER BY p.purchase_id
            """,
            window,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Purchases.Add(new PurchaseEvent(rows.String(0), rows.String(1), rows.Instant(2), rows.StringOrNull(3), rows.StringOrNull(4), rows.Int32(5) == 1, rows.Int32(6) == 1));
            }
        }

        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"SELECT touch_id, customer_id, at, kind, note, direction FROM touches WHERE at >= @from AND at <= @until AND (direction = 'in' OR outcome = 'negative'){Only("customer_id")} ORDER BY touch_id",
            window,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Inbound.Add(new InboundEvent(rows.String(0), rows.String(1), rows.Instant(2), rows.Enum<TouchKind>(3), rows.StringOrNull(4), IsNegativeAnswer: rows.String(5) == "out"));
            }
        }

        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"SELECT customer_id, referred_by, created_at FROM customers WHERE referred_by IS NOT NULL AND created_at >= @from AND created_at <= @until{(customerId is null ? string.Empty : " AND (customer_id = @customer OR referred_by = @customer)")} ORDER BY customer_id",
            window,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Referrals.Add(new ReferralEvent(rows.String(0), rows.String(1), rows.Instant(2)));
            }
        }

        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"SELECT customer_id, last_purchase, warning FROM customer_scores WHERE stage = 'lapsing' AND last_purchase IS NOT NULL{Only("customer_id")} ORDER BY customer_id",
            customerId is null ? [] : [("@customer", customerId)],
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var lastPurchase = rows.Date(1)!.Value;
                var warning = rows.StringOrNull(2) ?? string.Create(CultureInfo.InvariantCulture, $"no purchase since {lastPurchase:yyyy-MM-dd}");
                events.Lapsing.Add(new LapsingEvent(rows.String(0), lastPurchase, warning));
            }
        }

        return events;
    }

    /// <summary>The customers with these ids, with what they allow now.</summary>
    public static async Task<Dictionary<string, MomentCustomer>> ReadCustomersAsync(RapportDatabase database, IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(ids);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadCustomersAsync(connection, null, ids, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The customers with these ids, with what they allow now, read on an open connection.</summary>
    private static async Task<Dictionary<string, MomentCustomer>> ReadCustomersAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var customers = new Dictionary<string, MomentCustomer>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            // Ids as parameters, each by name: one customer (a purchase, a touch) is an equality the index serves.
            var parameters = chunk.Select((id, i) => ("@c" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
            var among = parameters.Length == 1 ? "= @c0" : $"IN ({string.Join(", ", parameters.Select(p => p.Item1))})";
            var consents = new Dictionary<string, List<ConsentRecord>>(StringComparer.Ordinal);
            await using (var rows = await StoredRows.OpenAsync(connection, transaction, $"SELECT customer_id, channel, status, at, suppression FROM consents WHERE customer_id {among}", parameters, cancellationToken).ConfigureAwait(false))
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = rows.String(0);
                    if (!consents.TryGetValue(id, out var records))
                    {
                        consents.Add(id, records = []);
                    }

                    var status = rows.Enum<ConsentStatus>(2);
                    records.Add(new ConsentRecord(id, rows.Enum<Channel>(1), status, rows.Instant(3), status == ConsentStatus.Withdrawn && !rows.IsNull(4) ? rows.Enum<SuppressionReason>(4) : null));
                }
            }

            await using (var rows = await StoredRows.OpenAsync(
                connection,
                transaction,
                $"SELECT customer_id, first_name, last_name, company, preferred_channels, preferred_frequency, country FROM customers WHERE customer_id {among}",
                parameters,
                cancellationToken).ConfigureAwait(false))
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = rows.String(0);
                    customers[id] = new MomentCustomer
                    {
                        Id = id,
                        DisplayName = Customer.DisplayNameOf(rows.StringOrNull(1), rows.StringOrNull(2), rows.StringOrNull(3)),
                        Permissions = ChannelPermissions.From(ConsentState.From(consents.GetValueOrDefault(id) ?? [], now)),
                        PreferredChannels = StoredValues.SplitList(rows.StringOrNull(4), StoredValues.ParseEnum<Channel>),
                        Frequency = rows.IsNull(5) ? null : rows.Enum<ContactFrequency>(5),
                        Country = rows.StringOrNull(6),
                    };
                }
            }
        }

        return customers;
    }

    /// <summary>
    /// The stored moments the plan must hold, by customer: due on or after <paramref name="asOf"/>
    /// and not already delivered or decided in the outbox.
    /// </summary>
    public static async Task<List<(string CustomerId, BookedTouch Touch)>> PendingAsync(RapportDatabase database, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var context = database.CreateContext();
        var rows = await context.Moments.AsNoTracking()
            .Where(m => m.Due >= asOf && !context.Outbox.Any(o => o.Key == m.Key))
            .Select(m => new { m.CustomerId, m.Kind, m.Channel, m.Earliest, m.Due, m.IsReply })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(m => (m.CustomerId, new BookedTouch(
                m.Due,
                KebabNames<TouchKind>.Parse(m.Kind),
                KebabNames<Channel>.Parse(m.Channel),
                m.IsReply,
                (byte)Math.Clamp(m.Due.DayNumber - m.Earliest.DayNumber, 0, byte.MaxValue))))
            .ToList();
    }
}

/// <summary>The events of a look-back window, before the customers they name are read.</summary>
internal sealed class MomentEvents
{
    public List<PurchaseEvent> Purchases { get; } = [];

    public List<InboundEvent> Inbound { get; } = [];

    public List<ReferralEvent> Referrals { get; } = [];

    public List<LapsingEvent> Lapsing { get; } = [];

    /// <summary>Every customer the events name, once each.</summary>
    public string[] CustomerIds() => Purchases.Select(p => p.CustomerId)
        .Concat(Inbound.Select(i => i.CustomerId))
        .Concat(Referrals.SelectMany(r => new[] { r.NewCustomerId, r.ReferrerId }))
        .Concat(Lapsing.Select(l => l.CustomerId))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    public MomentInput ToInput(ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, Dictionary<string, MomentCustomer> customers) => new()
    {
        AsOf = DateOnly.FromDateTime(now.UtcDateTime),
        Policy = policy,
        Holidays = holidays,
        Customers = customers,
        Purchases = Purchases,
        Inbound = Inbound,
        Referrals = Referrals,
        Lapsing = Lapsing,
    };
}
