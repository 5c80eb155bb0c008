using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Rapport.Storage.Planning;

/// <summary>A column of a bulk write, with the type PostgreSQL's binary COPY needs to be told.</summary>
internal enum RowValue
{
    Text,
    Int16,
    Int32,
    Day,
    Instant,
}

/// <summary>
/// Writes rows into one table, fast, inside the caller's transaction: on SQLite one prepared
/// <c>INSERT</c> of many rows at once, bound value by value through SQLite's own interface and
/// reused; on PostgreSQL a binary <c>COPY</c>. Values are given in column order, then
/// <see cref="EndRow"/>.
/// </summary>
internal abstract class RowWriter : IAsyncDisposable
{
    /// <summary>Begins writing into a table of a SQLite database, on a connection in a transaction.</summary>
    public static RowWriter Begin(sqlite3 database, string table, IReadOnlyList<(string Name, RowValue Type)> columns, long rows) =>
        new SqliteRowWriter(database, table, columns, rows);

    /// <summary>Begins writing into a table of a PostgreSQL database, on a connection in a transaction.</summary>
    public static async Task<RowWriter> BeginAsync(NpgsqlConnection connection, string table, IReadOnlyList<(string Name, RowValue Type)> columns, CancellationToken cancellationToken) =>
        new PostgresRowWriter(
            await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false),
            columns);

    /// <summary>Rows written so far.</summary>
    public long Rows { get; protected set; }

    public abstract void Null();

    public abstract void Text(string value);

    /// <summary>A text whose UTF-8 bytes the caller has at hand (a repeated value): SQLite takes the bytes as they are.</summary>
    public abstract void Text(string value, ReadOnlySpan<byte> utf8);

    public void TextOrNull(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Text(value);
        }
    }

    /// <summary>A whole number, for an <see cref="RowValue.Int16"/> or <see cref="RowValue.Int32"/> column.</summary>
    public abstract void Integer(int value);

    public abstract void Day(DateOnly value);

    public abstract void Instant(DateTimeOffset value);

    public abstract void EndRow();

    /// <summary>Sends what is left; the rows count once the caller's transaction commits.</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteRowWriter : RowWriter
    {
        // Many rows per statement: each step then carries dozens of rows, which saves a fifth of
        // the cost per row of a single-row INSERT. SQLite allows 32,766 parameters in one statement.
        private const int RowsPerStatement = 64;

        private readonly sqlite3 _db;
        private readonly string _table;
        private readonly IReadOnlyList<(string Name, RowValue Type)> _columns;
        private readonly long _total;
        private readonly byte[] _buffer = new byte[1024];
        private sqlite3_stmt? _full;
        private sqlite3_stmt? _rest;
        private sqlite3_stmt? _current;
        private int _rowsInStatement;
        private int _row;
        private int _column;

        public SqliteRowWriter(sqlite3 database, string table, IReadOnlyList<(string Name, RowValue Type)> columns, long rows)
        {
            _db = database;
            _table = table;
            _columns = columns;
            _total = rows;
        }

        /// <summary>The statement the current row goes into: the full one, or for the last rows one of their number.</summary>
        private sqlite3_stmt Statement
        {
            get
            {
                if (_current is null)
                {
                    var left = _total - Rows;
                    if (left <= 0)
                    {
                        throw new InvalidOperationException($"More rows for {_table} than the {_total} announced.");
                    }

                    if (left >= RowsPerStatement)
                    {
                        _current = _full ??= Prepare(RowsPerStatement);
                        _rowsInStatement = RowsPerStatement;
                    }
                    else
                    {
                        _current = _rest = Prepare((int)left);
                        _rowsInStatement = (int)left;
                    }
                }

                return _current;
            }
        }

        private int Index => (_row * _columns.Count) + _column + 1;

        public override void Null()
        {
            Check(raw.sqlite3_bind_null(Statement, Index));
            _column++;
        }

        public override void Text(string value)
        {
            var bytes = Encoding.UTF8.GetMaxByteCount(value.Length) <= _buffer.Length
                ? _buffer.AsSpan(0, Encoding.UTF8.GetBytes(value, _buffer))
                : Encoding.UTF8.GetBytes(value);
            Check(raw.sqlite3_bind_text(Statement, Index, bytes));
            _column++;
        }

        public override void Text(string value, ReadOnlySpan<byte> utf8)
        {
            Check(raw.sqlite3_bind_text(Statement, Index, utf8));
            _column++;
        }

        public override void Integer(int value)
        {
            Check(raw.sqlite3_bind_int(Statement, Index, value));
            _column++;
        }

        public override void Day(DateOnly value) => Integer(StoredColumns.ToPlanDay(value));

        public override void Instant(DateTimeOffset value)
        {
            Check(raw.sqlite3_bind_int64(Statement, Index, Mapping.StoredValues.ToUnixMicroseconds(value)));
            _column++;
        }

        public override void EndRow()
        {
            if (_column != _columns.Count)
            {
                throw new InvalidOperationException($"A row of {_table} needs {_columns.Count} values; {_column} were given.");
            }

            _column = 0;
            Rows++;
            if (++_row == _rowsInStatement)
            {
                Step(Statement);
                _row = 0;
                _current = null;
            }
        }

        public override Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (Rows != _total || _row != 0)
            {
                throw new InvalidOperationException($"{Rows} rows were written into {_table}; {_total} were announced.");
            }

            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            _full?.Dispose();
            _rest?.Dispose();
            return ValueTask.CompletedTask;
        }

        private sqlite3_stmt Prepare(int rows)
        {
            var row = "(" + string.Join(", ", Enumerable.Repeat("?", _columns.Count)) + ")";
            var sql = $"INSERT INTO {_table} ({string.Join(", ", _columns.Select(c => c.Name))}) VALUES {string.Join(", ", Enumerable.Repeat(row, rows))}";
            Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
            return statement;
        }

        private void Step(sqlite3_stmt statement)
        {
            var rc = raw.sqlite3_step(statement);
            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            Check(raw.sqlite3_reset(statement));
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    private sealed class PostgresRowWriter(NpgsqlBinaryImporter importer, IReadOnlyList<(string Name, RowValue Type)> columns) : RowWriter
    {
        private int _column;
        private bool _started;

        public override void Null()
        {
            Start().WriteNull();
            _column++;
        }

        public override void Text(string value)
        {
            Start().Write(value, NpgsqlDbType.Text);
            _column++;
        }

        public override void Text(string value, ReadOnlySpan<byte> utf8) => Text(value);

        public override void Integer(int value)
        {
            if (columns[_column].Type == RowValue.Int16)
            {
                Start().Write(checked((short)value), NpgsqlDbType.Smallint);
            }
            else
            {
                Start().Write(value, NpgsqlDbType.Integer);
            }

            _column++;
        }

        public override void Day(DateOnly value)
        {
            Start().Write(value, NpgsqlDbType.Date);
            _column++;
        }

        public override void Instant(DateTimeOffset value)
        {
            Start().Write(value.UtcDateTime, NpgsqlDbType.TimestampTz);
            _column++;
        }

        public override void EndRow()
        {
            if (_column != columns.Count)
            {
                throw new InvalidOperationException($"A row needs {columns.Count} values; {_column} were given.");
            }

            _column = 0;
            _started = false;
            Rows++;
        }

        public override async Task CompleteAsync(CancellationToken cancellationToken) =>
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);

        public override async ValueTask DisposeAsync() => await importer.DisposeAsync().ConfigureAwait(false);

        private NpgsqlBinaryImporter Start()
        {
            // Synchronous writes on purpose: they fill Npgsql's buffer, flushed when full.
            if (!_started)
            {
                importer.StartRow();
                _started = true;
            }

            return importer;
        }
    }
}

