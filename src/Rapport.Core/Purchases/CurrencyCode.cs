using System.Collections.Frozen;
using Rapport.Core.Common;

namespace Rapport.Core.Purchases;

/// <summary>An active ISO 4217 currency code such as <c>EUR</c>, <c>USD</c> or <c>JPY</c>.</summary>
/// <remarks>
/// Codes are read case-insensitively and stored in upper case. The list is the ISO 4217
/// list of active codes (2025); funds codes and precious metals are not currencies a shop
/// bills in and are refused. Instances are shared: reading the same code twice gives the
/// same object.
/// </remarks>
public sealed record CurrencyCode
{
    private const string ActiveCodes =
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD " +
        "GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT " +
        "LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR " +
        "NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP " +
        "STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD " +
        "XCG XOF XPF YER ZAR ZMW ZWG";

    private static readonly FrozenDictionary<string, CurrencyCode> All =
        ActiveCodes.Split(' ').ToFrozenDictionary(code => code, code => new CurrencyCode(code), StringComparer.OrdinalIgnoreCase);

    private CurrencyCode(string code) => Code = code;

    /// <summary>The three-letter code in upper case.</summary>
    public string Code { get; }

    /// <summary>Reads a currency code.</summary>
    public static ParseResult<CurrencyCode> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return All.TryGetValue(text.Trim(), out var code)
            ? ParseResult<CurrencyCode>.ForValue(code)
            : ParseResult<CurrencyCode>.ForError($"'{text}' is not an ISO 4217 currency code (such as EUR, USD, GBP)");
    }

    /// <summary>Reads a code that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The text is not a currency code.</exception>
    public static CurrencyCode From(string text)
    {
        var result = Parse(text);
        return result.Success ? result.Value : throw new FormatException(result.Error);
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
