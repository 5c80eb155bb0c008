using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Moments;
using Rapport.Core.Planning;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Moments;

namespace Rapport.Storage.Intake;

/// <summary>What recording a purchase or a touch came to.</summary>
/// <typeparam name="T">A <see cref="Purchase"/> or a <see cref="Touch"/>.</typeparam>
/// <param name="Item">The record as stored; null when the request was refused.</param>
/// <param name="Problems">What is wrong, by field; empty on success.</param>
/// <param name="NotFound">The customer does not exist in the caller's scope ("not found").</param>
/// <param name="AlreadyRecorded">The same record (same id, same values) was stored before: nothing new was stored.</param>
/// <param name="Moments">The touches the record triggered at once (a thank-you, an acknowledgement, a follow-up call).</param>
/// <param name="Conflict">A record with the same id but other values is stored: nothing was stored (the problem names the id field).</param>
public sealed record Recorded<T>(T? Item, IReadOnlyList<FieldProblem> Problems, bool NotFound = false, bool AlreadyRecorded = false, IReadOnlyList<TriggeredTouch>? Moments = null, bool Conflict = false)
    where T : class
{
    public bool Success => Item is not null && Problems.Count == 0;
}

/// <summary>
/// Records what happens as it happens — a purchase at the shop's checkout, a letter or complaint
/// logged by staff, the outcome of a call — with the rules and field names of the import files,
/// within the caller's scope, and runs that customer's moments at once, so that the thank-you or
/// the acknowledgement is planned straight away (SPEC R6). Posting the same record twice stores it
/// once: a retrying client is safe. Each record is one job of the database's write queue
/// (<see cref="WriteQueue"/>): the record, its audit entry and its moments are committed together.
/// </summary>
public sealed class Intake(RapportDatabase database, TimeProvider time, ContactPolicy policy, PublicHolidays holidays)
{
    /// <summary>Records a purchase (fields of purchases.csv; <c>at</c> defaults to now).</summary>
    public async Task<Recorded<Purchase>> PurchaseAsync(IReadOnlyDictionary<string, string?> fields, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        var given = WithDefault(fields, "at", IsoTime.Format(now));
        var written = await database.Writes.RunAsync((batch, ct) => WritePurchaseAsync(batch, given, scope, now, ct), cancellationToken).ConfigureAwait(false);
        if (written.Stored || written.Item is null)
        {
            return new Recorded<Purchase>(written.Item, written.Problems, written.NotFound, Moments: written.Moments);
        }

        // The id was taken: the same purchase posted again is fine, other values under its id are not.
        // A post without a time took the time of its arrival: its retry, later, is still the same purchase.
        await using var context = database.CreateContext();
        var stored = await context.Purchases.AsNoTracking().FirstAsync(p => p.Id == written.Item.Id, cancellationToken).ConfigureAwait(false);
        return Same(stored, written.Item, TimeGiven(fields))
            ? new Recorded<Purchase>(stored, [], AlreadyRecorded: true, Moments: [])
            : new Recorded<Purchase>(null, [new FieldProblem("purchase_id", $"'{written.Item.Id}' is already recorded with other values")], Conflict: true);
    }

    /// <summary>
    /// Records a touch (fields of touches.csv): inbound correspondence, or the outcome of a contact.
    /// <c>touch_id</c> defaults to a new id, <c>at</c> to now.
    /// </summary>
    public async Task<Recorded<Touch>> TouchAsync(IReadOnlyDictionary<string, string?> fields, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        var given = WithDefault(WithDefault(fields, "at", IsoTime.Format(now)), "touch_id", "T-" + Guid.CreateVersion7(now).ToString("N"));
        var written = await database.Writes.RunAsync((batch, ct) => WriteTouchAsync(batch, given, scope, now, ct), cancellationToken).ConfigureAwait(false);
        if (written.Stored || written.Item is null)
        {
            return new Recorded<Touch>(written.Item, written.Problems, written.NotFound, Moments: written.Moments);
        }

        await using var context = database.CreateContext();
        var stored = await context.Touches.AsNoTracking().FirstAsync(t => t.Id == written.Item.Id, cancellationToken).ConfigureAwait(false);
        return Same(stored, written.Item, TimeGiven(fields))
            ? new Recorded<Touch>(stored, [], AlreadyRecorded: true, Moments: [])
            : new Recorded<Touch>(null, [new FieldProblem("touch_id", $"'{written.Item.Id}' is already recorded with other values")], Conflict: true);
    }

