using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

public sealed class TenureTests
{
    [Theory]
    // S3: "when they have been buying from you for 5 years".
    [InlineData("2021-03-14", "2026-11-23", "five years")]
    // Under two years, months: the brief's own example.
    [InlineData("2025-05-23", "2026-11-23", "18 months")]
    [InlineData("2026-08-20", "2026-11-23", "three months")]
    // One is singular and spelled out.
    [InlineData("2026-10-23", "2026-11-23", "one month")]
    // Twelve is the last number spelled out; a year and a bit is still months.
    [InlineData("2025-11-23", "2026-11-23", "twelve months")]
    [InlineData("2025-10-01", "2026-11-23", "13 months")]
    [InlineData("2024-11-23", "2026-11-23", "two years")]
    [InlineData("2011-01-01", "2026-11-23", "15 years")]
    // A day short of a month is weeks.
    [InlineData("2026-10-24", "2026-11-23", "four weeks")]
    [InlineData("2026-11-16", "2026-11-23", "one week")]
    [InlineData("2026-11-20", "2026-11-23", "a few days")]
    [InlineData("2026-11-23", "2026-11-23", "a few days")]
    public void InWords_WritesWeeksMonthsOrYears(string since, string day, string expected) =>
        Assert.Equal(expected, Tenure.InWords(DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void InWords_UnknownOrFutureStart_IsNull()
    {
        Assert.Null(Tenure.InWords(null, new DateOnly(2026, 11, 23)));
        Assert.Null(Tenure.InWords(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 23)));
        Assert.Null(Tenure.Years(null, new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void Years_CountsWholeYears() =>
        Assert.Equal(5, Tenure.Years(new DateOnly(2021, 3, 14), new DateOnly(2026, 11, 23)));
}
