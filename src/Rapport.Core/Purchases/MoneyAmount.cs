using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Core.Purchases;

/// <summary>Reads and checks money amounts.</summary>
/// <remarks>
/// An amount is a plain decimal number with a point as decimal separator (<c>1234.5</c>),
/// never negative, with at most <see cref="MaxDecimals"/> decimal places and at most
/// <see cref="MaxValue"/>. Thousands separators are refused because <c>1,234</c> and
/// <c>1.234</c> mean different things in different countries.
/// </remarks>
public static class MoneyAmount
{
    /// <summary>The most decimal places an amount may have (enough for every ISO 4217 currency).</summary>
    public const int MaxDecimals = 4;

    /// <summary>The largest amount accepted: one hundred trillion.</summary>
    public const decimal MaxValue = 100_000_000_000_000m;

    /// <summary>Reads an amount.</summary>
    public static ParseResult<decimal> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!decimal.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return ParseResult<decimal>.ForError($"'{text}' is not a number");
        }

        return Check(value, text);
    }

    /// <summary>The same amount without trailing zeros (<c>120.50</c> becomes <c>120.5</c>), so that every store gives back the same value.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Checks an amount that did not come from text.</summary>
    public static ParseResult<decimal> Check(decimal value) => Check(value, value.ToString(CultureInfo.InvariantCulture));

    private static ParseResult<decimal> Check(decimal value, string text)
    {
        if (value < 0)
        {
            return ParseResult<decimal>.ForError($"'{text}' is negative (refunds are not purchases)");
        }

        if (value > MaxValue)
        {
            return ParseResult<decimal>.ForError($"'{text}' is too large");
        }

        return value.Scale > MaxDecimals && decimal.Round(value, MaxDecimals) != value
            ? ParseResult<decimal>.ForError($"'{text}' has more than {MaxDecimals} decimal places")
            : ParseResult<decimal>.ForValue(value);
    }
}
