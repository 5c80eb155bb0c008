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
        var known = await KnownAsync(context, scope, given.GetValueOrDefault("customer_id"), cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return new Recorded<Purchase>(null, [], NotFound: true);
        }

        var (purchase, problems) = RecordForm.Read(ImportKind.Purchases, given, header => new PurchaseReader(header, known, now));
        if (purchase is null || problems.Count > 0)
        {
            return new Recorded<Purchase>(null, problems);
        }

        var stored = await context.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == purchase.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return Same(stored, purchase)
                ? new Recorded<Purchase>(stored, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Purchase>(null, [new FieldProblem("purchase_id", $"'{purchase.Id}' is already recorded with other values")], Conflict: true);
        }

        context.Purchases.Add(purchase);
        AuditLog.Add(context, now, scope.Actor, "record-purchase", "customer:" + purchase.CustomerId, $"purchase {purchase.Id}");
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var moments = await MomentMaker.RunAsync(database, policy, holidays, now, purchase.CustomerId, cancellationToken).ConfigureAwait(false);
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
        var known = await KnownAsync(context, scope, given.GetValueOrDefault("customer_id"), cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return new Recorded<Touch>(null, [], NotFound: true);
        }

        var (touch, problems) = RecordForm.Read(ImportKind.Touches, given, header => new TouchReader(header, known, now));
        if (touch is null || problems.Count > 0)
        {
            return new Recorded<Touch>(null, problems);
        }

        var stored = await context.Touches.AsNoTracking().FirstOrDefaultAsync(t => t.Id == touch.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return Same(stored, touch)
                ? new Recorded<Touch>(stored, [], AlreadyRecorded: true, Moments: [])
                : new Recorded<Touch>(null, [new FieldProblem("touch_id", $"'{touch.Id}' is already recorded with other values")], Conflict: true);
        }

        context.Touches.Add(touch);
        AuditLog.Add(context, now, scope.Actor, "record-touch", "customer:" + touch.CustomerId, $"{EnumText.ToText(touch.Direction)} {EnumText.ToText(touch.Kind)} by {EnumText.ToText(touch.Channel)} ({touch.Id}){(touch.Outcome is { } o ? ": " + EnumText.ToText(o) : string.Empty)}");
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        // Inbound correspondence and negative answers are the events moments answer.
        var moments = touch.Direction == TouchDirection.In || touch.Outcome == TouchOutcome.Negative
            ? (await MomentMaker.RunAsync(database, policy, holidays, now, touch.CustomerId, cancellationToken).ConfigureAwait(false)).Added
            : [];
        return new Recorded<Touch>(touch, [], Moments: moments);
    }

    /// <summary>The ids a record may refer to, or null when its customer is not in the scope.</summary>
    private static async Task<KnownIds?> KnownAsync(RapportDbContext context, AccessScope scope, string? customerId, CancellationToken cancellationToken)
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

        known.Branches.UnionWith(await context.Branches.Select(b => b.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
        known.Staff.UnionWith(await context.Staff.Select(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
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

    private static bool Same(Purchase a, Purchase b) =>
        a.CustomerId == b.CustomerId && a.At == b.At && a.Amount == b.Amount && a.Currency == b.Currency &&
        a.Product == b.Product && a.Category == b.Category && a.LineOfBusiness == b.LineOfBusiness && a.BranchId == b.BranchId;

    private static bool Same(Touch a, Touch b) =>
        a.CustomerId == b.CustomerId && a.At == b.At && a.Channel == b.Channel && a.Direction == b.Direction &&
        a.Kind == b.Kind && a.Outcome == b.Outcome && a.StaffId == b.StaffId && a.Note == b.Note;
}
