using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Customers;

namespace Rapport.Storage.Customers;

/// <summary>
/// A customer as field → text, with the names and spellings of <c>customers.csv</c>
/// (docs/data-format.md): what the API sends and takes, and what forms edit.
/// </summary>
public static class CustomerFields
{
    /// <summary>Every field, in the file's order.</summary>
    public static IReadOnlyList<string> Names { get; } = Import.ImportSchema.Columns(Import.ImportKind.Customers).Select(c => c.Name).ToArray();

    /// <summary>The customer's fields; an unknown value is null.</summary>
    public static IReadOnlyDictionary<string, string?> Of(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer_id"] = customer.Id,
            ["first_name"] = customer.FirstName,
            ["last_name"] = customer.LastName,
            ["company"] = customer.Company,
            ["email"] = List(customer.Emails.Select(e => e.Value)),
            ["phone"] = List(customer.Phones.Select(p => p.Value)),
            ["street"] = customer.Address.Street,
            ["city"] = customer.Address.City,
            ["postcode"] = customer.Address.Postcode,
            ["country"] = customer.Address.Country,
            ["latitude"] = customer.Location?.Latitude.ToString("R", CultureInfo.InvariantCulture),
            ["longitude"] = customer.Location?.Longitude.ToString("R", CultureInfo.InvariantCulture),
            ["time_zone"] = customer.TimeZone?.Id,
            ["language"] = customer.Language?.Value,
            ["birth_date"] = customer.BirthDate is { } birth ? IsoTime.Format(birth) : null,
            ["anniversary_date"] = customer.AnniversaryDate is { } anniversary ? IsoTime.Format(anniversary) : null,
            ["tags"] = List(customer.Tags),
            ["account_manager_id"] = customer.AccountManagerId,
            ["home_branch_id"] = customer.HomeBranchId,
            ["acquisition_source"] = customer.AcquisitionSource,
            ["referred_by"] = customer.ReferredBy,
            ["preferred_channels"] = List(customer.PreferredChannels.Select(EnumText.ToText)),
            ["preferred_frequency"] = customer.PreferredFrequency is { } frequency ? EnumText.ToText(frequency) : null,
            ["social_handles"] = List(customer.SocialHandles.Select(h => h.ToString())),
            ["created_at"] = customer.CreatedAt is { } created ? IsoTime.Format(created) : null,
        };
        return fields;
    }

    private static string? List(IEnumerable<string> items)
    {
        var text = string.Join(';', items);
        return text.Length == 0 ? null : text;
    }
}
