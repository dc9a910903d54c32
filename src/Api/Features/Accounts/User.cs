namespace Portal.Api.Features.Accounts;

/// <summary>A person at a customer account. Users are deactivated, never deleted (orders and logs refer to them).</summary>
public sealed class User : ICustomerScoped, IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>Lower-cased e-mail address, unique within the account.</summary>
    public required string Email { get; set; }

    public required string Name { get; set; }

    /// <summary>The unit the user belongs to (its default cost center is the user's default).</summary>
    public Guid OrgUnitId { get; set; }

    /// <summary>Who decides in the user's place while they are away (used by approvals).</summary>
    public Guid? DeputyUserId { get; set; }

    /// <summary>Orders up to this total (account currency) need no approval from rules; caps what the user may approve.</summary>
    public decimal? SpendingLimit { get; set; }

    /// <summary>The user's absence, during which the deputy decides approvals in the user's place.</summary>
    public DateTimeOffset? AbsentFrom { get; set; }

    public DateTimeOffset? AbsentUntil { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>The language of the mails the user receives: <c>de</c> or <c>en</c> (<see cref="Notifications.MailLanguages"/>).</summary>
    public string Language { get; set; } = "en";

    public List<RoleAssignment> Roles { get; set; } = [];

    /// <summary>When the person was erased (name and e-mail replaced by a pseudonym); null while they are not.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A role granted to a user at an org unit; it holds at that unit and every unit below it.</summary>
public sealed class RoleAssignment : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid UserId { get; set; }

    public required string Role { get; set; }

    public Guid OrgUnitId { get; set; }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Email).HasMaxLength(254);
        builder.HasIndex(u => new { u.CustomerId, u.Email }).IsUnique();
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.Language).HasMaxLength(8).HasDefaultValue("en");
        builder.Property(u => u.SpendingLimit).HasPrecision(18, 2);
        builder.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.DeputyUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(u => u.Roles).WithOne().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.ToTable("role_assignments");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Role).HasMaxLength(32);
        builder.HasIndex(r => new { r.UserId, r.Role, r.OrgUnitId }).IsUnique();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(r => r.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
