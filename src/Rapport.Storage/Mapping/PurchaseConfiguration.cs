using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;

namespace Rapport.Storage.Mapping;

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder)
    {
        builder.ToTable("purchases");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("purchase_id").HasMaxLength(100);
        builder.Property(p => p.CustomerId).HasColumnName("customer_id").HasMaxLength(100).IsRequired();
        builder.Property(p => p.At).HasColumnName("at");
        builder.Property(p => p.Amount).HasColumnName("amount").HasPrecision(19, 4);
        builder.Property(p => p.Currency).HasColumnName("currency").HasConversion(Converters.Currency).HasMaxLength(3);
        builder.Property(p => p.Product).HasColumnName("product");
        builder.Property(p => p.Category).HasColumnName("category");
        builder.Property(p => p.LineOfBusiness).HasColumnName("line_of_business");
        builder.Property(p => p.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Branch>().WithMany().HasForeignKey(p => p.BranchId).OnDelete(DeleteBehavior.Restrict);

        // The planner and the 360 view read a customer's purchases in time order.
        builder.HasIndex(p => new { p.CustomerId, p.At }).HasDatabaseName("ix_purchases_customer_at");
    }
}
