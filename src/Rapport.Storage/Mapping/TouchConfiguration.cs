using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Touches;

namespace Rapport.Storage.Mapping;

internal sealed class TouchConfiguration : IEntityTypeConfiguration<Touch>
{
    public void Configure(EntityTypeBuilder<Touch> builder)
    {
        builder.ToTable("touches");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("touch_id").HasMaxLength(100);
        builder.Property(t => t.CustomerId).HasColumnName("customer_id").HasMaxLength(100).IsRequired();
        builder.Property(t => t.At).HasColumnName("at");
        builder.Property(t => t.Channel).HasColumnName("channel").HasConversion(Converters.Kebab<Channel>()).HasMaxLength(20);
        builder.Property(t => t.Direction).HasColumnName("direction").HasConversion(Converters.Kebab<TouchDirection>()).HasMaxLength(10);
        builder.Property(t => t.Kind).HasColumnName("kind").HasConversion(Converters.Kebab<TouchKind>()).HasMaxLength(30);
        builder.Property(t => t.Status).HasColumnName("status").HasConversion(Converters.Kebab<TouchStatus>()).HasMaxLength(20);
        builder.Property(t => t.Outcome).HasColumnName("outcome").HasConversion(Converters.Kebab<TouchOutcome>()).HasMaxLength(20);
        builder.Property(t => t.StaffId).HasColumnName("staff_id").HasMaxLength(100);
        builder.Property(t => t.Note).HasColumnName("note");
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(t => t.StaffId).OnDelete(DeleteBehavior.Restrict);

        // The planner and the 360 view read a customer's touches in time order.
        builder.HasIndex(t => new { t.CustomerId, t.At }).HasDatabaseName("ix_touches_customer_at");
        builder.HasIndex(t => t.StaffId).HasDatabaseName("ix_touches_staff");
    }
}
