using Rapport.Storage.Database;

namespace Rapport.TestSupport;

/// <summary>Fresh, empty databases for tests: one per call, never shared between tests.</summary>
public static class TestDatabases
{
    public static DatabaseLocation NewSqlite(TempFolder folder) =>
        DatabaseLocation.SqliteFile(folder.File($"rapport-{Guid.NewGuid():N}.db"));

    public static DatabaseLocation NewPostgres() =>
        DatabaseLocation.Postgres(PostgresServer.Shared.CreateDatabase());

    public static DatabaseLocation New(DatabaseProvider provider, TempFolder folder) =>
        provider == DatabaseProvider.Sqlite ? NewSqlite(folder) : NewPostgres();
}
