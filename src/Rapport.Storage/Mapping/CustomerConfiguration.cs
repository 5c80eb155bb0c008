using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;

namespace Rapport.Storage.Mapping;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(c => c.FirstName).HasColumnName("first_name");
        builder.Property(c => c.LastName).HasColumnName("last_name");
        builder.Property(c => c.Company).HasColumnName("company");
        builder.Property(c => c.Emails).HasColumnName("emails").HasDefaultValue(Array.Empty<EmailAddress>())
            .HasConversion(Converters.Emails, Converters.ListComparer<EmailAddress>()).IsRequired();
        builder.Property(c => c.Phones).HasColumnName("phones").HasDefaultValue(Array.Empty<PhoneNumber>())
            .HasConversion(Converters.Phones, Converters.ListComparer<PhoneNumber>()).IsRequired();
        builder.ComplexProperty(c => c.Address, address =>
        {
            address.Property(a => a.Street).HasColumnName("street");
            address.Property(a => a.City).HasColumnName("city");
            address.Property(a => a.Postcode).HasColumnName("postcode");
            address.Property(a => a.Country).HasColumnName("country");
        });
        builder.ComplexProperty(c => c.Location, location =>
        {
            location.Property(p => p.Latitude).HasColumnName("latitude");
            location.Property(p => p.Longitude).HasColumnName("longitude");
        });
        builder.Property(c => c.TimeZone).HasColumnName("time_zone").HasConversion(Converters.TimeZone);
        builder.Property(c => c.Language).HasColumnName("language").HasConversion(Converters.Language);
        builder.Property(c => c.BirthDate).HasColumnName("birth_date");
        builder.Property(c => c.AnniversaryDate).HasColumnName("anniversary_date");
        builder.Property(c => c.Tags).HasColumnName("tags").HasDefaultValue(Array.Empty<string>())
            .HasConversion(Converters.Words, Converters.ListComparer<string>()).IsRequired();
        builder.Property(c => c.AccountManagerId).HasColumnName("account_manager_id").HasMaxLength(100);
        builder.Property(c => c.HomeBranchId).HasColumnName("home_branch_id").HasMaxLength(100);
        builder.Property(c => c.AcquisitionSource).HasColumnName("acquisition_source");

        // No foreign key: a referrer may come later in the same file. Import checks it.
        builder.Property(c => c.ReferredBy).HasColumnName("referred_by").HasMaxLength(100);
        builder.Property(c => c.PreferredChannels).HasColumnName("preferred_channels").HasDefaultValue(Array.Empty<Channel>())
            .HasConversion(Converters.Channels, Converters.ListComparer<Channel>()).IsRequired();
        builder.Property(c => c.PreferredFrequency).HasColumnName("preferred_frequency").HasConversion(Converters.Kebab<ContactFrequency>()).HasMaxLength(20);
        builder.Property(c => c.SocialHandles).HasColumnName("social_handles").HasDefaultValue(Array.Empty<SocialHandle>())
            .HasConversion(Converters.Handles, Converters.ListComparer<SocialHandle>()).IsRequired();
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Ignore(c => c.DisplayName);

        builder.HasOne<StaffMember>().WithMany().HasForeignKey(c => c.AccountManagerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Branch>().WithMany().HasForeignKey(c => c.HomeBranchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.ReferredBy).HasDatabaseName("ix_customers_referred_by");
        builder.HasIndex(c => c.HomeBranchId).HasDatabaseName("ix_customers_home_branch");
        builder.HasIndex(c => c.AccountManagerId).HasDatabaseName("ix_customers_account_manager");
    }
}
