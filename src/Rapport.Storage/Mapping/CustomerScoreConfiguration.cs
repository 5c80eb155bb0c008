using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Customers;
using Rapport.Storage.Analytics;

namespace Rapport.Storage.Mapping;

internal sealed class CustomerScoreConfiguration : IEntityTypeConfiguration<CustomerScoreRow>
{
    public void Configure(EntityTypeBuilder<CustomerScoreRow> builder)
    {
        builder.ToTable("customer_scores");
        builder.HasKey(s => s.CustomerId);
        builder.Property(s => s.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(s => s.AsOf).HasColumnName("as_of");
        builder.Property(s => s.RecencyScore).HasColumnName("recency_score");
        builder.Property(s => s.FrequencyScore).HasColumnName("frequency_score");
        builder.Property(s => s.MonetaryScore).HasColumnName("monetary_score");
        builder.Property(s => s.Tier).HasColumnName("tier").HasMaxLength(20);
        builder.Property(s => s.Stage).HasColumnName("stage").HasMaxLength(20);
        builder.Property(s => s.TenureMonths).HasColumnName("tenure_months");
        builder.Property(s => s.PurchaseDays).HasColumnName("purchase_days");
        builder.Property(s => s.LastPurchase).HasColumnName("last_purchase");
        builder.Property(s => s.TotalSpend).HasColumnName("total_spend");
        builder.Property(s => s.TrailingYearSpend).HasColumnName("trailing_year_spend");
        builder.Property(s => s.UsualIntervalDays).HasColumnName("usual_interval_days");
        builder.Property(s => s.ProbabilityAlive).HasColumnName("probability_alive");
        builder.Property(s => s.ExpectedPurchases90Days).HasColumnName("expected_purchases_90d");
        builder.Property(s => s.ExpectedPurchases12Months).HasColumnName("expected_purchases_12m");
        builder.Property(s => s.ExpectedAverageSpend).HasColumnName("expected_average_spend");
        builder.Property(s => s.LifetimeValue12Months).HasColumnName("lifetime_value_12m");
        builder.Property(s => s.GrowthPotential).HasColumnName("growth_potential");
        builder.Property(s => s.Warning).HasColumnName("warning");
        builder.HasOne<Customer>().WithOne().HasForeignKey<CustomerScoreRow>(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);

        // The web app filters customers by tier and stage.
        builder.HasIndex(s => new { s.Tier, s.Stage }).HasDatabaseName("ix_customer_scores_tier_stage");
    }
}
