using Rapport.Core.Planning;

namespace Rapport.Cli.Tests;

public sealed class PolicyCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Init_WritesTheDefaultPolicy_AndKeepsAnEditedOne()
    {
        Assert.Equal(0, (await _cli.RunAsync("init")).ExitCode);
        var path = _cli.Folder.File("rapport.policy");
        Assert.Equal(PolicyFile.DefaultText, File.ReadAllText(path));

        File.WriteAllText(path, "[silence]\nlongest = 9 weeks\n");
        var again = await _cli.RunAsync("init");
        Assert.Contains("kept as it is", again.Out, StringComparison.Ordinal);
        Assert.Equal("[silence]\nlongest = 9 weeks\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Check_BadSetting_ExitsOneNamingSettingAndLine()
    {
        _cli.Folder.Write("rapport.policy", "[calls]\nwindow = 09:00-08:00\n");
        var outcome = await _cli.RunAsync("policy", "check");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("rapport.policy: calls.window: end 08:00 is before start 09:00 (line 2)", outcome.Error.Trim());
    }

    [Fact]
    public async Task Check_HolidaysFile_IsReadAndItsErrorsHaveLines()
    {
        _cli.Folder.Write("custom.policy", "[holidays]\nfile = holidays.csv\n");
        _cli.Folder.Write("holidays.csv", "country,date,name\nUS,2026-12-25,Christmas Day\n*,2027-01-01,New Year's Day\n");
        var ok = await _cli.RunAsync("--policy", "custom.policy", "policy", "check");
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Contains("with 2 public holidays", ok.Out, StringComparison.Ordinal);

        _cli.Folder.Write("holidays.csv", "country,date,name\nUS,2026-12-32,Bad\n");
        var bad = await _cli.RunAsync("--policy", "custom.policy", "policy", "check");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("holidays.csv:2: column 'date': '2026-12-32' is not a date (YYYY-MM-DD)", bad.Error.Trim());
    }

    [Fact]
    public async Task Check_NoFile_SaysTheDefaultsApply()
    {
        var outcome = await _cli.RunAsync("policy", "check");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("the defaults apply", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyDocumentation_ShowsTheDefaultFileAsItIs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Rapport.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "policy.md"));
        Assert.Contains(PolicyFile.DefaultText, docs, StringComparison.Ordinal);
    }
}
