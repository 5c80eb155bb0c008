namespace Rapport.Core.Purchases;

/// <summary>What a customer has bought, in brief: the purchases part of the customer 360 view.</summary>
/// <param name="Count">How many purchases.</param>
/// <param name="Totals">The sum spent per currency; a <see langword="null"/> currency is the business's own.</param>
/// <param name="First">The first purchase, in UTC.</param>
/// <param name="Last">The latest purchase, in UTC.</param>
/// <param name="Lines">Each line of business bought from, with the first purchase in it, earliest first.</param>
public sealed record PurchaseSummary(
    int Count,
    IReadOnlyList<CurrencyTotal> Totals,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    IReadOnlyList<LineOfBusinessStart> Lines)
{
    /// <summary>Summarises purchases.</summary>
    /// <param name="purchases">One customer's purchases, in any order.</param>
    public static PurchaseSummary From(IEnumerable<Purchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var list = purchases.ToList();
        var totals = list
            .GroupBy(p => p.Currency?.Code)
            .Select(g => new CurrencyTotal(g.First().Currency, g.Sum(p => p.Amount)))
            .OrderBy(t => t.Currency?.Code, StringComparer.Ordinal)
            .ToArray();
        var lines = list
            .Where(p => !string.IsNullOrWhiteSpace(p.LineOfBusiness))
            .GroupBy(p => p.LineOfBusiness!, StringComparer.Ordinal)
            .Select(g => new LineOfBusinessStart(g.Key, g.Min(p => p.At)))
            .OrderBy(l => l.FirstPurchase)
            .ThenBy(l => l.Line, StringComparer.Ordinal)
            .ToArray();
        return new PurchaseSummary(
            list.Count,
            totals,
            list.Count == 0 ? null : list.Min(p => p.At),
            list.Count == 0 ? null : list.Max(p => p.At),
            lines);
    }
}

/// <summary>A sum of money in one currency.</summary>
/// <param name="Currency">The currency; <see langword="null"/> for the business's own.</param>
/// <param name="Total">The sum.</param>
public sealed record CurrencyTotal(CurrencyCode? Currency, decimal Total)
{
    /// <summary>The sum, without trailing zeros.</summary>
    public decimal Total { get; } = MoneyAmount.Normalize(Total);
}

/// <summary>When a customer first bought from a line of business.</summary>
/// <param name="Line">The line of business.</param>
/// <param name="FirstPurchase">The first purchase in it, in UTC.</param>
public sealed record LineOfBusinessStart(string Line, DateTimeOffset FirstPurchase);
