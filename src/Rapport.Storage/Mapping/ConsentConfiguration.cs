using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;

namespace Rapport.Storage.Mapping;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public const string KeyProperty = "ConsentId";

    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("consents");

        // History is appended, never updated: a surrogate key, and a unique index so that
        // importing the same file twice adds nothing.
        builder.Property<long>(KeyProperty).HasColumnName("consent_id").ValueGeneratedOnAdd();
        builder.HasKey(KeyProperty);
        builder.Property(c => c.CustomerId).HasColumnName("customer_id").HasMaxLength(100).IsRequired();
        builder.Property(c => c.Channel).HasColumnName("channel").HasConversion(Converters.Kebab<Channel>()).HasMaxLength(20);
        builder.Property(c => c.Status).HasColumnName("status").HasConversion(Converters.Kebab<ConsentStatus>()).HasMaxLength(20);
        builder.Property(c => c.At).HasColumnName("at");
        builder.Property(c => c.Source).HasColumnName("source");
        builder.Property(c => c.Evidence).HasColumnName("evidence");
        builder.Property(c => c.Suppression).HasColumnName("suppression").HasConversion(Converters.Kebab<SuppressionReason>()).HasMaxLength(20);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.CustomerId, c.Channel, c.At, c.Status }).IsUnique().HasDatabaseName("ux_consents_customer_channel_at_status");
    }
}
