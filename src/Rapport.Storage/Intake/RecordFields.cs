using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;

namespace Rapport.Storage.Intake;

/// <summary>
/// A purchase or a touch as field → text, with the names and spellings of <c>purchases.csv</c> and
/// <c>touches.csv</c> (docs/data-format.md): what the API sends back, so that a client reads what it wrote.
/// </summary>
public static class RecordFields
{
    /// <summary>The purchase's fields; an unknown value is null.</summary>
    public static IReadOnlyDictionary<string, string?> Of(Purchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["purchase_id"] = purchase.Id,
            ["customer_id"] = purchase.CustomerId,
            ["at"] = IsoTime.Format(purchase.At),
            ["amount"] = purchase.Amount.ToString(CultureInfo.InvariantCulture),
            ["currency"] = purchase.Currency?.Code,
            ["product"] = purchase.Product,
            ["category"] = purchase.Category,
            ["line_of_business"] = purchase.LineOfBusiness,
            ["branch_id"] = purchase.BranchId,
        };
    }

    /// <summary>The touch's fields; an unknown value is null.</summary>
    public static IReadOnlyDictionary<string, string?> Of(Touch touch)
    {
        ArgumentNullException.ThrowIfNull(touch);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["touch_id"] = touch.Id,
            ["customer_id"] = touch.CustomerId,
            ["at"] = IsoTime.Format(touch.At),
            ["channel"] = EnumText.ToText(touch.Channel),
            ["direction"] = EnumText.ToText(touch.Direction),
            ["kind"] = EnumText.ToText(touch.Kind),
            ["outcome"] = touch.Outcome is { } outcome ? EnumText.ToText(outcome) : null,
            ["staff_id"] = touch.StaffId,
            ["note"] = touch.Note,
        };
    }
}
