using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Organisation;

namespace Rapport.Storage.Mapping;

internal sealed class StaffConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.ToTable("staff");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("staff_id").HasMaxLength(100);
        builder.Property(s => s.Name).HasColumnName("name").IsRequired();
        builder.Property(s => s.BranchId).HasColumnName("branch_id").HasMaxLength(100).IsRequired();
        builder.Property(s => s.Role).HasColumnName("role").HasConversion(Converters.Kebab<StaffRole>()).HasMaxLength(20)
            .HasDefaultValueSql("'staff'");
        builder.Property(s => s.Phone).HasColumnName("phone").HasConversion(Converters.Phone);
        builder.Property(s => s.Email).HasColumnName("email").HasConversion(Converters.Email);
        builder.Property(s => s.CallsPerDay).HasColumnName("calls_per_day");
        builder.Property(s => s.WorkingDays).HasColumnName("working_days").HasConversion(Converters.Week);
        builder.HasOne<Branch>().WithMany().HasForeignKey(s => s.BranchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.BranchId).HasDatabaseName("ix_staff_branch");
    }
}
