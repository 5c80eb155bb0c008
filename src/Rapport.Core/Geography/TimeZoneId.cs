using System.Collections.Concurrent;
using Rapport.Core.Common;

namespace Rapport.Core.Geography;

/// <summary>An IANA time-zone identifier such as <c>Europe/London</c> or <c>America/Denver</c>.</summary>
/// <remarks>
/// Rapport stores every instant in UTC and converts to a customer's or branch's zone only to
/// decide local dates and calling hours. Windows zone names (<c>Pacific Standard Time</c>)
/// and fixed offsets are refused: they do not follow daylight-saving rules by place.
/// Identifiers are case-sensitive, as in the IANA database.
/// </remarks>
public sealed record TimeZoneId
{
    private static readonly ConcurrentDictionary<string, TimeZoneId?> Known = new(StringComparer.Ordinal);

    private TimeZoneId(string id, TimeZoneInfo zone)
    {
        Id = id;
        Zone = zone;
    }

    /// <summary>The UTC zone.</summary>
    public static TimeZoneId Utc { get; } = new("Etc/UTC", TimeZoneInfo.Utc);

    /// <summary>The IANA identifier.</summary>
    public string Id { get; }

    /// <summary>The zone's rules.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Reads an IANA identifier.</summary>
    public static ParseResult<TimeZoneId> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var id = text.Trim();
        var zone = Known.GetOrAdd(id, Lookup);
        return zone is null
            ? ParseResult<TimeZoneId>.ForError($"'{text}' is not an IANA time zone (such as Europe/London or America/New_York)")
            : ParseResult<TimeZoneId>.ForValue(zone);
    }

    /// <summary>Reads an identifier that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The text is not an IANA time zone.</exception>
    public static TimeZoneId From(string text)
    {
        var result = Parse(text);
        return result.Success ? result.Value : throw new FormatException(result.Error);
    }

    /// <summary>The local date and time of an instant in this zone.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>Whether two zones are the same identifier.</summary>
    public bool Equals(TimeZoneId? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => Id;

    private static TimeZoneId? Lookup(string id)
    {
        if (id.Length == 0 || id.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            return null;
        }

        // On Linux the lookup falls back to a case-insensitive match on some systems; keep
        // the identifier exactly as the database spells it.
        return string.Equals(zone.Id, id, StringComparison.Ordinal) ? new TimeZoneId(id, zone) : null;
    }
}
