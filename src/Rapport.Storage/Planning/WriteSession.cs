using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Storage.Database;
using SQLitePCL;

namespace Rapport.Storage.Planning;

/// <summary>
/// One write transaction for replacing a whole table set: statements and bulk writers inside it,
/// then a commit; disposed without a commit, it rolls everything back.
/// </summary>
internal abstract class WriteSession : IAsyncDisposable
{
    /// <summary>Opens a connection of its own and begins the transaction.</summary>
    public static async Task<WriteSession> BeginAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Location.Provider == DatabaseProvider.Sqlite)
        {
            return SqliteSession.Begin(new SqliteConnectionStringBuilder(database.Location.ConnectionString).DataSource);
        }

        var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new PostgresSession(connection, await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public abstract Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Begins writing <paramref name="rows"/> rows into a table.</summary>
    public abstract Task<RowWriter> WriteAsync(string table, IReadOnlyList<(string Name, RowValue Type)> columns, long rows, CancellationToken cancellationToken);

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// SQLite, on a connection opened for this write alone, without SQLite's per-connection mutex:
    /// nothing else uses it, and the lock and unlock around each of the hundreds of millions of
    /// values bound cost a sixth of the time.
    /// </summary>
    private sealed class SqliteSession : WriteSession
    {
        private readonly sqlite3 _db;
        private bool _open;

        private SqliteSession(sqlite3 db) => _db = db;

        public static SqliteSession Begin(string path)
        {
            Batteries_V2.Init();
            var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
            var session = new SqliteSession(db);
            try
            {
                session.Check(rc);
                session.Check(raw.sqlite3_busy_timeout(db, 10_000));

                // As every other connection (RapportDatabase), with a large page cache for the bulk write.
                session.Execute("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");

                // IMMEDIATE: the write lock is held from here; readers keep seeing the old rows until the commit (WAL).
                session.Execute("BEGIN IMMEDIATE");
                session._open = true;
                return session;
            }
            catch
            {
                db.Dispose();
                throw;
            }
        }

        public override Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute(sql);
            return Task.CompletedTask;
        }

        public override Task<RowWriter> WriteAsync(string table, IReadOnlyList<(string Name, RowValue Type)> columns, long rows, CancellationToken cancellationToken) =>
            Task.FromResult(RowWriter.Begin(_db, table, columns, rows));

        public override Task CommitAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute("COMMIT");
            _open = false;
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            if (_open)
            {
                // Best effort: closing the connection rolls back what is left in any case.
                raw.sqlite3_exec(_db, "ROLLBACK");
            }

            _db.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Execute(string sql) => Check(raw.sqlite3_exec(_db, sql));

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    /// <summary>PostgreSQL: a connection and a transaction; bulk writes are binary COPY.</summary>
    private sealed class PostgresSession(NpgsqlConnection connection, NpgsqlTransaction transaction) : WriteSession
    {
        public override async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public override Task<RowWriter> WriteAsync(string table, IReadOnlyList<(string Name, RowValue Type)> columns, long rows, CancellationToken cancellationToken) =>
            RowWriter.BeginAsync(connection, table, columns, cancellationToken);

        public override Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