    /// <summary>
    /// The purchase's whole write, in the write queue: the customer's scope, the purchase read by the
    /// rules of purchases.csv, then — unless its id is taken — the purchase, its audit entry and the
    /// moments it triggers, committed together.
    /// </summary>
    private async Task<Written<Purchase>> WritePurchaseAsync(WriteBatch batch, Dictionary<string, string?> given, AccessScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = await KnownAsync(batch, scope, given.GetValueOrDefault("customer_id"), staff: false, cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return Written<Purchase>.Unknown;
        }

        var (purchase, problems) = RecordForm.Read(ImportKind.Purchases, given, header => new PurchaseReader(header, known, now));
        if (purchase is null || problems.Count > 0)
        {
            return new Written<Purchase>(null, problems);
        }

        var insert = batch.Command(
            "INSERT INTO purchases (purchase_id, customer_id, at, amount, currency, product, category, line_of_business, branch_id) " +
            "VALUES (@id, @customer, @at, @amount, @currency, @product, @category, @lob, @branch) ON CONFLICT (purchase_id) DO NOTHING",
            "@id", "@customer", "@at", "@amount", "@currency", "@product", "@category", "@lob", "@branch");
        batch.Bind(insert, purchase.Id, purchase.CustomerId, purchase.At, purchase.Amount, purchase.Currency?.Code, purchase.Product, purchase.Category, purchase.LineOfBusiness, purchase.BranchId);
        if (await batch.ExecuteAsync(insert, cancellationToken).ConfigureAwait(false) == 0)
        {
            return new Written<Purchase>(purchase, [], Stored: false);
        }

        await AuditLog.AddAsync(batch, now, scope.Actor, "record-purchase", "customer:" + purchase.CustomerId, $"purchase {purchase.Id}", cancellationToken).ConfigureAwait(false);
        var moments = await MomentMaker.RunInAsync(batch, policy, holidays, now, purchase.CustomerId, cancellationToken).ConfigureAwait(false);
        return new Written<Purchase>(purchase, [], Stored: true, Moments: moments.Added);
    }

    /// <summary>The touch's whole write, in the write queue, as <see cref="WritePurchaseAsync"/>; only inbound correspondence and negative answers run the moments.</summary>
    private async Task<Written<Touch>> WriteTouchAsync(WriteBatch batch, Dictionary<string, string?> given, AccessScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = await KnownAsync(batch, scope, given.GetValueOrDefault("customer_id"), staff: true, cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return Written<Touch>.Unknown;
        }

        var (touch, problems) = RecordForm.Read(ImportKind.Touches, given, header => new TouchReader(header, known, now));
        if (touch is null || problems.Count > 0)
        {
            return new Written<Touch>(null, problems);
        }

        var insert = batch.Command(
            "INSERT INTO touches (touch_id, customer_id, at, channel, direction, kind, status, outcome, staff_id, note) " +
            "VALUES (@id, @customer, @at, @channel, @direction, @kind, @status, @outcome, @staff, @note) ON CONFLICT (touch_id) DO NOTHING",
            "@id", "@customer", "@at", "@channel", "@direction", "@kind", "@status", "@outcome", "@staff", "@note");
        batch.Bind(
            insert,
            touch.Id,
            touch.CustomerId,
            touch.At,
            EnumText.ToText(touch.Channel),
            EnumText.ToText(touch.Direction),
            EnumText.ToText(touch.Kind),
            EnumText.ToText(touch.Status),
            touch.Outcome is { } outcome ? EnumText.ToText(outcome) : null,
            touch.StaffId,
            touch.Note);
        if (await batch.ExecuteAsync(insert, cancellationToken).ConfigureAwait(false) == 0)
        {
            return new Written<Touch>(touch, [], Stored: false);
        }

        await AuditLog.AddAsync(
            batch,
            now,
            scope.Actor,
            "record-touch",
            "customer:" + touch.CustomerId,
            $"{EnumText.ToText(touch.Direction)} {EnumText.ToText(touch.Kind)} by {EnumText.ToText(touch.Channel)} ({touch.Id}){(touch.Outcome is { } o ? ": " + EnumText.ToText(o) : string.Empty)}",
            cancellationToken).ConfigureAwait(false);

        // Inbound correspondence and negative answers are the events moments answer.
        var moments = touch.Direction == TouchDirection.In || touch.Outcome == TouchOutcome.Negative
            ? (await MomentMaker.RunInAsync(batch, policy, holidays, now, touch.CustomerId, cancellationToken).ConfigureAwait(false)).Added
            : [];
        return new Written<Touch>(touch, [], Stored: true, Moments: moments);
    }

