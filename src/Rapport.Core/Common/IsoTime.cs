namespace Rapport.Core.Common;

/// <summary>Reads the dates and times of Rapport's files (SPEC section 7).</summary>
/// <remarks>
/// <para>Dates are <c>YYYY-MM-DD</c>. Times are ISO 8601 with a zone:
/// <c>2026-03-01T14:05:00Z</c>, <c>2026-03-01T15:05:00+01:00</c>, with optional seconds and
/// fractions of a second (up to seven digits); a space may stand for the <c>T</c>. A time
/// without a zone is refused, because the instant it means depends on where it was written.
/// A date alone is accepted where a time is expected and means midnight UTC of that day.</para>
/// <para>Every result is converted to UTC.</para>
/// </remarks>
public static class IsoTime
{
    /// <summary>Reads a date <c>YYYY-MM-DD</c>.</summary>
    public static ParseResult<DateOnly> ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.AsSpan().Trim();
        return s.Length == 10 && TryDate(s, out var date)
            ? ParseResult<DateOnly>.ForValue(date)
            : ParseResult<DateOnly>.ForError($"'{text}' is not a date (YYYY-MM-DD)");
    }

    /// <summary>Reads an instant: an ISO 8601 time with <c>Z</c> or an offset, or a date alone.</summary>
    public static ParseResult<DateTimeOffset> ParseInstant(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.AsSpan().Trim();
        if (s.Length < 10 || !TryDate(s[..10], out var date))
        {
            return Fail(text);
        }

        if (s.Length == 10)
        {
            return ParseResult<DateTimeOffset>.ForValue(new DateTimeOffset(date, TimeOnly.MinValue, TimeSpan.Zero));
        }

        if (s[10] is not ('T' or 't' or ' ') || s.Length < 16 ||
            !TryTwoDigits(s, 11, out var hour) || s[13] != ':' || !TryTwoDigits(s, 14, out var minute))
        {
            return Fail(text);
        }

        var i = 16;
        var second = 0;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!TryTwoDigits(s, i + 1, out second))
            {
                return Fail(text);
            }

            i += 3;
            if (i < s.Length && s[i] is '.' or ',')
            {
                i++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (digits < 7)
                    {
                        scale /= 10;
                        fractionTicks += (s[i] - '0') * scale;
                    }

                    digits++;
                    i++;
                }

                if (digits == 0)
                {
                    return Fail(text);
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return Fail(text);
        }

        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        if (i == s.Length)
        {
            return ParseResult<DateTimeOffset>.ForError($"'{text}' has no time zone (add Z for UTC, or an offset such as +01:00)");
        }

        if (!TryOffset(s[i..], out var offset))
        {
            return Fail(text);
        }

        var local = date.ToDateTime(new TimeOnly(hour, minute, second)).AddTicks(fractionTicks);
        var instant = new DateTimeOffset(local, offset).ToUniversalTime();
        return ParseResult<DateTimeOffset>.ForValue(instant);
    }

    /// <summary>Writes an instant in the form the files use: <c>2026-03-01T14:05:00Z</c>.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a date as <c>YYYY-MM-DD</c>.</summary>
    public static string Format(DateOnly date) =>
        date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static ParseResult<DateTimeOffset> Fail(string text) =>
        ParseResult<DateTimeOffset>.ForError($"'{text}' is not a time (expected YYYY-MM-DDTHH:MM:SSZ or with an offset, such as 2026-03-01T14:05:00+01:00)");

    private static bool TryDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-' ||
            !TryTwoDigits(s, 0, out var century) || !TryTwoDigits(s, 2, out var yearOfCentury) ||
            !TryTwoDigits(s, 5, out var month) || !TryTwoDigits(s, 8, out var day))
        {
            return false;
        }

        var year = (century * 100) + yearOfCentury;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s is "Z" or "z")
        {
            return true;
        }

        if (s.Length < 3 || s[0] is not ('+' or '-') || !TryTwoDigits(s, 1, out var hours))
        {
            return false;
        }

        var minutes = 0;
        if (s.Length == 6 && s[3] == ':')
        {
            if (!TryTwoDigits(s, 4, out minutes))
            {
                return false;
            }
        }
        else if (s.Length == 5)
        {
            if (!TryTwoDigits(s, 3, out minutes))
            {
                return false;
            }
        }
        else if (s.Length != 3)
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (at + 1 >= s.Length || !char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1]))
        {
            return false;
        }

        value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
        return true;
    }
}
