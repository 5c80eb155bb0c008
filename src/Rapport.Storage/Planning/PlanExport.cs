using System.Globalization;
using System.Text;
using Rapport.Core.Common;
using Rapport.Core.Geography;
using Rapport.Storage.Csv;
using Rapport.Storage.Database;

namespace Rapport.Storage.Planning;

/// <summary>The stored plan as files: every touch as CSV (SPEC section 7), and one staff member's calls as an iCalendar file.</summary>
public static class PlanExport
{
    /// <summary>The columns of <c>plan.csv</c>, in order (SPEC section 7).</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["touch_id", "customer_id", "date", "start_time", "end_time", "channel", "kind", "staff_id", "branch_id", "reason"];

    /// <summary>Writes every planned touch as CSV, in customer and day order.</summary>
    /// <param name="database">The database.</param>
    /// <param name="plan">The stored plan.</param>
    /// <param name="output">Where to write; the caller disposes it.</param>
    /// <param name="progress">Told the share written, from 0 to 1.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many touches were written.</returns>
    public static async Task<long> WriteCsvAsync(RapportDatabase database, StoredPlan plan, TextWriter output, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var csv = new CsvWriter(output);
        csv.Record(CsvColumns);
        long written = 0;
        await foreach (var touch in PlanStore.TouchesAsync(database, plan, cancellationToken).ConfigureAwait(false))
        {
            csv.Field(touch.TouchId);
            csv.Field(touch.CustomerId);
            csv.Field(IsoTime.Format(touch.Day));
            csv.Field(touch.Start?.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.Field(touch.End?.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.Field(EnumText.ToText(touch.Channel));
            csv.Field(EnumText.ToText(touch.Kind));
            csv.Field(touch.StaffId);
            csv.Field(touch.BranchId);
            csv.Field(touch.Reason);
            csv.EndRecord();
            if (++written % 65_536 == 0)
            {
                progress?.Report(written / (double)Math.Max(1, plan.Touches));
            }
        }

        csv.Flush();
        progress?.Report(1);
        return written;
    }

    /// <summary>
    /// Writes one staff member's calls as an iCalendar file (RFC 5545): one event per call, times
    /// in UTC converted from the customer's time zone (else the owning branch's, else UTC).
    /// </summary>
    /// <param name="database">The database.</param>
    /// <param name="plan">The stored plan.</param>
    /// <param name="staffId">The staff member; must exist.</param>
    /// <param name="output">Where to write; the caller disposes it. It should not translate line ends: the file's are CRLF.</param>
    /// <param name="stamp">The time the file is made (DTSTAMP).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many calls were written.</returns>
    public static async Task<int> WriteIcsAsync(RapportDatabase database, StoredPlan plan, string staffId, TextWriter output, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var calls = await PlanStore.CallsOfAsync(database, plan, staffId, cancellationToken).ConfigureAwait(false);
        var calendar = new ICalendarWriter(output);
        calendar.Line("BEGIN", "VCALENDAR");
        calendar.Line("VERSION", "2.0");
        calendar.Line("PRODID", "-//Rapport//Contact plan//EN");
        calendar.Line("CALSCALE", "GREGORIAN");
        calendar.Line("METHOD", "PUBLISH");
        calendar.Line("X-WR-CALNAME", ICalendarWriter.Text($"Rapport calls: {staffId}"));
        var dtstamp = Utc(stamp);
        foreach (var call in calls)
        {
            var touch = call.Touch;
            var start = ToUtc(touch.Day, touch.Start!.Value, call.TimeZone);
            var description = new StringBuilder();
            description.Append("Phone: ").Append(call.Phone ?? "no number on record").Append('\n');
            description.Append("Customer: ").Append(touch.CustomerId).Append('\n');
            description.Append("Local time: ").Append(touch.Start.Value.ToString("HH:mm", CultureInfo.InvariantCulture))
                .Append(call.TimeZone is { } zone ? $" ({zone})" : " (UTC)").Append('\n');
            description.Append("Why: ").Append(touch.Reason);

            calendar.Line("BEGIN", "VEVENT");
            calendar.Line("UID", ICalendarWriter.Text($"{touch.TouchId}@rapport"));
            calendar.Line("DTSTAMP", dtstamp);
            calendar.Line("DTSTART", Utc(start));
            calendar.Line("DTEND", Utc(start.AddMinutes(touch.MinutesPerCall)));
            calendar.Line("SUMMARY", ICalendarWriter.Text($"Call {call.CustomerName ?? touch.CustomerId}"));
            calendar.Line("DESCRIPTION", ICalendarWriter.Text(description.ToString()));
            calendar.Line("CATEGORIES", ICalendarWriter.Text(EnumText.ToText(touch.Kind)));
            calendar.Line("END", "VEVENT");
        }

        calendar.Line("END", "VCALENDAR");
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return calls.Count;
    }

    /// <summary>A local day and time in an IANA time zone as an instant; UTC when the zone is unknown. A time that does not exist (the hour skipped when clocks go forward) moves forward by the skipped span.</summary>
    public static DateTimeOffset ToUtc(DateOnly day, TimeOnly time, string? timeZone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (timeZone is null || !TimeZoneId.Parse(timeZone).Success)
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        var zone = TimeZoneId.Parse(timeZone).Value.Zone;
        if (zone.IsInvalidTime(local))
        {
            var rule = zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local && r.DateEnd >= local);
            local = local.Add(rule?.DaylightDelta ?? TimeSpan.FromHours(1));
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Writes iCalendar content lines (RFC 5545 section 3.1): CRLF line ends, lines folded at 75 octets without splitting a character.</summary>
internal sealed class ICalendarWriter(TextWriter output)
{
    private const int MaxOctets = 75;

    /// <summary>A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon, comma and line ends escaped.</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Writes <c>NAME:value</c>; the value must already be escaped as its type requires.</summary>
    public void Line(string name, string value)
    {
        var line = $"{name}:{value}";
        var octets = 0;
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            // A surrogate pair is one character of four octets; it is never split.
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));

            // The first line holds 75 octets; each continuation line starts with a space, so holds 74 more.
            if (octets + size > MaxOctets)
            {
                output.Write(line.AsSpan(start, i - start));
                output.Write("\r\n ");
                start = i;
                octets = 1;
            }

            octets += size;
            i += length - 1;
        }

        output.Write(line.AsSpan(start));
        output.Write("\r\n");
    }
}
