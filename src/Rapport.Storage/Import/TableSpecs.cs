using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Import;

/// <summary>How a value is stored; each provider writes it in its own type (see <see cref="StoredValues"/>).</summary>
internal enum ColumnType
{
    Text,
    Integer,
    Real,
    Date,
    Instant,
    Amount,
}

/// <summary>A database column filled from a domain object, and the file columns it comes from.</summary>
/// <param name="Name">The database column.</param>
/// <param name="Type">How it is stored.</param>
/// <param name="Value">The value for an object; <see langword="null"/> for SQL NULL.</param>
/// <param name="Sources">The file columns that feed it; empty when it is always written.</param>
internal sealed record TableColumn<T>(string Name, ColumnType Type, Func<T, object?> Value, params string[] Sources);

/// <summary>Where a kind of file is stored, and how a row replaces an earlier one with the same key.</summary>
internal sealed class TableSpec<T>
{
    public required string Table { get; init; }

    public required string[] Key { get; init; }

    /// <summary>History tables only add rows: a row whose key exists already is left alone.</summary>
    public bool AppendOnly { get; init; }

    public required IReadOnlyList<TableColumn<T>> Columns { get; init; }

    /// <summary>
    /// The columns a file writes: the key, those always written, and those whose file column is in
    /// the header. A column absent from the file keeps its stored value on re-import.
    /// </summary>
    public IReadOnlyList<TableColumn<T>> ColumnsFor(CsvHeader header) =>
        Columns.Where(c => Key.Contains(c.Name) || c.Sources.Length == 0 || c.Sources.Any(header.Has)).ToArray();
}

internal static class TableSpecs
{
    public static readonly TableSpec<Branch> Branches = new()
    {
        Table = "branches",
        Key = ["branch_id"],
        Columns =
        [
            new("branch_id", ColumnType.Text, b => b.Id),
            new("name", ColumnType.Text, b => b.Name, "name"),
            new("latitude", ColumnType.Real, b => b.Location?.Latitude, "latitude", "longitude"),
            new("longitude", ColumnType.Real, b => b.Location?.Longitude, "latitude", "longitude"),
            new("time_zone", ColumnType.Text, b => b.TimeZone?.Id, "time_zone"),
            new("phone", ColumnType.Text, b => b.Phone?.Value, "phone"),
            new("email", ColumnType.Text, b => b.Email?.Value, "email"),
            new("address", ColumnType.Text, b => b.Address, "address"),
            new("reports_to", ColumnType.Text, b => b.ReportsTo, "reports_to"),
        ],
    };

    public static readonly TableSpec<StaffMember> Staff = new()
    {
        Table = "staff",
        Key = ["staff_id"],
        Columns =
        [
            new("staff_id", ColumnType.Text, s => s.Id),
            new("name", ColumnType.Text, s => s.Name, "name"),
            new("branch_id", ColumnType.Text, s => s.BranchId, "branch_id"),
            new("role", ColumnType.Text, s => EnumText.ToText(s.Role), "role"),
            new("phone", ColumnType.Text, s => s.Phone?.Value, "phone"),
            new("email", ColumnType.Text, s => s.Email?.Value, "email"),
            new("calls_per_day", ColumnType.Integer, s => s.CallsPerDay, "calls_per_day"),
            new("working_days", ColumnType.Text, s => s.WorkingDays?.ToString(), "working_days"),
        ],
    };

