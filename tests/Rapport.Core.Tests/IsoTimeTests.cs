using Rapport.Core.Common;

namespace Rapport.Core.Tests;

public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2026-03-01T14:05:00Z", "2026-03-01T14:05:00Z")]
    // An offset is converted to UTC.
    [InlineData("2026-03-01T15:05:00+01:00", "2026-03-01T14:05:00Z")]
    [InlineData("2026-03-01T09:05:00-0500", "2026-03-01T14:05:00Z")]
    [InlineData("2026-03-01T16:05+02", "2026-03-01T14:05:00Z")]
    // A space may stand for the T; fractions of a second are kept.
    [InlineData("2026-03-01 14:05:00.25Z", "2026-03-01T14:05:00.25Z")]
    // A space before the zone, as some exports write it.
    [InlineData("2026-03-01T15:05:00 +01:00", "2026-03-01T14:05:00Z")]
    // A date alone is midnight UTC.
    [InlineData("2026-03-01", "2026-03-01T00:00:00Z")]
    // 29 February exists in leap years.
    [InlineData("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z")]
    public void ParseInstant_IsoText_GivesTheInstantInUtc(string text, string expected) =>
        Assert.Equal(expected, IsoTime.Format(IsoTime.ParseInstant(text).Value));

    [Theory]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2025-02-29T10:00:00Z")]
    [InlineData("2026-13-01T10:00:00Z")]
    [InlineData("2026-03-01T24:00:00Z")]
    [InlineData("2026-03-01T10:60:00Z")]
    [InlineData("01/03/2026")]
    [InlineData("2026-03-01T10:00:00+25:00")]
    [InlineData("yesterday")]
    public void ParseInstant_ImpossibleOrForeignForm_IsRefused(string text) =>
        Assert.StartsWith($"'{text}' is not a time", IsoTime.ParseInstant(text).Error, StringComparison.Ordinal);

    [Fact]
    public void ParseInstant_WithoutZone_SaysSo() =>
        Assert.Equal("'2026-03-01T10:00:00' has no time zone (add Z for UTC, or an offset such as +01:00)", IsoTime.ParseInstant("2026-03-01T10:00:00").Error);

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-2-3")]
    [InlineData("03/02/2026")]
    public void ParseDate_NotADate_IsRefused(string text) =>
        Assert.Equal($"'{text}' is not a date (YYYY-MM-DD)", IsoTime.ParseDate(text).Error);
}
