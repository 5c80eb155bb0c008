using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Rapport.Storage.Mapping;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Database;

/// <summary>
/// The short writes of the request path (a purchase from a shop's checkout, a letter logged by
/// staff), each one a job that reads and writes through a <see cref="WriteBatch"/>.
/// </summary>
/// <remarks>
/// <para>
/// SQLite takes one writer at a time. Here one loop writes for the whole process, on one connection
/// kept open while work keeps coming: its page cache stays warm (a connection's cache is dropped
/// whenever another connection has committed) and its statements stay prepared. Jobs that queue
/// while a transaction commits are written together in the next one (group commit), each inside a
/// savepoint: a job that fails is rolled back alone, and its caller gets the exception. Callers hear
/// of their job only once the transaction holding it is committed; if the commit fails, every job in
/// it fails.
/// </para>
/// <para>
/// PostgreSQL lets writers work side by side: each job runs in a transaction of its own on a pooled
/// connection, at once.
/// </para>
/// </remarks>
internal sealed class WriteQueue
{
    /// <summary>How many queued jobs one transaction takes at most: enough to spread a commit, few enough to answer soon.</summary>
    private const int MostPerTransaction = 64;

    /// <summary>How long the writer's connection stays open with nothing to write.</summary>
    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(2);

    private readonly RapportDatabase _database;
    private readonly Channel<IJob> _jobs = Channel.CreateUnbounded<IJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;

    public WriteQueue(RapportDatabase database) => _database = database;

    private interface IJob
    {
        CancellationToken CancellationToken { get; }

        Task RunAsync(WriteBatch batch);

        void Fail(Exception exception);

        void Complete();
    }

    /// <summary>Runs <paramref name="job"/> in a write transaction; the task completes once that transaction is committed.</summary>
    /// <typeparam name="T">What the job returns.</typeparam>
    /// <param name="job">Reads and writes through the batch; it must not commit, roll back or keep the batch.</param>
    /// <param name="cancellationToken">Drops the job while it waits; once it has run, it is committed with its transaction.</param>
    public async Task<T> RunAsync<T>(Func<WriteBatch, CancellationToken, Task<T>> job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_database.Location.Provider != DatabaseProvider.Sqlite)
        {
            return await RunAloneAsync(job, cancellationToken).ConfigureAwait(false);
        }

        var queued = new Job<T>(job, cancellationToken);
        if (!_jobs.Writer.TryWrite(queued))
        {
            throw new InvalidOperationException("the write queue is closed");
        }

