using System.Text.Json;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("import", "--help")]
    [InlineData("customers", "show", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("stats", "--help")]
    [InlineData("init", "--help")]
    [InlineData("customers", "list", "--help")]
    [InlineData("plan", "--help")]
    [InlineData("plan", "export", "--help")]
    [InlineData("plan", "explain", "--help")]
    [InlineData("today", "--help")]
    public async Task Help_OnEveryCommand_ExitsZeroWithUsage(params string[] args)
    {
        var outcome = await _cli.RunAsync(args);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Usage:", outcome.Out, StringComparison.Ordinal);
    }

    [Theory]
    // An unknown command.
    [InlineData("frobnicate")]
    // A kind of file that does not exist.
    [InlineData("import", "cats", "cats.csv")]
    // A missing argument.
    [InlineData("customers", "show")]
    // A value out of range.
    [InlineData("customers", "list", "--limit", "0")]
    public async Task BadUsage_ExitsTwoWithAMessage(params string[] args)
    {
        var outcome = await _cli.RunAsync(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("rapport: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("--help", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_CreatesTheDatabaseInTheWorkingFolder()
    {
        var outcome = await _cli.RunAsync("init");
        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(_cli.Folder.File("rapport.db")));
        Assert.Contains("schema created", outcome.Out, StringComparison.Ordinal);

        var again = await _cli.RunAsync("init");
        Assert.Contains("already up to date", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SampleFiles_StatsCountsExactlyWhatTheFilesHold()
    {
        _cli.WriteSampleFiles();
        foreach (var (kind, name, _) in SampleBusiness.Files)
        {
            var outcome = await _cli.RunAsync("import", kind, name);
            Assert.True(outcome.ExitCode == 0, outcome.Error);
            Assert.StartsWith($"{name}: ", outcome.Out, StringComparison.Ordinal);
        }

        var stats = await StatsAsync();
        Assert.Equal(2, stats.GetProperty("branches").GetInt64());
        Assert.Equal(2, stats.GetProperty("staff").GetInt64());
        Assert.Equal(4, stats.GetProperty("customers").GetInt64());
        Assert.Equal(6, stats.GetProperty("consents").GetInt64());
        Assert.Equal(4, stats.GetProperty("purchases").GetInt64());
        Assert.Equal(3, stats.GetProperty("touches").GetInt64());
    }

    [Fact]
    public async Task Import_BadFile_ExitsOneNamesFileLineAndColumn_AndLeavesTheDatabaseAsItWas()
    {
        _cli.WriteSampleFiles();
        foreach (var (kind, name, _) in SampleBusiness.Files.Take(3))
        {
            Assert.Equal(0, (await _cli.RunAsync("import", kind, name)).ExitCode);
        }

        _cli.Folder.Write("purchases.csv", "purchase_id,customer_id,at,amount\nP1,C1,2024-01-01T10:00:00Z,10\nP2,C1,2024-01-02T10:00:00Z,\"12,34x\"\n");
        var outcome = await _cli.RunAsync("import", "purchases", "purchases.csv");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("purchases.csv:3: column 'amount': '12,34x' is not a number", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await StatsAsync()).GetProperty("purchases").GetInt64());
    }

    [Fact]
    public async Task Import_SkipBadRows_ImportsTheRestAndWritesRejects()
    {
        _cli.WriteSampleFiles();
        Assert.Equal(0, (await _cli.RunAsync("import", "branches", "branches.csv")).ExitCode);
        _cli.Folder.Write("staff.csv", "staff_id,name,branch_id\nS1,Ann,B1\nS2,Bob,B9\n");

        var outcome = await _cli.RunAsync("import", "staff", "staff.csv", "--skip-bad-rows", "rejects.csv");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("1 rejected", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("'B9' is not a known branch", File.ReadAllText(_cli.Folder.File("rejects.csv")), StringComparison.Ordinal);
        Assert.Equal(1, (await StatsAsync()).GetProperty("staff").GetInt64());
    }

    [Fact]
    public async Task CustomersShow_GivesThe360View()
    {
        _cli.WriteSampleFiles();
        foreach (var (kind, name, _) in SampleBusiness.Files)
        {
            Assert.Equal(0, (await _cli.RunAsync("import", kind, name)).ExitCode);
        }

        var text = await _cli.RunAsync("customers", "show", "C1");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Zoë Dupré  [C1]", text.Out, StringComparison.Ordinal);
        Assert.Contains("email    no   withdrawn 2024-05-01T09:00:00Z via unsubscribe-link — message 881", text.Out, StringComparison.Ordinal);
        Assert.Contains("Purchases: 2", text.Out, StringComparison.Ordinal);
        Assert.Contains("garden: since 2016-03-01", text.Out, StringComparison.Ordinal);

        var json = await _cli.RunAsync("customers", "show", "C1", "--json");
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.Equal("Zoë", root.GetProperty("first_name").GetString());
        Assert.False(root.GetProperty("consent").GetProperty("email").GetProperty("may_contact").GetBoolean());
        Assert.True(root.GetProperty("consent").GetProperty("phone").GetProperty("may_contact").GetBoolean());
        Assert.Equal(2, root.GetProperty("purchases").GetProperty("count").GetInt32());
        Assert.Equal(155.5m, root.GetProperty("purchases").GetProperty("totals")[0].GetProperty("total").GetDecimal());
        Assert.Equal(2, root.GetProperty("touches").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task CustomersShow_UnknownId_ExitsOne()
    {
        var outcome = await _cli.RunAsync("customers", "show", "nobody");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no customer with id 'nobody'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersList_SearchesAndPages()
    {
        _cli.WriteSampleFiles();
        foreach (var (kind, name, _) in SampleBusiness.Files.Take(3))
        {
            Assert.Equal(0, (await _cli.RunAsync("import", kind, name)).ExitCode);
        }

        var json = await _cli.RunAsync("customers", "list", "--search", "EXAMPLE.COM", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(3, document.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(["C1", "C2", "C3"], document.RootElement.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        var page = await _cli.RunAsync("customers", "list", "--limit", "2", "--offset", "2");
        Assert.Contains("3–4 of 4 customers", page.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_FromEnvironmentVariable_IsUsed()
    {
        var path = _cli.Folder.File("elsewhere.db");
        _cli.SetEnvironment("RAPPORT_DB", path);
        Assert.Equal(0, (await _cli.RunAsync("init")).ExitCode);
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(_cli.Folder.File("rapport.db")));
    }

    [Fact]
    public async Task Database_InMissingFolder_ExitsOneWithTheReason()
    {
        var outcome = await _cli.RunAsync("--db", "no/such/folder/x.db", "stats");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("does not exist", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WritesAndImportsABusiness_SameSeedSameFiles()
    {
        var first = await _cli.RunAsync("demo", "--customers", "300", "--seed", "7", "--out", "one");
        Assert.True(first.ExitCode == 0, first.Error);
        var second = await _cli.RunAsync("--db", "two.db", "demo", "--customers", "300", "--seed", "7", "--out", "two");
        Assert.Equal(0, second.ExitCode);
        foreach (var file in Directory.GetFiles(_cli.Folder.File("one")).Select(Path.GetFileName))
        {
            Assert.Equal(File.ReadAllBytes(_cli.Folder.File($"one/{file}")), File.ReadAllBytes(_cli.Folder.File($"two/{file}")));
        }

        var stats = await StatsAsync();
        Assert.Equal(300, stats.GetProperty("customers").GetInt64());
        Assert.Equal(File.ReadLines(_cli.Folder.File("one/purchases.csv")).LongCount() - 1, stats.GetProperty("purchases").GetInt64());
        Assert.Equal(File.ReadLines(_cli.Folder.File("one/touches.csv")).LongCount() - 1, stats.GetProperty("touches").GetInt64());
    }

    private async Task<JsonElement> StatsAsync()
    {
        var outcome = await _cli.RunAsync("stats", "--json");
        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.Out);
        return document.RootElement.Clone();
    }
}
