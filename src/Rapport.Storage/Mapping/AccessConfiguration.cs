using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;

namespace Rapport.Storage.Mapping;

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccountRow>
{
    public void Configure(EntityTypeBuilder<StaffAccountRow> builder)
    {
        builder.ToTable("staff_accounts");
        builder.HasKey(a => a.StaffId);
        builder.Property(a => a.StaffId).HasColumnName("staff_id").HasMaxLength(100);
        builder.Property(a => a.PasswordHash).HasColumnName("password_hash");
        builder.Property(a => a.FailedAttempts).HasColumnName("failed_attempts");
        builder.Property(a => a.LockedUntil).HasColumnName("locked_until");
        builder.Property(a => a.PasswordSetAt).HasColumnName("password_set_at");
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRow>
{
    public void Configure(EntityTypeBuilder<ApiKeyRow> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(40);
        builder.Property(k => k.SecretHash).HasColumnName("secret_hash").HasMaxLength(64);
        builder.Property(k => k.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(k => k.AllBranches).HasColumnName("all_branches");
        builder.Property(k => k.Name).HasColumnName("name");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RevokedAt).HasColumnName("revoked_at");
        builder.HasOne<Branch>().WithMany().HasForeignKey(k => k.BranchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryRow>
{
    public void Configure(EntityTypeBuilder<AuditEntryRow> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("audit_id").ValueGeneratedOnAdd();
        builder.Property(a => a.At).HasColumnName("at");
        builder.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(200);
        builder.Property(a => a.Action).HasColumnName("action").HasMaxLength(60);
        builder.Property(a => a.Subject).HasColumnName("subject").HasMaxLength(200);
        builder.Property(a => a.Detail).HasColumnName("detail");

        // A customer's history of changes, newest first.
        builder.HasIndex(a => new { a.Subject, a.At }).HasDatabaseName("ix_audit_log_subject_at");
    }
}
