namespace Rapport.Core.Customers;

/// <summary>Where letters reach a customer.</summary>
/// <param name="Street">Street and number, possibly several lines separated by line breaks.</param>
/// <param name="City">Town or city.</param>
/// <param name="Postcode">Postal code, as written in the country.</param>
/// <param name="Country">Country, preferably as an ISO 3166 two-letter code.</param>
public sealed record PostalAddress(string? Street, string? City, string? Postcode, string? Country)
{
    /// <summary>An address of which nothing is known.</summary>
    public static PostalAddress Empty { get; } = new(null, null, null, null);

    /// <summary>Whether a letter can be addressed: a street and a city or postcode.</summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(Street) &&
                              (!string.IsNullOrWhiteSpace(City) || !string.IsNullOrWhiteSpace(Postcode));
}
