using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Import;

/// <summary>
/// Writes one file's rows into a table inside one transaction: all of them, or — when disposed
/// without <see cref="CompleteAsync"/> — none.
/// </summary>
internal interface IBulkTarget<in T> : IAsyncDisposable
{
    /// <summary>The import's transaction: reads that must see the same database as the writes use it.</summary>
    DbTransaction Transaction { get; }

    /// <summary>Gets ready to take rows; after this, the connection carries only rows until completion.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    ValueTask AddAsync(T item, long line, CancellationToken cancellationToken);

    /// <summary>Makes the rows permanent.</summary>
    /// <returns>How many rows the table gained.</returns>
    Task<long> CompleteAsync(CancellationToken cancellationToken);
}

internal static class BulkTarget
{
    /// <summary>Begins a bulk write.</summary>
    /// <param name="connection">An open connection, used by nothing else until the target is disposed.</param>
    /// <param name="spec">The table.</param>
    /// <param name="columns">The columns the file fills.</param>
    /// <param name="large">Whether the file is large enough to check references in one pass at the end rather than row by row.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<IBulkTarget<T>> BeginAsync<T>(DbConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, bool large, CancellationToken cancellationToken) =>
        connection switch
        {
            SqliteConnection sqlite => await SqliteBulkTarget<T>.BeginAsync(sqlite, spec, columns, cancellationToken).ConfigureAwait(false),
            NpgsqlConnection postgres => await PostgresBulkTarget<T>.BeginAsync(postgres, spec, columns, large, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"No bulk path for {connection.GetType().Name}.", nameof(connection)),
        };

    /// <summary>
    /// The statement that moves rows in: insert, or on a key that exists already update the row
    /// only if something differs (so a second import of the same file changes nothing), or for
    /// history leave it alone.
    /// </summary>
    public static string UpsertClause<T>(TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, string distinct)
    {
        var key = string.Join(", ", spec.Key);
        if (spec.AppendOnly)
        {
            return $"ON CONFLICT ({key}) DO NOTHING";
        }

        var updated = columns.Where(c => !spec.Key.Contains(c.Name)).Select(c => c.Name).ToArray();
        if (updated.Length == 0)
        {
            return $"ON CONFLICT ({key}) DO NOTHING";
        }

        var set = string.Join(", ", updated.Select(c => $"{c} = excluded.{c}"));
        var changed = string.Join(" OR ", updated.Select(c => $"{spec.Table}.{c} {distinct} excluded.{c}"));
        return $"ON CONFLICT ({key}) DO UPDATE SET {set} WHERE {changed}";
    }

    public static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}

