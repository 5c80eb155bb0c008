using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Database;

/// <summary>
/// The write queue of the request path: each job committed before its caller hears of it, a job
/// that fails rolled back alone (on SQLite, while others in the same transaction are kept), and a
/// job dropped while it waits never written. On each provider (see the subclasses at the end).
/// </summary>
public abstract class WriteQueueTests : IAsyncLifetime, IDisposable
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    protected abstract DatabaseProvider Provider { get; }

    protected RapportDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AFailingJob_IsRolledBackAlone_TheOthersAreCommittedBeforeTheirCallersHear()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first job holds the writer, so that the next two queue and share a transaction (SQLite).
        var first = Database.Writes.RunAsync(
            async (batch, ct) =>
            {
                await gate.Task;
                await AuditLog.AddAsync(batch, Now, "test", "first", "subject:1", null, ct);
                return 1;
            },
            CancellationToken.None);
        var failing = Database.Writes.RunAsync<int>(
            async (batch, ct) =>
            {
                await AuditLog.AddAsync(batch, Now, "test", "failing", "subject:2", null, ct);
                throw new InvalidOperationException("the job went wrong after writing");
            },
            CancellationToken.None);
        var third = Database.Writes.RunAsync(
            async (batch, ct) =>
            {
                await AuditLog.AddAsync(batch, Now, "test", "third", "subject:3", null, ct);
                return 3;
            },
            CancellationToken.None);
        gate.SetResult();

        Assert.Equal(1, await first);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("the job went wrong after writing", error.Message);
        Assert.Equal(3, await third);
        await using var context = Database.CreateContext();
        Assert.Equal(["first", "third"], await context.AuditLog.Where(a => a.Actor == "test").OrderBy(a => a.Action).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task AJob_IsVisibleToOtherConnections_AsSoonAsItsCallerHears()
    {
        for (var i = 0; i < 20; i++)
        {
            var subject = "subject:" + i;
            await Database.Writes.RunAsync(
                async (batch, ct) =>
                {
                    await AuditLog.AddAsync(batch, Now, "test", "write", subject, null, ct);
                    return true;
                },
                CancellationToken.None);

            await using var context = Database.CreateContext();
            Assert.True(await context.AuditLog.AnyAsync(a => a.Subject == subject), subject);
        }
    }
}

public sealed class SqliteWriteQueueTests : WriteQueueTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task AJobCancelledWhileItWaits_IsNeverWritten()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var holding = Database.Writes.RunAsync(
            async (batch, ct) =>
            {
                await gate.Task;
                return true;
            },
            CancellationToken.None);
        var ran = false;
        var dropped = Database.Writes.RunAsync(
            async (batch, ct) =>
            {
                ran = true;
                await AuditLog.AddAsync(batch, Now, "test", "dropped", "subject:x", null, ct);
                return true;
            },
            cancel.Token);

        await cancel.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        Assert.True(await holding);
        Assert.False(ran);
        await using var context = Database.CreateContext();
        Assert.False(await context.AuditLog.AnyAsync(a => a.Action == "dropped"));
    }

    [Fact]
    public async Task TheWriter_EndsWhenIdle_AndANewJobStartsItAgain()
    {
        Assert.True(await Database.Writes.RunAsync((batch, ct) => Task.FromResult(true), CancellationToken.None));

        // Longer than the writer waits with nothing to do before it closes its connection and ends.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var written = await Database.Writes.RunAsync(
            async (batch, ct) =>
            {
                await AuditLog.AddAsync(batch, Now, "test", "after-idle", "subject:y", null, ct);
                return true;
            },
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(written);
        await using var context = Database.CreateContext();
        Assert.True(await context.AuditLog.AnyAsync(a => a.Action == "after-idle"));
    }
}

public sealed class PostgresWriteQueueTests : WriteQueueTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
