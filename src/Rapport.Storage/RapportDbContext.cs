using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Analytics;
using Rapport.Storage.Mapping;

namespace Rapport.Storage;

/// <summary>
/// The EF Core model of Rapport's database. Each provider has its own subclass so that it has
/// its own migrations (SQLite and PostgreSQL differ in column types).
/// </summary>
public abstract class RapportDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Branch> Branches => Set<Branch>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();

    public DbSet<Purchase> Purchases => Set<Purchase>();

    public DbSet<Touch> Touches => Set<Touch>();

    public DbSet<CustomerScoreRow> CustomerScores => Set<CustomerScoreRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Indexes are chosen by hand in each configuration: an index on every foreign key (EF's
        // default) would put one on purchases.branch_id, never used with a handful of branches
        // and a cost on every one of millions of inserts.
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new BranchConfiguration());
        modelBuilder.ApplyConfiguration(new StaffConfiguration());
        modelBuilder.ApplyConfiguration(new CustomerConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentConfiguration());
        modelBuilder.ApplyConfiguration(new PurchaseConfiguration());
        modelBuilder.ApplyConfiguration(new TouchConfiguration());
        modelBuilder.ApplyConfiguration(new CustomerScoreConfiguration());
    }
}

/// <summary>The model on SQLite: instants and amounts as integers (see <see cref="StoredValues"/>).</summary>
public sealed class SqliteRapportDbContext(DbContextOptions<SqliteRapportDbContext> options) : RapportDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMicrosecondsConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledAmountConverter>();
    }
}

/// <summary>The model on PostgreSQL: <c>timestamptz</c> and <c>numeric(19,4)</c>.</summary>
public sealed class PostgresRapportDbContext(DbContextOptions<PostgresRapportDbContext> options) : RapportDbContext(options);
