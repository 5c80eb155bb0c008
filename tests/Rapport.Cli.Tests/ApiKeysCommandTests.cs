using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Database;

namespace Rapport.Cli.Tests;

/// <summary><c>rapport apikeys</c>: keys are printed once, stored as a hash, listed without their secret, revoked for good.</summary>
public sealed class ApiKeysCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_PrintsTheKeyOnce_StoresOnlyTheHashOfItsSecret_AndAuditsIt()
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync("apikeys", "add", "--branch", "B1", "--name", "web shop");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var key = outcome.Out.Trim();
        Assert.Matches("^rk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown only this once", outcome.Error, StringComparison.Ordinal);

        await using var context = (await OpenAsync()).CreateContext();
        var row = await context.ApiKeys.SingleAsync();
        Assert.Equal(key[..15], row.KeyId);
        Assert.Equal("B1", row.BranchId);
        Assert.False(row.AllBranches);
        Assert.Equal("web shop", row.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key[16..]))), row.SecretHash);
        Assert.DoesNotContain(key[16..], row.SecretHash, StringComparison.Ordinal);
        var audit = await context.AuditLog.SingleAsync(a => a.Action == "add-api-key");
        Assert.Equal("apikey:" + row.KeyId, audit.Subject);
        Assert.StartsWith("cli:", audit.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsIdsReachAndRevocation_NeverTheSecret()
    {
        await ImportSampleAsync();
        var branchKey = (await _cli.RunAsync("apikeys", "add", "--branch", "B2")).Out.Trim();
        var allKey = (await _cli.RunAsync("apikeys", "add", "--all", "--name", "billing")).Out.Trim();
        Assert.Equal(0, (await _cli.RunAsync("apikeys", "revoke", branchKey[..15])).ExitCode);

        var listed = await _cli.RunAsync("apikeys", "list");
        Assert.Equal(0, listed.ExitCode);
        var branchLine = Assert.Single(listed.Out.Split('\n'), l => l.StartsWith(branchKey[..15], StringComparison.Ordinal));
        Assert.Contains("branch B2", branchLine, StringComparison.Ordinal);
        Assert.Contains("2026-11-23T12:00:00Z", branchLine[20..], StringComparison.Ordinal);
        var allLine = Assert.Single(listed.Out.Split('\n'), l => l.StartsWith(allKey[..15], StringComparison.Ordinal));
        Assert.Contains("all", allLine, StringComparison.Ordinal);
        Assert.EndsWith("billing", allLine.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(branchKey[16..], listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(allKey[16..], listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_MarksTheKeyRevoked_AndAuditsIt()
    {
        await ImportSampleAsync();
        var key = (await _cli.RunAsync("apikeys", "add", "--all")).Out.Trim();
        var outcome = await _cli.RunAsync("apikeys", "revoke", key[..15]);
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("revoked", outcome.Out, StringComparison.Ordinal);

        await using var context = (await OpenAsync()).CreateContext();
        Assert.NotNull((await context.ApiKeys.SingleAsync()).RevokedAt);
        var subject = "apikey:" + key[..15];
        Assert.True(await context.AuditLog.AnyAsync(a => a.Action == "revoke-api-key" && a.Subject == subject));
    }

    [Theory]
    [InlineData(2, "either --branch ID or --all", "apikeys", "add")] // neither reach given
    [InlineData(2, "either --branch ID or --all", "apikeys", "add", "--branch", "B1", "--all")] // both given
    [InlineData(1, "no branch 'B9'", "apikeys", "add", "--branch", "B9")] // a branch not in branches.csv
    [InlineData(1, "no API key 'rk_000000000000'", "apikeys", "revoke", "rk_000000000000")] // a key that was never made
    public async Task BadUsageOrInput_SaysWhatIsWrong_AndStoresNoKey(int exitCode, string message, params string[] args)
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync(args);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains(message, outcome.Error, StringComparison.Ordinal);
        await using var context = (await OpenAsync()).CreateContext();
        Assert.False(await context.ApiKeys.AnyAsync());
    }

    private Task<RapportDatabase> OpenAsync() => RapportDatabase.OpenAsync(DatabaseLocation.Resolve(null, null, _cli.Folder.Path), CancellationToken.None);

    private async Task ImportSampleAsync()
    {
        _cli.WriteSampleFiles();
        Assert.Equal(0, (await _cli.RunAsync("import", "branches", "branches.csv")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("import", "staff", "staff.csv")).ExitCode);
    }
}
