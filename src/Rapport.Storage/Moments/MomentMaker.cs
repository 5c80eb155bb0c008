using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Moments;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;
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
        var input = await ReadAsync(database, policy, holidays, now, customerId, cancellationToken).ConfigureAwait(false);
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var run = await StoreAsync(context, input, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// The moments of one customer, read and stored through <paramref name="context"/> in the transaction
    /// the caller holds open: a purchase or touch and the thank-you it calls for are committed together.
    /// </summary>
    /// <param name="context">A context whose connection is open, in the caller's transaction.</param>
    /// <param name="sqlite">Whether the database is SQLite (how instants are compared).</param>
    /// <param name="policy">The windows and the working week.</param>
    /// <param name="holidays">Public holidays, for working-day windows.</param>
    /// <param name="now">The time of the run: events up to it count.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="readBefore">Customers read before the transaction (<see cref="ReadCustomersAsync(RapportDbContext, IReadOnlyCollection{string}, DateTimeOffset, CancellationToken)"/>), so that the writer's turn is short; the others the events name are read here.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    internal static async Task<MomentRun> RunInAsync(RapportDbContext context, bool sqlite, ContactPolicy policy, PublicHolidays holidays, DateTimeOffset now, string customerId, IReadOnlyDictionary<string, MomentCustomer> readBefore, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        var transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        var events = await ReadEventsAsync(connection, transaction, sqlite, now, customerId, cancellationToken).ConfigureAwait(false);
        var ids = events.CustomerIds();
        var customers = await ReadCustomersAsync(context, ids.Where(id => !readBefore.ContainsKey(id)).ToArray(), now, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            if (readBefore.TryGetValue(id, out var customer))
            {
                customers[id] = customer;
            }
        }

        return await StoreAsync(context, events.ToInput(policy, holidays, now, customers), now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates the moments and stores the touches not stored before, in the context's current transaction.</summary>
    private static async Task<MomentRun> StoreAsync(RapportDbContext context, MomentInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = MomentRules.Evaluate(input);
        var events = input.Purchases.Count + input.Inbound.Count + input.Referrals.Count + input.Lapsing.Count;
        var keys = result.Touches.Select(t => t.Key).ToArray();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            known.UnionWith(await context.Moments.Where(m => chunk.Contains(m.Key)).Select(m => m.Key).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        var added = result.Touches.Where(t => !known.Contains(t.Key)).ToArray();
        if (added.Length > 0)
        {
            context.Moments.AddRange(added.Select(t => ToRow(t, now)));
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
        MomentEvents events;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            events = await ReadEventsAsync(connection, null, database.Location.Provider == DatabaseProvider.Sqlite, now, customerId, cancellationToken).ConfigureAwait(false);
        }

        var customers = await ReadCustomersAsync(database, events.CustomerIds(), now, cancellationToken).ConfigureAwait(false);
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
        await using var context = database.CreateContext();
        return await ReadCustomersAsync(context, ids, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The customers with these ids, with what they allow now, read through a context.</summary>
    internal static async Task<Dictionary<string, MomentCustomer>> ReadCustomersAsync(RapportDbContext context, IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var customers = new Dictionary<string, MomentCustomer>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            // One customer (a purchase, a touch) by equality: SQLite plans a list parameter as a scan
            // of its JSON, and the consents index is then not used for a single id.
            var one = chunk.Length == 1 ? chunk[0] : null;
            var found = await (one is null ? context.Customers.Where(c => chunk.Contains(c.Id)) : context.Customers.Where(c => c.Id == one))
                .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var consents = (await (one is null ? context.Consents.Where(c => chunk.Contains(c.CustomerId)) : context.Consents.Where(c => c.CustomerId == one))
                .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(c => c.CustomerId, StringComparer.Ordinal);
            foreach (var customer in found)
            {
                customers[customer.Id] = new MomentCustomer
                {
                    Id = customer.Id,
                    DisplayName = customer.DisplayName,
                    Permissions = ChannelPermissions.From(ConsentState.From(consents[customer.Id], now)),
                    PreferredChannels = customer.PreferredChannels,
                    Frequency = customer.PreferredFrequency,
                    Country = customer.Address.Country,
                };
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

    private static MomentRow ToRow(TriggeredTouch touch, DateTimeOffset now) => new()
    {
        Key = touch.Key,
        CustomerId = touch.CustomerId,
        Kind = EnumText.ToText(touch.Kind),
        Channel = EnumText.ToText(touch.Channel),
        Earliest = touch.Earliest,
        Due = touch.Due,
        IsReply = touch.IsReply,
        Event = touch.Event,
        Reason = touch.Reason,
        Product = touch.Product,
        LineOfBusiness = touch.LineOfBusiness,
        InboundKind = touch.InboundKind is { } kind ? EnumText.ToText(kind) : null,
        Note = touch.Note,
        ReferredCustomerId = touch.ReferredCustomerId,
        Warning = touch.Warning,
        CreatedAt = now,
    };
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
