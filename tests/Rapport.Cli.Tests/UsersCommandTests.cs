using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Database;

namespace Rapport.Cli.Tests;

/// <summary><c>rapport users set-password</c>: the password comes from standard input and is stored hashed.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task SetPassword_StoresAHashNeverThePassword_AndRecordsWhoDidIt()
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunWithInputAsync("a long enough secret\n", "users", "set-password", "S1");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var database = await RapportDatabase.OpenAsync(DatabaseLocation.Resolve(null, null, _cli.Folder.Path), CancellationToken.None);
        await using var context = database.CreateContext();
        var account = await context.StaffAccounts.SingleAsync(a => a.StaffId == "S1");
        Assert.DoesNotContain("a long enough secret", account.PasswordHash, StringComparison.Ordinal);
        Assert.NotEmpty(account.PasswordHash);
        var audit = await context.AuditLog.SingleAsync(a => a.Action == "set-password");
        Assert.Equal("staff:S1", audit.Subject);
        Assert.StartsWith("cli:", audit.Actor, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short\n", "S1", "at least 10 characters")] // too short to be a password worth having
    [InlineData("a long enough secret\n", "S9", "no staff member 'S9'")] // a staff id that is not in staff.csv
    [InlineData("", "S1", "no password on standard input")] // nothing piped in
    public async Task SetPassword_BadInput_SaysWhatIsWrongAndStoresNothing(string input, string staff, string message)
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunWithInputAsync(input, "users", "set-password", staff);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains(message, outcome.Error, StringComparison.Ordinal);

        var database = await RapportDatabase.OpenAsync(DatabaseLocation.Resolve(null, null, _cli.Folder.Path), CancellationToken.None);
        await using var context = database.CreateContext();
        Assert.False(await context.StaffAccounts.AnyAsync());
    }

    private async Task ImportSampleAsync()
    {
        _cli.WriteSampleFiles();
        Assert.Equal(0, (await _cli.RunAsync("import", "branches", "branches.csv")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("import", "staff", "staff.csv")).ExitCode);
    }
}
