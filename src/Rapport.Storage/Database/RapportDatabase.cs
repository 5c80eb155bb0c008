using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Rapport.Storage.Database;

/// <summary>
/// Rapport's database: creates and migrates the schema, and hands out EF contexts for ordinary
/// reads and writes and raw connections for the bulk paths.
/// </summary>
public sealed class RapportDatabase
{
    private readonly DbContextOptions _options;

    private RapportDatabase(DatabaseLocation location)
    {
        Location = location;
        Writes = new WriteQueue(this);
        _options = location.Provider switch
        {
            DatabaseProvider.Sqlite => new DbContextOptionsBuilder<SqliteRapportDbContext>()
                .UseSqlite(location.ConnectionString)
                .AddInterceptors(SqliteConnectionSettings.Instance)
                .Options,
            DatabaseProvider.PostgreSql => new DbContextOptionsBuilder<PostgresRapportDbContext>()
                .UseNpgsql(location.ConnectionString)
                .Options,
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.Provider, "Unknown provider."),
        };
    }

    public DatabaseLocation Location { get; }

    /// <summary>
    /// Where the short writes of the request path go (a purchase, a touch, one customer's moments):
    /// on SQLite one writer for the process, committing what queues up together.
    /// </summary>
    internal WriteQueue Writes { get; }

    /// <summary>The migrations <see cref="OpenAsync"/> applied; empty when the schema was already current.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    /// <summary>Opens the database, creating it and bringing its schema up to date first.</summary>
    /// <exception cref="DatabaseUnavailableException">The database cannot be reached or created.</exception>
    public static async Task<RapportDatabase> OpenAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var database = new RapportDatabase(location);
        database.AppliedMigrations = await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>An EF context; the caller disposes it.</summary>
    public RapportDbContext CreateContext() => Location.Provider == DatabaseProvider.Sqlite
        ? new SqliteRapportDbContext((DbContextOptions<SqliteRapportDbContext>)_options)
        : new PostgresRapportDbContext((DbContextOptions<PostgresRapportDbContext>)_options);

    /// <summary>An open raw connection for bulk work; the caller disposes it.</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Location.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(Location.ConnectionString)
            : new NpgsqlConnection(Location.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection is SqliteConnection sqlite)
            {
                SqliteConnectionSettings.Apply(sqlite);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies the migrations the database lacks.</summary>
    /// <returns>The migrations applied now; empty when the schema was already current.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Location.Provider == DatabaseProvider.Sqlite)
            {
                var folder = Path.GetDirectoryName(Location.Display);
                if (folder is not null && !Directory.Exists(folder))
                {
                    throw new DatabaseUnavailableException($"cannot create the database {Location.Display}: the folder {folder} does not exist");
                }
            }

            await using var context = CreateContext();
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            if (pending.Count > 0)
            {
                await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Location.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the web app read while an import writes; the setting is stored in the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }

            return pending;
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or InvalidOperationException { InnerException: DbException })
        {
            throw new DatabaseUnavailableException($"cannot open the database {Location.Display}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Per-connection SQLite settings: durable enough with WAL, and patient with a busy writer.</summary>
    private sealed class SqliteConnectionSettings : DbConnectionInterceptor
    {
        public static readonly SqliteConnectionSettings Instance = new();

        public static void Apply(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            command.ExecuteNonQuery();
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            Apply((SqliteConnection)connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply((SqliteConnection)connection);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The database cannot be reached, created or migrated.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
