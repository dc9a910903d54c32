using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Approvals;

internal sealed class ApprovalRuleConfiguration : IEntityTypeConfiguration<ApprovalRule>
{
    public void Configure(EntityTypeBuilder<ApprovalRule> builder)
    {
        builder.ToTable("approval_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Category).HasMaxLength(100);
        builder.Property(r => r.MinOrderTotal).HasPrecision(18, 2);
        builder.Property(r => r.Levels).AsJson().HasMaxLength(20_000);
        builder.HasIndex(r => r.CustomerId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
