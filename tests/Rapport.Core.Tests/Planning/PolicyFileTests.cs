using Rapport.Core.Planning;

namespace Rapport.Core.Tests.Planning;

public sealed class PolicyFileTests
{
    [Fact]
    public void DefaultText_ReadsBackAsTheDefaultPolicy()
    {
        var result = PolicyFile.Parse(PolicyFile.DefaultText, "rapport.policy");
        Assert.True(result.Success, string.Join("\n", result.Problems));
        Assert.Equal(ContactPolicy.Default, result.Policy);
    }

    [Fact]
    public void DefaultText_CommentsEverySettingWithItsSeedOrRule()
    {
        var lines = PolicyFile.DefaultText.Split('\n');
        foreach (var name in PolicyFile.SettingNames)
        {
            var key = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
            var at = Array.FindIndex(lines, l => l.StartsWith(key + " =", StringComparison.Ordinal));
            Assert.True(at > 0 && lines[at - 1].StartsWith("# ", StringComparison.Ordinal), name);
        }
    }

    [Fact]
    public void EmptyFile_IsTheDefaultPolicy() =>
        Assert.Equal(ContactPolicy.Default, PolicyFile.Parse("# nothing set\n", "p").Policy);

    [Fact]
    public void Settings_AreRead()
    {
        var result = PolicyFile.Parse("""
            [silence]
            longest = 9 weeks
            [care_calls]
            key = every 2 months   # more often for the biggest
            [calls]
            window = 08:30-17:00
            days = Mon;Wed;Fri
            [tiers]
            key_share = 10%
            [offers]
            two_in_a_row = yes
            """, "p");

        var policy = result.Policy!;
        Assert.Equal(new Interval(9, IntervalUnit.Weeks), policy.LongestSilence);
        Assert.Equal(new Interval(2, IntervalUnit.Months), policy.CareCallKey);
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(17, 0)), (policy.CallsFrom, policy.CallsUntil));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], policy.CallDays.Days);
        Assert.Equal(0.1, policy.Analytics.KeyShare, 10);
        Assert.True(policy.OffersTwoInARow);
    }

    [Fact]
    public void CallWindowBackwards_IsNamedWithItsLine()
    {
        var result = PolicyFile.Parse("[calls]\nwindow = 09:00-08:00\n", "rapport.policy");
        Assert.Equal("rapport.policy: calls.window: end 08:00 is before start 09:00 (line 2)", Assert.Single(result.Problems).ToString());
    }

    [Theory]
    // A misspelt setting is an error, not silently ignored.
    [InlineData("[silence]\nlongst = 8 weeks\n", "rapport.policy:2: 'longst' is not a setting of [silence] (it has: longest)")]
    [InlineData("[silense]\n", "rapport.policy:1: '[silense]' is not a section")]
    [InlineData("[silence]\nlongest = soon\n", "rapport.policy: silence.longest: 'soon' is not a span of time (such as 8 weeks, 3 months, quarterly, twice a year) (line 2)")]
    [InlineData("[caps]\ntouches = 0\n", "rapport.policy: caps.touches: 0 must lie between 1 and 100 (line 2)")]
    [InlineData("[caps]\ntouches = 2\ncalls = 3\n", "rapport.policy: caps.calls: 3 calls cannot fit in 2 touches (caps.touches) (line 3)")]
    [InlineData("[tiers]\nkey_share = 150%\n", "rapport.policy: tiers.key_share: '150%' must be at least 0 and less than 1 (100%) (line 2)")]
    [InlineData("[silence]\nlongest = 8 weeks\nlongest = 9 weeks\n", "rapport.policy: silence.longest: set twice (first on line 2) (line 3)")]
    [InlineData("[calls]\nwindow\n", "rapport.policy:2: 'window' is not a setting (expected key = value)")]
    public void BadFile_SaysWhatAndWhere(string text, string expected)
    {
        var problem = Assert.Single(PolicyFile.Parse(text, "rapport.policy").Problems).ToString();
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quarterly", 3, IntervalUnit.Months)]
    [InlineData("twice a year", 6, IntervalUnit.Months)]
    [InlineData("every 2 weeks", 2, IntervalUnit.Weeks)]
    [InlineData("1 day", 1, IntervalUnit.Days)]
    [InlineData("Yearly", 1, IntervalUnit.Years)]
    public void Interval_ReadsWordsAndSpans(string text, int amount, IntervalUnit unit) =>
        Assert.Equal(new Interval(amount, unit), Interval.Parse(text).Value);

    [Fact]
    public void Interval_AddsCalendarMonths() =>
        Assert.Equal(new DateOnly(2027, 2, 28), new Interval(1, IntervalUnit.Months).After(new DateOnly(2027, 1, 31)));
}