/// <summary>SQLite: one prepared upsert, executed per row, in one transaction.</summary>
internal sealed class SqliteBulkTarget<T> : IBulkTarget<T>
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TableSpec<T> _spec;
    private readonly TableColumn<T>[] _columns;
    private readonly long _before;
    private SqliteCommand? _command;
    private SqliteParameter[] _parameters = [];

    private SqliteBulkTarget(SqliteConnection connection, SqliteTransaction transaction, TableSpec<T> spec, TableColumn<T>[] columns, long before)
    {
        (_connection, _transaction, _spec, _columns, _before) = (connection, transaction, spec, columns, before);
    }

    public DbTransaction Transaction => _transaction;

    public static async Task<SqliteBulkTarget<T>> BeginAsync(SqliteConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, CancellationToken cancellationToken)
    {
        using (var tune = connection.CreateCommand())
        {
            // A large page cache keeps index pages in memory while millions of rows go in.
            // Foreign keys are not checked row by row: the importer checks every reference
            // against ids read inside this same write transaction (taken at once, so no other
            // writer can change them), and the checks would cost about a third of the time.
            tune.CommandText = "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;";
            await tune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is held from here on.
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var before = await BulkTarget.CountAsync(connection, transaction, spec.Table, cancellationToken).ConfigureAwait(false);
        return new SqliteBulkTarget<T>(connection, transaction, spec, columns.ToArray(), before);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _command = _connection.CreateCommand();
        _command.Transaction = _transaction;
        var names = string.Join(", ", _columns.Select(c => c.Name));
        var values = string.Join(", ", _columns.Select((_, i) => $"$p{i}"));
        _command.CommandText = $"INSERT INTO {_spec.Table} ({names}) VALUES ({values}) {BulkTarget.UpsertClause(_spec, _columns, "IS NOT")}";
        _parameters = _columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        _command.Prepare();
        return Task.CompletedTask;
    }

    public ValueTask AddAsync(T item, long line, CancellationToken cancellationToken)
    {
        var command = _command ?? throw new InvalidOperationException("StartAsync was not called.");
        for (var i = 0; i < _columns.Length; i++)
        {
            _parameters[i].Value = ToSqlite(_columns[i].Type, _columns[i].Value(item)) ?? DBNull.Value;
        }

        // Synchronous on purpose: SQLite has no asynchronous I/O, and the async wrapper costs time per row.
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        var after = await BulkTarget.CountAsync(_connection, _transaction, _spec.Table, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return after - _before;
    }

    public async ValueTask DisposeAsync()
    {
        if (_command is not null)
        {
            await _command.DisposeAsync().ConfigureAwait(false);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
    }

    private static object? ToSqlite(ColumnType type, object? value) => value switch
    {
        null => null,
        DateTimeOffset instant when type == ColumnType.Instant => StoredValues.ToUnixMicroseconds(instant),
        decimal amount when type == ColumnType.Amount => StoredValues.ToScaledAmount(amount),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };
}

/// <summary>
/// PostgreSQL: binary COPY straight into the table, in one transaction. When a row's key is
/// already stored (a re-import), the rows are sent again through a temporary table and one
/// upsert, which updates what changed. For a large file, the table is locked against other
/// sessions until commit and its foreign keys are dropped for the copy and added back before
/// commit, which checks every row in one pass instead of one lookup per row.
/// </summary>
internal sealed class PostgresBulkTarget<T> : IBulkTarget<T>
{
    private const string Stage = "rapport_import_stage";
    private const string BeforeCopy = "before_copy";
    private const string BeforeUpsert = "before_upsert";
    private const string UniqueViolation = "23505";
    private const string DuplicateKeyInOneStatement = "21000";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly TableSpec<T> _spec;
    private readonly TableColumn<T>[] _columns;
    private readonly string _names;
    private readonly bool _large;
    private readonly List<(string Name, string Definition)> _droppedKeys = [];
    private long _before;
    private NpgsqlBinaryImporter? _importer;
    private bool _staged;

    private PostgresBulkTarget(NpgsqlConnection connection, NpgsqlTransaction transaction, TableSpec<T> spec, TableColumn<T>[] columns, long before, bool large)
    {
        (_connection, _transaction, _spec, _columns, _before, _large) = (connection, transaction, spec, columns, before, large);
        _names = string.Join(", ", columns.Select(c => c.Name));
    }

    public DbTransaction Transaction => _transaction;

    private NpgsqlBinaryImporter Importer => _importer ?? throw new InvalidOperationException("StartAsync was not called.");

    public static async Task<PostgresBulkTarget<T>> BeginAsync(NpgsqlConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, bool large, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await BulkTarget.CountAsync(connection, transaction, spec.Table, cancellationToken).ConfigureAwait(false);
            return new PostgresBulkTarget<T>(connection, transaction, spec, columns.ToArray(), before, large);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_large)
        {
            await ExecuteAsync($"LOCK TABLE {_spec.Table} IN ACCESS EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
            _before = await BulkTarget.CountAsync(_connection, _transaction, _spec.Table, cancellationToken).ConfigureAwait(false);
            if (_before == 0 && !await IsReferencedAsync(cancellationToken).ConfigureAwait(false))
            {
                // Empty already; truncating gives the table new storage in this transaction, which a
                // server with wal_level=minimal fills without writing the rows to its WAL as well.
                await ExecuteAsync($"TRUNCATE {_spec.Table}", cancellationToken).ConfigureAwait(false);
            }
        }

        await _transaction.SaveAsync(BeforeCopy, cancellationToken).ConfigureAwait(false);
        if (_large)
        {
            await DropForeignKeysAsync(cancellationToken).ConfigureAwait(false);
        }

        _importer = await _connection.BeginBinaryImportAsync($"COPY {_spec.Table} ({_names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AddAsync(T item, long line, CancellationToken cancellationToken)
    {
        try
        {
            WriteRow(item, line);
            return ValueTask.CompletedTask;
        }
        catch (PostgresException e) when (!_staged && e.SqlState == UniqueViolation)
        {
            return new ValueTask(SendAgainStagedAsync(e, cancellationToken));
        }
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (!_staged && e.SqlState == UniqueViolation)
        {
            await SendAgainStagedAsync(e, cancellationToken).ConfigureAwait(false);
        }

        await Importer.DisposeAsync().ConfigureAwait(false);
        _importer = null;
        if (_staged)
        {
            await UpsertFromStageAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, definition) in _droppedKeys)
        {
            // Checks every row of the table against the referenced table in one pass.
            await ExecuteAsync($"ALTER TABLE {_spec.Table} ADD CONSTRAINT \"{name}\" {definition}", cancellationToken).ConfigureAwait(false);
        }

        var after = await BulkTarget.CountAsync(_connection, _transaction, _spec.Table, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return after - _before;
    }

    public async ValueTask DisposeAsync()
    {
        if (_importer is not null)
        {
            try
            {
                // Disposing an unfinished COPY cancels it, and with it the rows sent so far.
                await _importer.DisposeAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The copy had failed already; that failure is the one being reported.
            }
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
    }

    private void WriteRow(T item, long line)
    {
        // Synchronous writes on purpose: they only fill Npgsql's buffer, which is flushed when
        // full; an await per value would cost more than the copy itself. The PostgreSQL type
        // follows from the .NET type (string: text, UTC DateTime: timestamptz, decimal:
        // numeric, DateOnly: date), which Npgsql resolves faster than a named type.
        var importer = Importer;
        importer.StartRow();
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = _columns[i].Value(item);
            switch (value)
            {
                case null:
                    importer.WriteNull();
                    break;
                case string text:
                    importer.Write(text);
                    break;
                case DateTimeOffset instant:
                    importer.Write(instant.UtcDateTime);
                    break;
                case decimal amount:
                    importer.Write(amount);
                    break;
                case double real:
                    importer.Write(real);
                    break;
                case int integer:
                    importer.Write(integer);
                    break;
                case DateOnly date:
                    importer.Write(date);
                    break;
                default:
                    throw new InvalidOperationException($"No PostgreSQL mapping for {value.GetType().Name} in column {_columns[i].Name}.");
            }
        }

        if (_staged)
        {
            importer.Write(line, NpgsqlDbType.Bigint);
        }
    }

    /// <summary>Undoes the direct copy, opens a copy into a temporary table instead, and asks for the rows again.</summary>
    private async Task SendAgainStagedAsync(PostgresException cause, CancellationToken cancellationToken)
    {
        try
        {
            await Importer.DisposeAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The copy failed already; disposing it only reports that again.
        }

        // Back to before the copy, where the foreign keys are in place again: drop them again
        // for a large file.
        await _transaction.RollbackAsync(BeforeCopy, cancellationToken).ConfigureAwait(false);
        _droppedKeys.Clear();
        if (_large)
        {
            await DropForeignKeysAsync(cancellationToken).ConfigureAwait(false);
        }

        _staged = true;
        await ExecuteAsync(
            $"CREATE TEMP TABLE {Stage} ON COMMIT DROP AS SELECT {_names} FROM {_spec.Table} WITH NO DATA; " +
            $"ALTER TABLE {Stage} ADD COLUMN import_line bigint NOT NULL;",
            cancellationToken).ConfigureAwait(false);
        _importer = await _connection.BeginBinaryImportAsync($"COPY {Stage} ({_names}, import_line) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        throw new SendRowsAgainException(cause);
    }

    private async Task UpsertFromStageAsync(CancellationToken cancellationToken)
    {
        var upsert = BulkTarget.UpsertClause(_spec, _columns, "IS DISTINCT FROM");
        await _transaction.SaveAsync(BeforeUpsert, cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync($"INSERT INTO {_spec.Table} ({_names}) SELECT {_names} FROM {Stage} {upsert}", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == DuplicateKeyInOneStatement)
        {
            // The file holds the same key twice. As in SQLite, the later row wins.
            await _transaction.RollbackAsync(BeforeUpsert, cancellationToken).ConfigureAwait(false);
            var key = string.Join(", ", _spec.Key);
            await ExecuteAsync(
                $"INSERT INTO {_spec.Table} ({_names}) SELECT DISTINCT ON ({key}) {_names} FROM {Stage} ORDER BY {key}, import_line DESC {upsert}",
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DropForeignKeysAsync(CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'f' ORDER BY conname",
            _connection,
            _transaction))
        {
            command.Parameters.AddWithValue("table", _spec.Table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _droppedKeys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in _droppedKeys)
        {
            await ExecuteAsync($"ALTER TABLE {_spec.Table} DROP CONSTRAINT \"{name}\"", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether another table's foreign key refers to this one.</summary>
    private async Task<bool> IsReferencedAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = @table::regclass AND contype = 'f')", _connection, _transaction);
        command.Parameters.AddWithValue("table", _spec.Table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// The target cannot take the rows the way it first tried and has made ready another way:
/// the importer sends every row of the file again, from the start.
/// </summary>
internal sealed class SendRowsAgainException(Exception cause) : Exception("The rows must be sent again.", cause);
