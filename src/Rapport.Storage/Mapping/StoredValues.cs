namespace Rapport.Storage.Mapping;

/// <summary>
/// How values are written to the database where the provider has no exact type of its own.
/// The EF converters and the bulk writers both use these, so that what import writes is what
/// EF reads.
/// </summary>
internal static class StoredValues
{
    /// <summary>Amounts are stored in SQLite as integers of 1/10,000 of the currency unit, exact and summable.</summary>
    public const decimal AmountScale = 10_000m;

    public const char ListSeparator = ';';

    public static long ToUnixMicroseconds(DateTimeOffset instant) =>
        (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    public static long ToScaledAmount(decimal amount) => (long)(amount * AmountScale);

    public static decimal FromScaledAmount(long scaled) => scaled / AmountScale;

    /// <summary>Instants for PostgreSQL: Npgsql writes <c>timestamptz</c> from UTC <see cref="DateTime"/>s.</summary>
    public static DateTime ToUtcDateTime(DateTimeOffset instant) => instant.UtcDateTime;

    public static string JoinList<T>(IEnumerable<T> items, Func<T, string> format) =>
        string.Join(ListSeparator, items.Select(format));

    public static T[] SplitList<T>(string? text, Func<string, T> parse) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries).Select(parse).ToArray();

    public static string EnumText<TEnum>(TEnum value)
        where TEnum : struct, Enum => Core.Common.EnumText.ToText(value);

    public static TEnum ParseEnum<TEnum>(string text)
        where TEnum : struct, Enum => Core.Common.EnumText.Parse<TEnum>(text, typeof(TEnum).Name).Value;
}