    public static readonly TableSpec<Customer> Customers = new()
    {
        Table = "customers",
        Key = ["customer_id"],
        Columns =
        [
            new("customer_id", ColumnType.Text, c => c.Id),
            new("first_name", ColumnType.Text, c => c.FirstName, "first_name"),
            new("last_name", ColumnType.Text, c => c.LastName, "last_name"),
            new("company", ColumnType.Text, c => c.Company, "company"),
            new("emails", ColumnType.Text, c => StoredValues.JoinList(c.Emails, e => e.Value), "email"),
            new("phones", ColumnType.Text, c => StoredValues.JoinList(c.Phones, p => p.Value), "phone"),
            new("street", ColumnType.Text, c => c.Address.Street, "street"),
            new("city", ColumnType.Text, c => c.Address.City, "city"),
            new("postcode", ColumnType.Text, c => c.Address.Postcode, "postcode"),
            new("country", ColumnType.Text, c => c.Address.Country, "country"),
            new("latitude", ColumnType.Real, c => c.Location?.Latitude, "latitude", "longitude"),
            new("longitude", ColumnType.Real, c => c.Location?.Longitude, "latitude", "longitude"),
            new("time_zone", ColumnType.Text, c => c.TimeZone?.Id, "time_zone"),
            new("language", ColumnType.Text, c => c.Language?.Value, "language"),
            new("birth_date", ColumnType.Date, c => c.BirthDate, "birth_date"),
            new("anniversary_date", ColumnType.Date, c => c.AnniversaryDate, "anniversary_date"),
            new("tags", ColumnType.Text, c => StoredValues.JoinList(c.Tags, t => t), "tags"),
            new("account_manager_id", ColumnType.Text, c => c.AccountManagerId, "account_manager_id"),
            new("home_branch_id", ColumnType.Text, c => c.HomeBranchId, "home_branch_id"),
            new("acquisition_source", ColumnType.Text, c => c.AcquisitionSource, "acquisition_source"),
            new("referred_by", ColumnType.Text, c => c.ReferredBy, "referred_by"),
            new("preferred_channels", ColumnType.Text, c => StoredValues.JoinList(c.PreferredChannels, StoredValues.EnumText), "preferred_channels"),
            new("preferred_frequency", ColumnType.Text, c => c.PreferredFrequency is { } f ? EnumText.ToText(f) : null, "preferred_frequency"),
            new("social_handles", ColumnType.Text, c => StoredValues.JoinList(c.SocialHandles, h => h.ToString()), "social_handles"),
            new("created_at", ColumnType.Instant, c => c.CreatedAt, "created_at"),
        ],
    };

    public static readonly TableSpec<ConsentRecord> Consents = new()
    {
        Table = "consents",
        Key = ["customer_id", "channel", "at", "status"],
        AppendOnly = true,
        Columns =
        [
            new("customer_id", ColumnType.Text, c => c.CustomerId),
            new("channel", ColumnType.Text, c => EnumText.ToText(c.Channel)),
            new("status", ColumnType.Text, c => EnumText.ToText(c.Status)),
            new("at", ColumnType.Instant, c => c.At),
            new("source", ColumnType.Text, c => c.Source),
            new("evidence", ColumnType.Text, c => c.Evidence),
            new("suppression", ColumnType.Text, c => c.Suppression is { } s ? EnumText.ToText(s) : null),
        ],
    };

    public static readonly TableSpec<Purchase> Purchases = new()
    {
        Table = "purchases",
        Key = ["purchase_id"],
        Columns =
        [
            new("purchase_id", ColumnType.Text, p => p.Id),
            new("customer_id", ColumnType.Text, p => p.CustomerId, "customer_id"),
            new("at", ColumnType.Instant, p => p.At, "at"),
            new("amount", ColumnType.Amount, p => p.Amount, "amount"),
            new("currency", ColumnType.Text, p => p.Currency?.Code, "currency"),
            new("product", ColumnType.Text, p => p.Product, "product"),
            new("category", ColumnType.Text, p => p.Category, "category"),
            new("line_of_business", ColumnType.Text, p => p.LineOfBusiness, "line_of_business"),
            new("branch_id", ColumnType.Text, p => p.BranchId, "branch_id"),
        ],
    };

    public static readonly TableSpec<Touch> Touches = new()
    {
        Table = "touches",
        Key = ["touch_id"],
        Columns =
        [
            new("touch_id", ColumnType.Text, t => t.Id),
            new("customer_id", ColumnType.Text, t => t.CustomerId, "customer_id"),
            new("at", ColumnType.Instant, t => t.At, "at"),
            new("channel", ColumnType.Text, t => EnumText.ToText(t.Channel), "channel"),
            new("direction", ColumnType.Text, t => EnumText.ToText(t.Direction), "direction"),
            new("kind", ColumnType.Text, t => EnumText.ToText(t.Kind), "kind"),
            new("status", ColumnType.Text, t => EnumText.ToText(t.Status)),
            new("outcome", ColumnType.Text, t => t.Outcome is { } o ? EnumText.ToText(o) : null, "outcome"),
            new("staff_id", ColumnType.Text, t => t.StaffId, "staff_id"),
            new("note", ColumnType.Text, t => t.Note, "note"),
        ],
    };
}
