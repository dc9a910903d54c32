using Portal.Api.Features.Accounts;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

internal sealed class ApprovalConfiguration : IEntityTypeConfiguration<Approval>
{
    public void Configure(EntityTypeBuilder<Approval> builder)
    {
        builder.ToTable("approvals");
        builder.HasKey(a => a.Id);
        builder.Ignore(a => a.Current);
        builder.Property(a => a.OrderNumber).HasMaxLength(32);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.Status).HasMaxLength(16);
        builder.Property(a => a.Total).HasPrecision(18, 2);
        builder.Property(a => a.RejectionReason).HasMaxLength(1000);
        builder.Property(a => a.Levels).AsJson();
        builder.Property(a => a.Escalations).AsJson();
        builder.Property(a => a.Reasons).AsJson();
        builder.HasIndex(a => a.OrderId).IsUnique();
        builder.HasIndex(a => new { a.CustomerId, a.Status, a.CreatedAt });
        builder.HasIndex(a => new { a.Status, a.EscalateAt });
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Order>().WithMany().HasForeignKey(a => a.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
