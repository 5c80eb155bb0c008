using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Storage.Outbox;

namespace Rapport.Storage.Mapping;

internal sealed class MomentConfiguration : IEntityTypeConfiguration<MomentRow>
{
    public void Configure(EntityTypeBuilder<MomentRow> builder)
    {
        builder.ToTable("moments");
        builder.HasKey(m => m.Key);
        builder.Property(m => m.Key).HasColumnName("key").HasMaxLength(300);
        builder.Property(m => m.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(m => m.Kind).HasColumnName("kind").HasMaxLength(30);
        builder.Property(m => m.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(m => m.Earliest).HasColumnName("earliest");
        builder.Property(m => m.Due).HasColumnName("due");
        builder.Property(m => m.IsReply).HasColumnName("is_reply");
        builder.Property(m => m.Event).HasColumnName("event").HasMaxLength(300);
        builder.Property(m => m.Reason).HasColumnName("reason");
        builder.Property(m => m.Product).HasColumnName("product");
        builder.Property(m => m.LineOfBusiness).HasColumnName("line_of_business");
        builder.Property(m => m.InboundKind).HasColumnName("inbound_kind").HasMaxLength(30);
        builder.Property(m => m.Note).HasColumnName("note");
        builder.Property(m => m.ReferredCustomerId).HasColumnName("referred_customer_id").HasMaxLength(100);
        builder.Property(m => m.Warning).HasColumnName("warning");
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");

        // What is due on a day, and a customer's pending moments for the planner.
        builder.HasIndex(m => m.Due).HasDatabaseName("ix_moments_due");
        builder.HasIndex(m => m.CustomerId).HasDatabaseName("ix_moments_customer");
    }
}

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxRow>
{
    public void Configure(EntityTypeBuilder<OutboxRow> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(o => o.Key);
        builder.Property(o => o.Key).HasColumnName("key").HasMaxLength(300);
        builder.Property(o => o.CustomerId).HasColumnName("customer_id").HasMaxLength(100);
        builder.Property(o => o.Kind).HasColumnName("kind").HasMaxLength(30);
        builder.Property(o => o.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(o => o.Day).HasColumnName("day");
        builder.Property(o => o.Source).HasColumnName("source").HasMaxLength(10);
        builder.Property(o => o.State).HasColumnName("state").HasMaxLength(20);
        builder.Property(o => o.Attempts).HasColumnName("attempts");
        builder.Property(o => o.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(o => o.Template).HasColumnName("template");
        builder.Property(o => o.Subject).HasColumnName("subject");
        builder.Property(o => o.Recipient).HasColumnName("recipient");
        builder.Property(o => o.MessageId).HasColumnName("message_id");
        builder.Property(o => o.Detail).HasColumnName("detail");
        builder.Property(o => o.Field).HasColumnName("field");
        builder.Property(o => o.CreatedAt).HasColumnName("created_at");
        builder.Property(o => o.UpdatedAt).HasColumnName("updated_at");
        builder.Property(o => o.SentAt).HasColumnName("sent_at");
        builder.HasIndex(o => new { o.State, o.Day }).HasDatabaseName("ix_outbox_state_day");
        builder.HasIndex(o => o.CustomerId).HasDatabaseName("ix_outbox_customer");
    }
}

internal sealed class SendLockConfiguration : IEntityTypeConfiguration<SendLockRow>
{
    public void Configure(EntityTypeBuilder<SendLockRow> builder)
    {
        builder.ToTable("send_lock");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(200);
        builder.Property(l => l.ProcessId).HasColumnName("process_id");
        builder.Property(l => l.StartedAt).HasColumnName("started_at");
    }
}

internal sealed class SecretConfiguration : IEntityTypeConfiguration<SecretRow>
{
    public void Configure(EntityTypeBuilder<SecretRow> builder)
    {
        builder.ToTable("secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(s => s.Value).HasColumnName("value");
    }
}
