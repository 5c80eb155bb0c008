using System.Globalization;

namespace Rapport.Storage.Demo;

/// <summary>
/// Allocation-light formatting for the hot loops of the demo generator, in exactly the forms the
/// files use (ids, <see cref="Core.Common.IsoTime"/> instants, amounts, coordinates).
/// </summary>
/// <remarks>
/// Instants are whole seconds counted from 0001-01-01T00:00:00Z, the origin of
/// <see cref="DateOnly.DayNumber"/>, so a day number times 86,400 is that day's midnight UTC.
/// </remarks>
internal static class DemoText
{
    public const long SecondsPerDay = 86_400;

    /// <summary><c>C0000042</c>: a prefix and a zero-padded number.</summary>
    public static string Id(char prefix, long number, int width) =>
        string.Create(width + 1, (prefix, number), static (span, state) =>
        {
            span[0] = state.prefix;
            var n = state.number;
            for (var i = span.Length - 1; i >= 1; i--)
            {
                span[i] = (char)('0' + (n % 10));
                n /= 10;
            }
        });

    /// <summary>The instant as <c>2026-03-01T14:05:00Z</c>, the same text as <c>IsoTime.Format</c>.</summary>
    public static string Instant(long seconds) =>
        string.Create(20, seconds, static (span, s) =>
        {
            var (year, month, day) = DateOnly.FromDayNumber((int)(s / SecondsPerDay));
            var time = (int)(s % SecondsPerDay);
            Digits(span[..4], year);
            span[4] = '-';
            Digits(span.Slice(5, 2), month);
            span[7] = '-';
            Digits(span.Slice(8, 2), day);
            span[10] = 'T';
            Digits(span.Slice(11, 2), time / 3600);
            span[13] = ':';
            Digits(span.Slice(14, 2), time / 60 % 60);
            span[16] = ':';
            Digits(span.Slice(17, 2), time % 60);
            span[19] = 'Z';
        });

    /// <summary>An amount of cents as dollars with exactly two decimals: <c>1234.50</c>.</summary>
    public static string Cents(long cents)
    {
        var whole = cents / 100;
        var wholeDigits = CountDigits(whole);
        return string.Create(wholeDigits + 3, cents, static (span, c) =>
        {
            Digits(span[..^3], c / 100);
            span[^3] = '.';
            Digits(span[^2..], c % 100);
        });
    }

    /// <summary>A coordinate with exactly five decimals (about a metre): <c>-122.33210</c>.</summary>
    public static string Coordinate(double degrees)
    {
        var units = (long)Math.Round(degrees * 100_000);
        var negative = units < 0;
        var magnitude = negative ? -units : units;
        var whole = magnitude / 100_000;
        var length = (negative ? 1 : 0) + CountDigits(whole) + 6;
        return string.Create(length, (negative, magnitude), static (span, state) =>
        {
            var offset = 0;
            if (state.negative)
            {
                span[0] = '-';
                offset = 1;
            }

            Digits(span[offset..^6], state.magnitude / 100_000);
            span[^6] = '.';
            Digits(span[^5..], state.magnitude % 100_000);
        });
    }

    /// <summary>A telephone number in the written form <c>+1 206-555-0142</c>.</summary>
    public static string Phone(string areaCode, int line) =>
        string.Create(15, (areaCode, line), static (span, state) =>
        {
            "+1 ".CopyTo(span);
            state.areaCode.AsSpan().CopyTo(span[3..]);
            "-555-".CopyTo(span[6..]);
            Digits(span[11..], state.line);
        });

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int CountDigits(long value)
    {
        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }

    // Writes the value right-aligned in the span, padded with zeros.
    private static void Digits(Span<char> span, long value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
