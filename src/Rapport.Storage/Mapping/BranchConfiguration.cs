using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Organisation;

namespace Rapport.Storage.Mapping;

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> builder)
    {
        builder.ToTable("branches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(b => b.Name).HasColumnName("name").IsRequired();
        builder.ComplexProperty(b => b.Location, location =>
        {
            location.Property(p => p.Latitude).HasColumnName("latitude");
            location.Property(p => p.Longitude).HasColumnName("longitude");
        });
        builder.Property(b => b.TimeZone).HasColumnName("time_zone").HasConversion(Converters.TimeZone);
        builder.Property(b => b.Phone).HasColumnName("phone").HasConversion(Converters.Phone);
        builder.Property(b => b.Email).HasColumnName("email").HasConversion(Converters.Email);
        builder.Property(b => b.Address).HasColumnName("address");
        builder.Property(b => b.ReportsTo).HasColumnName("reports_to").HasMaxLength(100);
    }
}