    /// <summary>
    /// The ids a record may refer to — its customer, every branch, and every member of staff when
    /// <paramref name="staff"/> (touches name staff, purchases do not) — or null when its customer is
    /// not in the scope.
    /// </summary>
    /// <remarks>
    /// Branches and staff are read in each write transaction rather than kept: an id imported a moment
    /// ago is known at once.
    /// </remarks>
    private static async Task<KnownIds?> KnownAsync(WriteBatch batch, AccessScope scope, string? customerId, bool staff, CancellationToken cancellationToken)
    {
        var known = new KnownIds();
        if (customerId is { Length: > 0 } given)
        {
            var id = given.Trim();
            var parameters = new List<(string Name, object? Value)> { ("@customer", id) };
            var inScope = ScopeSql.Condition(scope.Branches, "c", parameters);
            var command = batch.Command($"SELECT 1 FROM customers c WHERE c.customer_id = @customer AND {inScope}", [.. parameters.Select(p => p.Name)]);
            batch.Bind(command, [.. parameters.Select(p => p.Value)]);
            if (await batch.ScalarAsync(command, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }

            known.Customers.Add(id);
        }

        known.Branches.UnionWith(await batch.IdsAsync("SELECT branch_id FROM branches", cancellationToken).ConfigureAwait(false));
        if (staff)
        {
            known.Staff.UnionWith(await batch.IdsAsync("SELECT staff_id FROM staff", cancellationToken).ConfigureAwait(false));
        }

        return known;
    }

    private static Dictionary<string, string?> WithDefault(IReadOnlyDictionary<string, string?> fields, string name, string value)
    {
        var result = new Dictionary<string, string?>(fields, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(result.GetValueOrDefault(name)))
        {
            result[name] = value;
        }

        return result;
    }

    private static bool TimeGiven(IReadOnlyDictionary<string, string?> fields) => !string.IsNullOrWhiteSpace(fields.GetValueOrDefault("at"));

    private static bool Same(Purchase a, Purchase b, bool compareTime) =>
        a.CustomerId == b.CustomerId && (a.At == b.At || !compareTime) && a.Amount == b.Amount && a.Currency == b.Currency &&
        a.Product == b.Product && a.Category == b.Category && a.LineOfBusiness == b.LineOfBusiness && a.BranchId == b.BranchId;

    private static bool Same(Touch a, Touch b, bool compareTime) =>
        a.CustomerId == b.CustomerId && (a.At == b.At || !compareTime) && a.Channel == b.Channel && a.Direction == b.Direction &&
        a.Kind == b.Kind && a.Outcome == b.Outcome && a.StaffId == b.StaffId && a.Note == b.Note;

    /// <summary>What a write job came to, before the caller compares a taken id.</summary>
    /// <param name="Item">The record read; null when refused.</param>
    /// <param name="Problems">What is wrong, by field.</param>
    /// <param name="NotFound">The customer is not in the scope.</param>
    /// <param name="Stored">Stored now; false with an item when its id was taken.</param>
    /// <param name="Moments">The touches it triggered.</param>
    private sealed record Written<T>(T? Item, IReadOnlyList<FieldProblem> Problems, bool NotFound = false, bool Stored = false, IReadOnlyList<TriggeredTouch>? Moments = null)
        where T : class
    {
        public static readonly Written<T> Unknown = new(null, [], NotFound: true);
    }
}
