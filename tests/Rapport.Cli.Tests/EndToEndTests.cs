using System.Diagnostics;
using System.Text.Json;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

/// <summary>The real <c>rapport</c> program, run as a user runs it, on SQLite and on PostgreSQL.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task DemoThenStats_OnSqliteAndPostgres_CountTheSame()
    {
        var sqlite = await RunAsync("--db", "demo.db", "demo", "--customers", "250", "--seed", "3", "--as-of", "2026-11-23", "--out", "files");
        Assert.True(sqlite.ExitCode == 0, sqlite.Error);
        var postgres = PostgresServer.Shared.CreateDatabase();
        var imported = await RunAsync("--db", postgres, "demo", "--customers", "250", "--seed", "3", "--as-of", "2026-11-23", "--out", "files");
        Assert.True(imported.ExitCode == 0, imported.Error);

        var fromSqlite = await StatsAsync("demo.db");
        var fromPostgres = await StatsAsync(postgres);
        Assert.Equal(250, fromSqlite.GetProperty("customers").GetInt64());
        Assert.Equal(fromSqlite.ToString(), fromPostgres.ToString());
    }

    [Fact]
    public async Task BadFile_ExitCodeOne_MessageOnStandardError()
    {
        _folder.Write("branches.csv", "branch_id,name,latitude\nB1,One,91\n");
        var outcome = await RunAsync("import", "branches", "branches.csv");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Out);
        Assert.Contains("branches.csv:2: column 'latitude': '91' is not a latitude (must lie between -90 and 90)", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitCodeTwo()
    {
        var outcome = await RunAsync("stats", "--frobnicate");
        Assert.Equal(2, outcome.ExitCode);
    }

    private async Task<JsonElement> StatsAsync(string database)
    {
        var outcome = await RunAsync("--db", database, "stats", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var document = JsonDocument.Parse(outcome.Out);
        return document.RootElement.Clone();
    }

    private async Task<CliOutcome> RunAsync(params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "rapport.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RAPPORT_DB");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliOutcome(process.ExitCode, await output, await error);
    }
}
