using System.Text;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Tests.Planning;

/// <summary>The pieces of the plan's files and work queue that need no database: calendar lines, time zones, talking points.</summary>
public sealed class PlanFormatTests
{
    [Theory]
    // Winter: Zürich is UTC+1.
    [InlineData("2026-11-24", "09:00", "Europe/Zurich", "2026-11-24T08:00:00Z")]
    // Summer: UTC+2.
    [InlineData("2027-07-01", "17:50", "Europe/Zurich", "2027-07-01T15:50:00Z")]
    // West of Greenwich the UTC day can be the next one.
    [InlineData("2026-11-24", "17:00", "America/Los_Angeles", "2026-11-25T01:00:00Z")]
    // 02:30 does not exist on the morning clocks go forward in New York: moved to 03:30 EDT.
    [InlineData("2027-03-14", "02:30", "America/New_York", "2027-03-14T07:30:00Z")]
    // No zone, or one the system does not know: the time is taken as UTC.
    [InlineData("2026-11-24", "09:00", null, "2026-11-24T09:00:00Z")]
    [InlineData("2026-11-24", "09:00", "Mars/Olympus_Mons", "2026-11-24T09:00:00Z")]
    public void ToUtc_LocalTimeInTheZone_IsTheInstant(string day, string time, string? zone, string expected) =>
        Assert.Equal(
            DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            PlanExport.ToUtc(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), zone));

    [Fact]
    public void CalendarText_EscapesBackslashSemicolonCommaAndLineEnds() =>
        Assert.Equal("a\\\\b\\;c\\,d\\ne\\nf", ICalendarWriter.Text("a\\b;c,d\ne\r\nf"));

    [Fact]
    public void CalendarLine_LongerThan75Octets_IsFoldedWithoutSplittingACharacter()
    {
        using var output = new StringWriter();
        var value = string.Concat(Enumerable.Repeat("Zoë Dupré 😀 ", 20));

        new ICalendarWriter(output).Line("DESCRIPTION", value);

        var text = output.ToString();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.True(lines.Length > 3);
        Assert.All(lines, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75));
        Assert.All(lines.Skip(1), line => Assert.StartsWith(" ", line, StringComparison.Ordinal));
        Assert.DoesNotContain('\uFFFD', string.Concat(lines));

        // Unfolding (RFC 5545 3.1: remove each CRLF followed by one space) gives the line back.
        Assert.Equal($"DESCRIPTION:{value}", text[..^2].Replace("\r\n ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void CalendarLine_Of75Octets_IsNotFolded()
    {
        using var output = new StringWriter();
        new ICalendarWriter(output).Line("SUMMARY", new string('x', 75 - "SUMMARY:".Length));
        Assert.Equal($"SUMMARY:{new string('x', 67)}\r\n", output.ToString());
    }

    [Fact]
    public void TalkingPoints_BirthdayNextWeekAndALastPurchase_ComeFirst()
    {
        var points = TalkingPoints.For(new CallFacts(
            new DateOnly(2026, 11, 24), new DateOnly(1980, 11, 30), null, 70, "core", "active", new DateOnly(2026, 3, 2), "Oak table", null));

        Assert.Equal(
            [
                "their birthday is on 30 November: wish them well",
                "last bought Oak table 8 months ago (2026-03-02): it has been a while: ask what they need now",
                "a customer for 5 years: thank them for their loyalty",
            ],
            points);
    }

    [Theory]
    // Recent: ask about the thing bought.
    [InlineData("2026-10-30", "last bought Oak table this month (2026-10-30): ask how it is working out")]
    [InlineData("2026-06-24", "last bought Oak table 5 months ago (2026-06-24): ask how it is working out")]
    // Long ago: in years, and about what they need now.
    [InlineData("2018-11-18", "last bought Oak table 8 years ago (2018-11-18): it has been a while: ask what they need now")]
    public void TalkingPoints_LastPurchase_SaysHowLongAgo(string day, string expected)
    {
        var points = TalkingPoints.For(new CallFacts(
            new DateOnly(2026, 11, 24), null, null, null, null, "active", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), "Oak table", null));
        Assert.Equal(expected, points[0]);
    }

    [Fact]
    public void TalkingPoints_BornOn29February_CelebrateOn28FebruaryInOtherYears()
    {
        var points = TalkingPoints.For(new CallFacts(new DateOnly(2027, 2, 28), new DateOnly(1984, 2, 29), null, null, null, null, null, null, null));
        Assert.Equal("it is their birthday today: wish them a happy birthday", points[0]);
    }

    [Fact]
    public void TalkingPoints_Warning_AsksToListenNotToSell()
    {
        var points = TalkingPoints.For(new CallFacts(new DateOnly(2026, 11, 24), null, null, 30, "key", "lapsing", new DateOnly(2026, 1, 5), null, "buying less often than usual"));

        Assert.Contains(points, p => p.Contains("listen first", StringComparison.Ordinal));
        Assert.DoesNotContain(points, p => p.Contains("key customers", StringComparison.Ordinal));
        Assert.InRange(points.Count, 2, 3);
    }

    [Fact]
    public void TalkingPoints_NothingKnown_StillTwo()
    {
        var points = TalkingPoints.For(new CallFacts(new DateOnly(2026, 11, 24), null, null, null, null, "prospect", null, null, null));
        Assert.Equal(2, points.Count);
    }
}
