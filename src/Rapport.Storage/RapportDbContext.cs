using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Analytics;
using Rapport.Storage.Mapping;
using Rapport.Storage.Outbox;
using Rapport.Storage.Planning;

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

    public DbSet<PlanRunRow> PlanRuns => Set<PlanRunRow>();

    public DbSet<PlanCustomerRow> PlanCustomers => Set<PlanCustomerRow>();

    public DbSet<PlanTouchRow> PlanTouches => Set<PlanTouchRow>();

    public DbSet<PlanHeldRow> PlanHeld => Set<PlanHeldRow>();

    public DbSet<PlanUnreachableRow> PlanUnreachable => Set<PlanUnreachableRow>();

    public DbSet<PlanCapacityRow> PlanCapacity => Set<PlanCapacityRow>();

    public DbSet<PlanDayRow> PlanDays => Set<PlanDayRow>();

    public DbSet<MomentRow> Moments => Set<MomentRow>();

    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    public DbSet<SendLockRow> SendLocks => Set<SendLockRow>();

    public DbSet<SecretRow> Secrets => Set<SecretRow>();

    public DbSet<StaffAccountRow> StaffAccounts => Set<StaffAccountRow>();

    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();

    public DbSet<AuditEntryRow> AuditLog => Set<AuditEntryRow>();

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
        modelBuilder.ApplyConfiguration(new PlanRunConfiguration());
        modelBuilder.ApplyConfiguration(new PlanCustomerConfiguration());
        modelBuilder.ApplyConfiguration(new PlanTouchConfiguration());
        modelBuilder.ApplyConfiguration(new PlanHeldConfiguration());
        modelBuilder.ApplyConfiguration(new PlanUnreachableConfiguration());
        modelBuilder.ApplyConfiguration(new PlanCapacityConfiguration());
        modelBuilder.ApplyConfiguration(new PlanDayConfiguration());
        modelBuilder.ApplyConfiguration(new MomentConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxConfiguration());
        modelBuilder.ApplyConfiguration(new SendLockConfiguration());
        modelBuilder.ApplyConfiguration(new SecretConfiguration());
        modelBuilder.ApplyConfiguration(new StaffAccountConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // The plan tables hold millions of days: integers (days since 1970-01-01) instead of text.
        modelBuilder.Entity<PlanRunRow>().Property(r => r.AsOf).HasConversion<PlanDayConverter>();
        modelBuilder.Entity<PlanTouchRow>().Property(t => t.Day).HasConversion<PlanDayConverter>();
        modelBuilder.Entity<PlanHeldRow>().Property(h => h.Day).HasConversion<PlanDayConverter>();
        modelBuilder.Entity<PlanCapacityRow>().Property(c => c.WeekStart).HasConversion<PlanDayConverter>();
        modelBuilder.Entity<PlanDayRow>().Property(d => d.Day).HasConversion<PlanDayConverter>();
    }
}

/// <summary>The model on PostgreSQL: <c>timestamptz</c> and <c>numeric(19,4)</c>.</summary>
public sealed class PostgresRapportDbContext(DbContextOptions<PostgresRapportDbContext> options) : RapportDbContext(options);