        EnsureLoop();
        return await queued.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RunAloneAsync<T>(Func<WriteBatch, CancellationToken, Task<T>> job, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new WriteBatch(connection, sqlite: false);
        batch.Begin(transaction);
        var result = await job(batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private void EnsureLoop()
    {
        lock (_gate)
        {
            if (_loop is null)
            {
                _loop = Task.Run(WriteLoopAsync);
            }
        }
    }

    /// <summary>Writes queued jobs until none has come for a while, then closes its connection and ends.</summary>
    private async Task WriteLoopAsync()
    {
        var batch = new List<IJob>(MostPerTransaction);
        WriteBatch? writer = null;
        try
        {
            while (true)
            {
                if (!_jobs.Reader.TryPeek(out _))
                {
                    using var idle = new CancellationTokenSource(IdleClose);
                    try
                    {
                        await _jobs.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested)
                    {
                        // Nothing came: end (the check below starts a new loop for a job that came just now).
                        return;
                    }
                }

                batch.Clear();
                while (batch.Count < MostPerTransaction && _jobs.Reader.TryRead(out var job))
                {
                    if (job.CancellationToken.IsCancellationRequested)
                    {
                        job.Fail(new OperationCanceledException(job.CancellationToken));
                    }
                    else
                    {
                        batch.Add(job);
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                writer ??= new WriteBatch(await _database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false), sqlite: true);
                if (!await WriteAsync(writer, batch).ConfigureAwait(false))
                {
                    // After a failed begin or commit the connection's state is unknown: start afresh.
                    await writer.DisposeConnectionAsync().ConfigureAwait(false);
                    writer = null;
                }
            }
        }
        catch (Exception e)
        {
            // Opening (or closing) the connection failed: the jobs taken and those waiting hear why.
            foreach (var job in batch)
            {
                job.Fail(e);
            }

            while (_jobs.Reader.TryRead(out var job))
            {
                job.Fail(e);
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeConnectionAsync().ConfigureAwait(false);
            }

            lock (_gate)
            {
                // A job queued after the last look finds this loop still running and relies on it.
                _loop = _jobs.Reader.TryPeek(out _) ? Task.Run(WriteLoopAsync) : null;
            }
        }
    }

    /// <summary>One transaction: each job in a savepoint, then the commit. False when the transaction itself failed.</summary>
    private static async Task<bool> WriteAsync(WriteBatch writer, List<IJob> jobs)
    {
        var failed = new Exception?[jobs.Count];
        DbTransaction? transaction = null;
        try
        {
            transaction = await writer.Connection.BeginTransactionAsync().ConfigureAwait(false);
            writer.Begin(transaction);
            for (var i = 0; i < jobs.Count; i++)
            {
                var savepoint = "job" + i.ToString(CultureInfo.InvariantCulture);
                await transaction.SaveAsync(savepoint).ConfigureAwait(false);
                try
                {
                    await jobs[i].RunAsync(writer).ConfigureAwait(false);
                    await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    failed[i] = e;
                    await transaction.RollbackAsync(savepoint).ConfigureAwait(false);
                    await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var job in jobs)
            {
                job.Fail(e);
            }

            return false;
        }
        finally
        {
            writer.End();
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            if (failed[i] is { } e)
            {
                jobs[i].Fail(e);
            }
            else
            {
                jobs[i].Complete();
            }
        }

        return true;
    }

    private sealed class Job<T>(Func<WriteBatch, CancellationToken, Task<T>> job, CancellationToken cancellationToken) : IJob
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public CancellationToken CancellationToken => cancellationToken;

        public Task<T> Result => _result.Task;

        public async Task RunAsync(WriteBatch batch) => _value = await job(batch, cancellationToken).ConfigureAwait(false);

        public void Fail(Exception exception) => _result.TrySetException(exception);

        public void Complete() => _result.TrySetResult(_value!);
    }
}

/// <summary>
/// The connection and transaction a write job works in, with its statements prepared once and
/// reused for as long as the connection is open.
/// </summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;

    public WriteBatch(DbConnection connection, bool sqlite)
    {
        Connection = connection;
        IsSqlite = sqlite;
    }

    public DbConnection Connection { get; }

    public bool IsSqlite { get; }

    /// <summary>The open transaction.</summary>
    public DbTransaction Transaction => _transaction ?? throw new InvalidOperationException("no write transaction is open");

    /// <summary>
    /// The command for <paramref name="sql"/>, made with its parameters (values null) on first use and
    /// kept, in the open transaction. Set each parameter before running it.
    /// </summary>
    public DbCommand Command(string sql, params ReadOnlySpan<string> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            _commands.Add(sql, command);
        }

        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Sets the command's parameters, in order, to values in their stored form (see <see cref="StoredValue"/>).</summary>
    public void Bind(DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = StoredValue(values[i]) ?? DBNull.Value;
        }
    }

    /// <summary>
    /// A value as its column stores it, as EF's converters write it: on SQLite instants are
    /// microseconds since 1970, amounts integers of 1/10,000, days <c>yyyy-MM-dd</c> and flags 0 or
    /// 1; on PostgreSQL <c>timestamptz</c>, <c>numeric</c>, <c>date</c> and <c>boolean</c>.
    /// </summary>
    public object? StoredValue(object? value) => value switch
    {
        null => null,
        DateTimeOffset instant => StoredColumns.InstantValue(instant, IsSqlite),
        decimal amount => IsSqlite ? StoredValues.ToScaledAmount(amount) : amount,
        DateOnly day => IsSqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day,
        bool flag => IsSqlite ? (flag ? 1L : 0L) : flag,
        _ => value,
    };

    // SQLite has no asynchronous I/O: its async methods run synchronously behind a task, which costs time.
    public async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken) =>
        IsSqlite ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    public async Task<object?> ScalarAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var value = IsSqlite ? command.ExecuteScalar() : await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<DbDataReader> ReaderAsync(DbCommand command, CancellationToken cancellationToken) =>
        IsSqlite ? command.ExecuteReader() : await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

    public async Task<bool> ReadAsync(DbDataReader reader, CancellationToken cancellationToken) =>
        IsSqlite ? reader.Read() : await reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The values of a one-column query (the ids of every branch, say), read once per transaction:
    /// nothing else writes while the transaction holds the write lock.
    /// </summary>
    public async Task<IReadOnlySet<string>> IdsAsync(string sql, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(sql, out var ids))
        {
            ids = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await ReaderAsync(Command(sql), cancellationToken).ConfigureAwait(false))
            {
                while (await ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            _ids.Add(sql, ids);
        }

        return ids;
    }

    public void Begin(DbTransaction transaction)
    {
        _transaction = transaction;
        _ids.Clear();
    }

    public void End()
    {
        _transaction = null;
        _ids.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
    }

    /// <summary>Disposes the statements and the connection.</summary>
    public async ValueTask DisposeConnectionAsync()
    {
        await DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
