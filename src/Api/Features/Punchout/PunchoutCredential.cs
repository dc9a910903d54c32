namespace Portal.Api.Features.Punchout;

/// <summary>A From/Sender credential (domain + identity) that identifies the account. Stored lower-cased.</summary>
public sealed class PunchoutCredential
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Domain { get; set; }

    public required string Identity { get; set; }
}

internal sealed class PunchoutCredentialConfiguration : IEntityTypeConfiguration<PunchoutCredential>
{
    public void Configure(EntityTypeBuilder<PunchoutCredential> builder)
    {
        builder.ToTable("punchout_credentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Domain).HasMaxLength(100);
        builder.Property(c => c.Identity).HasMaxLength(200);
        // One credential identifies one account.
        builder.HasIndex(c => new { c.Domain, c.Identity }).IsUnique();
    }
}
