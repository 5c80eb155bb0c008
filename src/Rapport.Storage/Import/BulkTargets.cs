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
    ValueTask AddAsync(T item, long line, CancellationToken cancellationToken);

    /// <summary>Makes the rows permanent.</summary>
    /// <returns>How many rows the table gained.</returns>
    Task<long> CompleteAsync(CancellationToken cancellationToken);
}

internal static class BulkTarget
{
    public static async Task<IBulkTarget<T>> BeginAsync<T>(DbConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, CancellationToken cancellationToken) =>
        connection switch
        {
            SqliteConnection sqlite => await SqliteBulkTarget<T>.BeginAsync(sqlite, spec, columns, cancellationToken).ConfigureAwait(false),
            NpgsqlConnection postgres => await PostgresBulkTarget<T>.BeginAsync(postgres, spec, columns, cancellationToken).ConfigureAwait(false),
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
    private readonly SqliteCommand _command;
    private readonly TableColumn<T>[] _columns;
    private readonly SqliteParameter[] _parameters;
    private readonly string _table;
    private readonly long _before;

    private SqliteBulkTarget(SqliteConnection connection, SqliteTransaction transaction, SqliteCommand command, TableColumn<T>[] columns, SqliteParameter[] parameters, string table, long before)
    {
        (_connection, _transaction, _command, _columns, _parameters, _table, _before) = (connection, transaction, command, columns, parameters, table, before);
    }

    public static async Task<SqliteBulkTarget<T>> BeginAsync(SqliteConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, CancellationToken cancellationToken)
    {
        using (var tune = connection.CreateCommand())
        {
            // A large page cache keeps index pages in memory while millions of rows go in.
            tune.CommandText = "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;";
            await tune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var before = await BulkTarget.CountAsync(connection, transaction, spec.Table, cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = string.Join(", ", columns.Select(c => c.Name));
        var values = string.Join(", ", columns.Select((_, i) => $"$p{i}"));
        command.CommandText = $"INSERT INTO {spec.Table} ({names}) VALUES ({values}) {BulkTarget.UpsertClause(spec, columns, "IS NOT")}";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        return new SqliteBulkTarget<T>(connection, transaction, command, columns.ToArray(), parameters, spec.Table, before);
    }

    public ValueTask AddAsync(T item, long line, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            _parameters[i].Value = ToSqlite(_columns[i].Type, _columns[i].Value(item)) ?? DBNull.Value;
        }

        // Synchronous on purpose: SQLite has no asynchronous I/O, and the async wrapper costs time per row.
        _command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        var after = await BulkTarget.CountAsync(_connection, _transaction, _table, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return after - _before;
    }

    public async ValueTask DisposeAsync()
    {
        await _command.DisposeAsync().ConfigureAwait(false);
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
/// PostgreSQL: binary COPY into a temporary table, then one upsert into the real one, all in
/// one transaction.
/// </summary>
internal sealed class PostgresBulkTarget<T> : IBulkTarget<T>
{
    private const string Stage = "rapport_import_stage";
    private const string DuplicateKeyInOneStatement = "21000";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly TableSpec<T> _spec;
    private readonly TableColumn<T>[] _columns;
    private readonly NpgsqlDbType[] _types;
    private readonly long _before;
    private bool _copyDone;

    private PostgresBulkTarget(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer, TableSpec<T> spec, TableColumn<T>[] columns, long before)
    {
        (_connection, _transaction, _importer, _spec, _columns, _before) = (connection, transaction, importer, spec, columns, before);
        _types = columns.Select(c => ToNpgsqlType(c.Type)).ToArray();
    }

    public static async Task<PostgresBulkTarget<T>> BeginAsync(NpgsqlConnection connection, TableSpec<T> spec, IReadOnlyList<TableColumn<T>> columns, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await BulkTarget.CountAsync(connection, transaction, spec.Table, cancellationToken).ConfigureAwait(false);
            var names = string.Join(", ", columns.Select(c => c.Name));
            await using (var create = new NpgsqlCommand(
                $"CREATE TEMP TABLE {Stage} ON COMMIT DROP AS SELECT {names} FROM {spec.Table} WITH NO DATA; " +
                $"ALTER TABLE {Stage} ADD COLUMN import_line bigint NOT NULL;", connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var importer = await connection.BeginBinaryImportAsync($"COPY {Stage} ({names}, import_line) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            return new PostgresBulkTarget<T>(connection, transaction, importer, spec, columns.ToArray(), before);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask AddAsync(T item, long line, CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = _columns[i].Value(item);
            switch (value)
            {
                case null:
                    await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case string text:
                    await _importer.WriteAsync(text, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                case DateTimeOffset instant:
                    await _importer.WriteAsync(instant.UtcDateTime, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                case decimal amount:
                    await _importer.WriteAsync(amount, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                case double real:
                    await _importer.WriteAsync(real, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                case int integer:
                    await _importer.WriteAsync(integer, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                case DateOnly date:
                    await _importer.WriteAsync(date, _types[i], cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"No PostgreSQL mapping for {value.GetType().Name} in column {_columns[i].Name}.");
            }
        }

        await _importer.WriteAsync(line, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await _importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await _importer.DisposeAsync().ConfigureAwait(false);
        _copyDone = true;

        var names = string.Join(", ", _columns.Select(c => c.Name));
        var upsert = BulkTarget.UpsertClause(_spec, _columns, "IS DISTINCT FROM");
        await _transaction.SaveAsync("before_upsert", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync($"INSERT INTO {_spec.Table} ({names}) SELECT {names} FROM {Stage} {upsert}", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == DuplicateKeyInOneStatement)
        {
            // The file holds the same key twice. As in SQLite, the later row wins.
            await _transaction.RollbackAsync("before_upsert", cancellationToken).ConfigureAwait(false);
            var key = string.Join(", ", _spec.Key);
            await ExecuteAsync(
                $"INSERT INTO {_spec.Table} ({names}) SELECT DISTINCT ON ({key}) {names} FROM {Stage} ORDER BY {key}, import_line DESC {upsert}",
                cancellationToken).ConfigureAwait(false);
        }

        var after = await BulkTarget.CountAsync(_connection, _transaction, _spec.Table, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return after - _before;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_copyDone)
        {
            // Disposing an unfinished COPY cancels it, and with it the rows sent so far.
            await _importer.DisposeAsync().ConfigureAwait(false);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlDbType ToNpgsqlType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.Integer => NpgsqlDbType.Integer,
        ColumnType.Real => NpgsqlDbType.Double,
        ColumnType.Date => NpgsqlDbType.Date,
        ColumnType.Instant => NpgsqlDbType.TimestampTz,
        ColumnType.Amount => NpgsqlDbType.Numeric,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };
}
