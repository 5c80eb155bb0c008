using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rapport.Storage.Database;

// Used only by `dotnet ef migrations add` (see docs/architecture.md); never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRapportDbContext>
{
    public SqliteRapportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRapportDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRapportDbContext>
{
    public PostgresRapportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRapportDbContext>().UseNpgsql("Host=localhost;Database=rapport_design").Options);
}
