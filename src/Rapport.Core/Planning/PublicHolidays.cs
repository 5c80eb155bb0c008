namespace Rapport.Core.Planning;

/// <summary>A public holiday: no calls in that country on that day.</summary>
/// <param name="Country">The country, written as in the customers' <c>country</c> column (such as <c>US</c>), or <c>*</c> for every country.</param>
/// <param name="Date">The day.</param>
/// <param name="Name">What the holiday is, for explanations.</param>
public sealed record PublicHoliday(string Country, DateOnly Date, string Name);

/// <summary>The public holidays the user supplied, by country.</summary>
/// <remarks>Countries are compared without regard to case or surrounding spaces.</remarks>
public sealed class PublicHolidays
{
    private readonly Dictionary<(string Country, DateOnly Date), PublicHoliday> _byDay;

    private PublicHolidays(Dictionary<(string Country, DateOnly Date), PublicHoliday> byDay) => _byDay = byDay;

    /// <summary>No holidays.</summary>
    public static PublicHolidays None { get; } = new([]);

    /// <summary>How many holidays are known.</summary>
    public int Count => _byDay.Count;

    /// <summary>A set of holidays.</summary>
    public static PublicHolidays From(IEnumerable<PublicHoliday> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        var byDay = new Dictionary<(string, DateOnly), PublicHoliday>();
        foreach (var holiday in holidays)
        {
            byDay.TryAdd((Key(holiday.Country), holiday.Date), holiday);
        }

        return new PublicHolidays(byDay);
    }

    /// <summary>The holiday on a day in a country (or in every country), if there is one.</summary>
    /// <param name="country">The customer's country; <see langword="null"/> matches only holidays of every country.</param>
    /// <param name="day">The day.</param>
    public PublicHoliday? On(string? country, DateOnly day) =>
        (country is not null && _byDay.TryGetValue((Key(country), day), out var local)) ? local
        : _byDay.TryGetValue(("*", day), out var everywhere) ? everywhere
        : null;

    private static string Key(string country) => country.Trim().ToUpperInvariant();
}
