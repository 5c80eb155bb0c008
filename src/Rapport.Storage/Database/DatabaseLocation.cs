using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Storage.Database;

/// <summary>Which database engine holds Rapport's data.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file, the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for a team or a large customer base.</summary>
    PostgreSql,
}

/// <summary>Where Rapport's database is: a SQLite file or a PostgreSQL connection string.</summary>
public sealed record DatabaseLocation
{
    /// <summary>The file used when nothing else is said: <c>rapport.db</c> in the working folder.</summary>
    public const string DefaultFileName = "rapport.db";

    /// <summary>The environment variable that names the database when <c>--db</c> is not given.</summary>
    public const string EnvironmentVariable = "RAPPORT_DB";

    private DatabaseLocation(DatabaseProvider provider, string connectionString, string display)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Display = display;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>How to name the database to a user: the file path, or the server and database without the password.</summary>
    public string Display { get; }

    /// <summary>A SQLite file.</summary>
    public static DatabaseLocation SqliteFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, ForeignKeys = true };
        return new DatabaseLocation(DatabaseProvider.Sqlite, builder.ToString(), full);
    }

    /// <summary>A PostgreSQL database, from an Npgsql connection string (<c>Host=…;Database=…</c>).</summary>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public static DatabaseLocation Postgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{Redact(connectionString)}' is not a PostgreSQL connection string: {e.Message}", nameof(connectionString), e);
        }

        var display = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        return new DatabaseLocation(DatabaseProvider.PostgreSql, builder.ConnectionString, display);
    }

    /// <summary>
    /// Works out the database from the <c>--db</c> option, else <c>RAPPORT_DB</c>, else
    /// <c>rapport.db</c> in the working folder. A value containing <c>Host=</c> is a PostgreSQL
    /// connection string; anything else is a SQLite file path.
    /// </summary>
    public static DatabaseLocation Resolve(string? option, string? environment, string workingDirectory)
    {
        var value = !string.IsNullOrWhiteSpace(option) ? option
            : !string.IsNullOrWhiteSpace(environment) ? environment
            : Path.Combine(workingDirectory, DefaultFileName);
        return IsPostgres(value) ? Postgres(value) : SqliteFile(Path.Combine(workingDirectory, value));
    }

    /// <inheritdoc />
    public override string ToString() => Display;

    private static bool IsPostgres(string value) =>
        value.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ||
                                     part.TrimStart().StartsWith("Server=", StringComparison.OrdinalIgnoreCase));

    private static string Redact(string connectionString) =>
        string.Join(';', connectionString.Split(';').Select(part =>
            part.TrimStart().StartsWith("Password=", StringComparison.OrdinalIgnoreCase) ? "Password=…" : part));
}
