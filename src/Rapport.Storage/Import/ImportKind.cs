namespace Rapport.Storage.Import;

/// <summary>What a file holds. Files are imported in this order, because later kinds refer to earlier ones.</summary>
public enum ImportKind
{
    Branches,
    Staff,
    Customers,
    Consents,
    Purchases,
    Touches,
}

/// <summary>A column of an import file.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Required">Whether the column must be present and every row must have a value.</param>
public sealed record CsvColumn(string Name, bool Required);

/// <summary>The columns of each import file (SPEC section 7, documented in docs/data-format.md).</summary>
public static class ImportSchema
{
    private static readonly CsvColumn[] BranchColumns =
    [
        new("branch_id", true), new("name", true), new("latitude", false), new("longitude", false),
        new("time_zone", false), new("phone", false), new("email", false), new("address", false), new("reports_to", false),
    ];

    private static readonly CsvColumn[] StaffColumns =
    [
        new("staff_id", true), new("name", true), new("branch_id", true), new("role", false), new("phone", false),
        new("email", false), new("calls_per_day", false), new("working_days", false),
    ];

    private static readonly CsvColumn[] CustomerColumns =
    [
        new("customer_id", true), new("first_name", false), new("last_name", false), new("company", false),
        new("email", false), new("phone", false), new("street", false), new("city", false), new("postcode", false),
        new("country", false), new("latitude", false), new("longitude", false), new("time_zone", false),
        new("language", false), new("birth_date", false), new("anniversary_date", false), new("tags", false),
        new("account_manager_id", false), new("home_branch_id", false), new("acquisition_source", false),
        new("referred_by", false), new("preferred_channels", false), new("preferred_frequency", false),
        new("social_handles", false), new("created_at", false),
    ];

    private static readonly CsvColumn[] ConsentColumns =
    [
        new("customer_id", true), new("channel", true), new("status", true), new("at", true),
        new("source", false), new("evidence", false), new("suppression", false),
    ];

    private static readonly CsvColumn[] PurchaseColumns =
    [
        new("purchase_id", true), new("customer_id", true), new("at", true), new("amount", true),
        new("currency", false), new("product", false), new("category", false), new("line_of_business", false),
        new("branch_id", false),
    ];

    private static readonly CsvColumn[] TouchColumns =
    [
        new("touch_id", true), new("customer_id", true), new("at", true), new("channel", true),
        new("direction", true), new("kind", true), new("outcome", false), new("staff_id", false), new("note", false),
    ];

    /// <summary>The columns of a kind of file, in the order the documentation lists them.</summary>
    public static IReadOnlyList<CsvColumn> Columns(ImportKind kind) => kind switch
    {
        ImportKind.Branches => BranchColumns,
        ImportKind.Staff => StaffColumns,
        ImportKind.Customers => CustomerColumns,
        ImportKind.Consents => ConsentColumns,
        ImportKind.Purchases => PurchaseColumns,
        ImportKind.Touches => TouchColumns,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of file."),
    };

    /// <summary>The usual file name for a kind: <c>customers.csv</c>.</summary>
    public static string FileName(ImportKind kind) => Core.Common.EnumText.ToText(kind) + ".csv";
}
