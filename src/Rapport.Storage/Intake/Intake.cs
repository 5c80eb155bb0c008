using System.Data.Common;
using Microsoft.Data.Sqlite;
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
using Rapport.Storage.Planning;

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
/// once: a retrying client is safe.
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
        await using var context = database.CreateContext();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var known = await KnownAsync(context, scope, given.GetValueOrDefault("customer_id"), staff: false, cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return new Recorded<Purchase>(null, [], NotFound: true);
        }

        var (purchase, problems) = RecordForm.Read(ImportKind.Purchases, given, header => new PurchaseReader(header, known, now));
        if (purchase is null || problems.Count > 0)
        {
            return new Recorded<Purchase>(null, problems);
        }

        // The customer the moments need is read before the writer's turn, which is then short. One
        // write transaction: the purchase, its audit entry and the moments it triggers are stored
        // together, and the id is checked inside it, so two posts of one purchase store it once.
        var customer = await MomentMaker.ReadCustomersAsync(context, [purchase.CustomerId], now, cancellationToken).ConfigureAwait(false);
        using var turn = await database.WriterTurnAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = await context.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == purchase.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return Same(stored, purchase)
                ? new Recorded<Purchase>(stored, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Purchase>(null, [new FieldProblem("purchase_id", $"'{purchase.Id}' is already recorded with other values")], Conflict: true);
        }

        context.Purchases.Add(purchase);
        AuditLog.Add(context, now, scope.Actor, "record-purchase", "customer:" + purchase.CustomerId, $"purchase {purchase.Id}");
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (IsDuplicateKey(e))
        {
            // Another process (or, on PostgreSQL, another request) stored the same id a moment ago.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
            var winner = await context.Purchases.AsNoTracking().FirstAsync(p => p.Id == purchase.Id, cancellationToken).ConfigureAwait(false);
            return Same(winner, purchase)
                ? new Recorded<Purchase>(winner, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Purchase>(null, [new FieldProblem("purchase_id", $"'{purchase.Id}' is already recorded with other values")], Conflict: true);
        }

        var moments = await MomentMaker.RunInAsync(context, IsSqlite, policy, holidays, now, purchase.CustomerId, customer, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Recorded<Purchase>(purchase, [], Moments: moments.Added);
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
        await using var context = database.CreateContext();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var known = await KnownAsync(context, scope, given.GetValueOrDefault("customer_id"), staff: true, cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return new Recorded<Touch>(null, [], NotFound: true);
        }

        var (touch, problems) = RecordForm.Read(ImportKind.Touches, given, header => new TouchReader(header, known, now));
        if (touch is null || problems.Count > 0)
        {
            return new Recorded<Touch>(null, problems);
        }

        // Inbound correspondence and negative answers are the events moments answer.
        var runsMoments = touch.Direction == TouchDirection.In || touch.Outcome == TouchOutcome.Negative;
        var customer = runsMoments ? await MomentMaker.ReadCustomersAsync(context, [touch.CustomerId], now, cancellationToken).ConfigureAwait(false) : [];
        using var turn = await database.WriterTurnAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = await context.Touches.AsNoTracking().FirstOrDefaultAsync(t => t.Id == touch.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return Same(stored, touch)
                ? new Recorded<Touch>(stored, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Touch>(null, [new FieldProblem("touch_id", $"'{touch.Id}' is already recorded with other values")], Conflict: true);
        }

        context.Touches.Add(touch);
        AuditLog.Add(context, now, scope.Actor, "record-touch", "customer:" + touch.CustomerId, $"{EnumText.ToText(touch.Direction)} {EnumText.ToText(touch.Kind)} by {EnumText.ToText(touch.Channel)} ({touch.Id}){(touch.Outcome is { } o ? ": " + EnumText.ToText(o) : string.Empty)}");
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (IsDuplicateKey(e))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
            var winner = await context.Touches.AsNoTracking().FirstAsync(t => t.Id == touch.Id, cancellationToken).ConfigureAwait(false);
            return Same(winner, touch)
                ? new Recorded<Touch>(winner, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Touch>(null, [new FieldProblem("touch_id", $"'{touch.Id}' is already recorded with other values")], Conflict: true);
        }


        var moments = runsMoments
            ? (await MomentMaker.RunInAsync(context, IsSqlite, policy, holidays, now, touch.CustomerId, customer, cancellationToken).ConfigureAwait(false)).Added
            : [];
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Recorded<Touch>(touch, [], Moments: moments);
    }

    private bool IsSqlite => database.Location.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// The ids a record may refer to — its customer, every branch, and every member of staff when
    /// <paramref name="staff"/> (touches name staff, purchases do not) — or null when its customer is
    /// not in the scope. Read on the context's open connection.
    /// </summary>
    /// <remarks>
    /// Branches and staff are read on every request rather than kept: a few dozen to a few thousand
    /// short rows cost tens of microseconds on the open connection, and an id imported a moment ago is
    /// known at once.
    /// </remarks>
    private static async Task<KnownIds?> KnownAsync(RapportDbContext context, AccessScope scope, string? customerId, bool staff, CancellationToken cancellationToken)
    {
        var known = new KnownIds();
        if (customerId is { Length: > 0 } id)
        {
            if (!await scope.Customers(context).AnyAsync(c => c.Id == id.Trim(), cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            known.Customers.Add(id.Trim());
        }

        var connection = context.Database.GetDbConnection();
        await ReadIdsAsync(connection, "SELECT branch_id FROM branches", known.Branches, cancellationToken).ConfigureAwait(false);
        if (staff)
        {
            await ReadIdsAsync(connection, "SELECT staff_id FROM staff", known.Staff, cancellationToken).ConfigureAwait(false);
        }

        return known;
    }

    private static async Task ReadIdsAsync(DbConnection connection, string sql, HashSet<string> into, CancellationToken cancellationToken)
    {
        await using var rows = await StoredRows.OpenAsync(connection, null, sql, [], cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            into.Add(rows.String(0));
        }
    }

    /// <summary>A primary key already stored: PostgreSQL's unique violation, SQLite's primary-key constraint.</summary>
    private static bool IsDuplicateKey(DbUpdateException e) => e.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 1555,
        DbException other => other.SqlState == "23505",
        _ => false,
    };

    private static Dictionary<string, string?> WithDefault(IReadOnlyDictionary<string, string?> fields, string name, string value)
    {
        var result = new Dictionary<string, string?>(fields, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(result.GetValueOrDefault(name)))
        {
            result[name] = value;
        }

        return result;
    }

    private static bool Same(Purchase a, Purchase b) =>
        a.CustomerId == b.CustomerId && a.At == b.At && a.Amount == b.Amount && a.Currency == b.Currency &&
        a.Product == b.Product && a.Category == b.Category && a.LineOfBusiness == b.LineOfBusiness && a.BranchId == b.BranchId;

    private static bool Same(Touch a, Touch b) =>
        a.CustomerId == b.CustomerId && a.At == b.At && a.Channel == b.Channel && a.Direction == b.Direction &&
        a.Kind == b.Kind && a.Outcome == b.Outcome && a.StaffId == b.StaffId && a.Note == b.Note;
}
