using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Mapping;

// The plan tables hold derived data, replaced as a whole by PlanStore in one transaction. They
// carry the business's ids but no foreign keys: the plan is a snapshot, and a key on millions of
// rows would cost a lookup per row on the way in and a scan per deleted customer.

internal sealed class PlanRunConfiguration : IEntityTypeConfiguration<PlanRunRow>
{
    public void Configure(EntityTypeBuilder<PlanRunRow> builder)
    {
        builder.ToTable("plan_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.AsOf).HasColumnName("as_of");
        builder.Property(r => r.HorizonDays).HasColumnName("horizon_days");
        builder.Property(r => r.MadeAt).HasColumnName("made_at");
        builder.Property(r => r.Policy).HasColumnName("policy");
        builder.Property(r => r.Customers).HasColumnName("customers");
        builder.Property(r => r.Touches).HasColumnName("touches");
        builder.Property(r => r.Calls).HasColumnName("calls");
        builder.Property(r => r.Held).HasColumnName("held");
        builder.Property(r => r.Unreachable).HasColumnName("unreachable");
        builder.Property(r => r.CallsMissing).HasColumnName("calls_missing");
    }
}

internal sealed class PlanCustomerConfiguration : IEntityTypeConfiguration<PlanCustomerRow>
{
    public void Configure(EntityTypeBuilder<PlanCustomerRow> builder)
    {
        builder.ToTable("plan_customers");
        builder.HasKey(c => c.CustomerId);
        builder.Property(c => c.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(c => c.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(c => c.Summary).HasColumnName("summary");
        builder.Property(c => c.FirstTouch).HasColumnName("first_touch");
        builder.Property(c => c.Touches).HasColumnName("touches");
        builder.Property(c => c.FirstHeld).HasColumnName("first_held");
        builder.Property(c => c.Held).HasColumnName("held");
    }
}

internal sealed class PlanTouchConfiguration : IEntityTypeConfiguration<PlanTouchRow>
{
    public void Configure(EntityTypeBuilder<PlanTouchRow> builder)
    {
        builder.ToTable("plan_touches");

        // The number is the touch's place in the plan (SQLite: the row id), so that a customer's
        // touches are one range (see plan_customers) and the export reads the table in order.
        builder.HasKey(t => t.TouchNo);
        builder.Property(t => t.TouchNo).HasColumnName("touch_no").ValueGeneratedNever();
        builder.Property(t => t.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(t => t.Day).HasColumnName("day");
        builder.Property(t => t.StartMinute).HasColumnName("start_minute");
        builder.Property(t => t.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(t => t.Kind).HasColumnName("kind").HasMaxLength(30);
        builder.Property(t => t.StaffId).HasColumnName("staff_id").HasMaxLength(100);
        builder.Property(t => t.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(t => t.Rule).HasColumnName("rule");
        builder.Property(t => t.Detail).HasColumnName("detail");
        builder.Property(t => t.ChannelRank).HasColumnName("channel_rank");

        // The daily call list, per staff member, in time order: calls only, a small share of the rows.
        builder.HasIndex(t => new { t.Day, t.StaffId, t.StartMinute })
            .HasDatabaseName("ix_plan_touches_calls")
            .HasFilter("start_minute IS NOT NULL");
    }
}

internal sealed class PlanHeldConfiguration : IEntityTypeConfiguration<PlanHeldRow>
{
    public void Configure(EntityTypeBuilder<PlanHeldRow> builder)
    {
        builder.ToTable("plan_held");
        builder.HasKey(h => h.HeldNo);
        builder.Property(h => h.HeldNo).HasColumnName("held_no").ValueGeneratedNever();
        builder.Property(h => h.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(h => h.Day).HasColumnName("day");
        builder.Property(h => h.Kind).HasColumnName("kind").HasMaxLength(30);
        builder.Property(h => h.WantedBy).HasColumnName("wanted_by");
        builder.Property(h => h.HeldBy).HasColumnName("held_by");
        builder.Property(h => h.Reason).HasColumnName("reason");
    }
}

internal sealed class PlanUnreachableConfiguration : IEntityTypeConfiguration<PlanUnreachableRow>
{
    public void Configure(EntityTypeBuilder<PlanUnreachableRow> builder)
    {
        builder.ToTable("plan_unreachable");
        builder.HasKey(u => u.CustomerId);
        builder.Property(u => u.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(u => u.Why).HasColumnName("why");
    }
}

internal sealed class PlanCapacityConfiguration : IEntityTypeConfiguration<PlanCapacityRow>
{
    public void Configure(EntityTypeBuilder<PlanCapacityRow> builder)
    {
        builder.ToTable("plan_capacity");
        builder.HasKey(c => new { c.BranchId, c.WeekStart });
        builder.Property(c => c.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(c => c.WeekStart).HasColumnName("week_start");
        builder.Property(c => c.Capacity).HasColumnName("capacity");
        builder.Property(c => c.Planned).HasColumnName("planned");
        builder.Property(c => c.Missing).HasColumnName("missing");
        builder.Property(c => c.MinutesPerCall).HasColumnName("minutes_per_call");
    }
}

internal sealed class PlanDayConfiguration : IEntityTypeConfiguration<PlanDayRow>
{
    public void Configure(EntityTypeBuilder<PlanDayRow> builder)
    {
        builder.ToTable("plan_days");

        // No key: customers without an owning branch (a business without branches) have a null branch.
        builder.HasNoKey();
        builder.HasIndex(d => new { d.Day, d.BranchId }).HasDatabaseName("ix_plan_days_day_branch");
        builder.Property(d => d.Day).HasColumnName("day");
        builder.Property(d => d.BranchId).HasColumnName("branch_id").HasMaxLength(100);
        builder.Property(d => d.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(d => d.Kind).HasColumnName("kind").HasMaxLength(30);
        builder.Property(d => d.Touches).HasColumnName("touches");
        builder.Property(d => d.FirstTouch).HasColumnName("first_touch");
        builder.Property(d => d.SecondTouch).HasColumnName("second_touch");
        builder.Property(d => d.ThirdTouch).HasColumnName("third_touch");
    }
}
