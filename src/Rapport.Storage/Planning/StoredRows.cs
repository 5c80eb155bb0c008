using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Rapport.Core.Common;
using Rapport.Storage.Mapping;
using SQLitePCL;

namespace Rapport.Storage.Planning;

/// <summary>
/// The rows of one query, read value by value. On SQLite the statement is stepped through
/// SQLite's own interface: a data reader costs several times more per value than SQLite takes
/// to produce it, which for the planner's millions of rows is most of the time. Strings that
/// repeat (ids of branches, enum names) are looked up without being allocated.
/// </summary>
internal abstract class StoredRows : IAsyncDisposable
{
    /// <summary>Runs a query.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The connection's transaction, if one is open.</param>
    /// <param name="sql">The query; parameters are named <c>@name</c>.</param>
    /// <param name="parameters">Values in their stored form (see <see cref="StoredColumns"/>).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<StoredRows> OpenAsync(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return new SqliteRows(sqlite, sql, parameters);
        }

        var command = connection.CreateCommand();
        try
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                StoredColumns.Parameter(command, name, value);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return new ReaderRows(command, reader);
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    public abstract bool IsNull(int ordinal);

    public abstract string String(int ordinal);

    public string? StringOrNull(int ordinal) => IsNull(ordinal) ? null : String(ordinal);

    public abstract long Int64(int ordinal);

    public int Int32(int ordinal) => checked((int)Int64(ordinal));

    public int? Int32OrNull(int ordinal) => IsNull(ordinal) ? null : Int32(ordinal);

    public abstract double Double(int ordinal);

    /// <summary>A date column of the business tables (birth dates, last purchase).</summary>
    public abstract DateOnly? Date(int ordinal);

    /// <summary>A day column of the plan tables.</summary>
    public abstract DateOnly PlanDay(int ordinal);

    public abstract DateTimeOffset Instant(int ordinal);

    /// <summary>The UTC day of an instant column.</summary>
    public abstract DateOnly InstantDay(int ordinal);

    /// <summary>A text column as one shared instance per distinct value; <see langword="null"/> for NULL.</summary>
    public abstract string? Shared(int ordinal, SharedStrings strings);

    /// <summary>A kebab-case enum column (<c>care-call</c>).</summary>
    public abstract TEnum Enum<TEnum>(int ordinal)
        where TEnum : struct, Enum;

    /// <summary>Looks a text column up in a dictionary keyed by text, without allocating the text.</summary>
    public abstract bool TryFind<TValue>(int ordinal, Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> lookup, out TValue value);

    public abstract ValueTask DisposeAsync();

    /// <summary>SQLite, stepped directly.</summary>
    private sealed class SqliteRows : StoredRows
    {
        private const int CheckEvery = 1 << 16;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private int _rows;

        public SqliteRows(SqliteConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(_statement, name);
                if (index == 0)
                {
                    throw new ArgumentException($"The query has no parameter {name}.", nameof(parameters));
                }

                Check(value switch
                {
                    null => raw.sqlite3_bind_null(_statement, index),
                    int i => raw.sqlite3_bind_int(_statement, index, i),
                    long l => raw.sqlite3_bind_int64(_statement, index, l),
                    double d => raw.sqlite3_bind_double(_statement, index, d),
                    string s => raw.sqlite3_bind_text(_statement, index, s),
                    _ => throw new ArgumentException($"No SQLite binding for {value.GetType().Name}.", nameof(parameters)),
                });
            }
        }

        public override ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
        {
            if (++_rows % CheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return ValueTask.FromResult(true);
            }

            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            return ValueTask.FromResult(false);
        }

        public override bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

        public override string String(int ordinal) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, ordinal));

        public override long Int64(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

        public override double Double(int ordinal) => raw.sqlite3_column_double(_statement, ordinal);

        public override DateOnly? Date(int ordinal)
        {
            if (IsNull(ordinal))
            {
                return null;
            }

            var result = IsoTime.ParseDate(String(ordinal));
            return result.Success ? result.Value : throw new FormatException(result.Error);
        }

        public override DateOnly PlanDay(int ordinal) => StoredColumns.FromPlanDay(raw.sqlite3_column_int(_statement, ordinal));

        public override DateTimeOffset Instant(int ordinal) => StoredValues.FromUnixMicroseconds(Int64(ordinal));

        public override DateOnly InstantDay(int ordinal) => StoredColumns.DayOfUnixMicroseconds(Int64(ordinal));

        public override string? Shared(int ordinal, SharedStrings strings)
        {
            if (IsNull(ordinal))
            {
                return null;
            }

            var bytes = raw.sqlite3_column_blob(_statement, ordinal);
            if (bytes.Length > 256)
            {
                return strings.Get(Encoding.UTF8.GetString(bytes));
            }

            Span<char> chars = stackalloc char[256];
            return strings.Get(chars[..Encoding.UTF8.GetChars(bytes, chars)]);
        }

        public override TEnum Enum<TEnum>(int ordinal)
        {
            var bytes = raw.sqlite3_column_blob(_statement, ordinal);
            Span<char> chars = stackalloc char[64];
            return bytes.Length <= chars.Length
                ? KebabNames<TEnum>.Parse(chars[..Encoding.UTF8.GetChars(bytes, chars)])
                : KebabNames<TEnum>.Parse(Encoding.UTF8.GetString(bytes));
        }

        public override bool TryFind<TValue>(int ordinal, Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> lookup, out TValue value)
        {
            var bytes = raw.sqlite3_column_blob(_statement, ordinal);
            if (bytes.Length > 256)
            {
                return lookup.TryGetValue(Encoding.UTF8.GetString(bytes), out value!);
            }

            Span<char> chars = stackalloc char[256];
            return lookup.TryGetValue(chars[..Encoding.UTF8.GetChars(bytes, chars)], out value!);
        }

        public override ValueTask DisposeAsync()
        {
            _statement.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    /// <summary>Any other provider, through its data reader.</summary>
    private sealed class ReaderRows(DbCommand command, DbDataReader reader) : StoredRows
    {
        public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken) =>
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);

        public override bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public override string String(int ordinal) => reader.GetString(ordinal);

        public override long Int64(int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

        public override double Double(int ordinal) => reader.GetDouble(ordinal);

        public override DateOnly? Date(int ordinal) => IsNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

        public override DateOnly PlanDay(int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

        public override DateTimeOffset Instant(int ordinal) => new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

        public override DateOnly InstantDay(int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal));

        public override string? Shared(int ordinal, SharedStrings strings) => IsNull(ordinal) ? null : strings.Get(reader.GetString(ordinal));

        public override TEnum Enum<TEnum>(int ordinal) => KebabNames<TEnum>.Parse(reader.GetString(ordinal));

        public override bool TryFind<TValue>(int ordinal, Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> lookup, out TValue value) =>
            lookup.TryGetValue(reader.GetString(ordinal), out value!);

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>One instance of each distinct string, found without allocating one first.</summary>
internal sealed class SharedStrings
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public SharedStrings() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (_bySpan.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var created = text.ToString();
        _strings.Add(created, created);
        return created;
    }

    public string Get(string text)
    {
        if (_strings.TryGetValue(text, out var shared))
        {
            return shared;
        }

        _strings.Add(text, text);
        return text;
    }
}

/// <summary>Stored kebab-case names of an enum's values, looked up without allocating.</summary>
internal static class KebabNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByText =
        Enum.GetValues<TEnum>().ToDictionary(v => EnumText.ToText(v), v => v, StringComparer.Ordinal);

    private static readonly Dictionary<string, TEnum>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByText.GetAlternateLookup<ReadOnlySpan<char>>();

    public static TEnum Parse(ReadOnlySpan<char> text) =>
        BySpan.TryGetValue(text, out var value) ? value : StoredValues.ParseEnum<TEnum>(text.ToString());
}
