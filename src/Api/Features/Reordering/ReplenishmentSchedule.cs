using Portal.Api.Features.Accounts;
using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// Interval replenishment: a template run at <see cref="NextRunAt"/>, then every <see cref="Interval"/>,
/// either as a suggested cart of the owner or as an order placed for the owner (through approvals and
/// budgets). The run and the advance of <see cref="NextRunAt"/> commit in one transaction under a row lock,
/// so each period runs exactly once whatever the number of instances; after downtime the missed period
/// runs once and the next one is the first still in the future.
/// </summary>
public sealed class ReplenishmentSchedule : ICustomerScoped, IReorderingRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid TemplateId { get; set; }

    /// <summary>The user the schedule acts for: the cart is theirs, the order is placed as theirs, they are notified.</summary>
    public Guid OwnerUserId { get; set; }

    /// <summary>P1W, P1M, P3M (or another P{n}D / P{n}W / P{n}M) or a cron expression (UTC).</summary>
    public required string Interval { get; set; }

    /// <summary><see cref="ReplenishmentModes.Suggest"/> or <see cref="ReplenishmentModes.Order"/>.</summary>
    public required string Mode { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    /// <summary>Where scheduled orders are delivered; null: the account's default delivery address.</summary>
    public Guid? DeliveryAddressId { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastOutcome { get; set; }

    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One run of a schedule: the period it was due for, what it produced and what it reported.</summary>
public sealed class ReplenishmentRun : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid ScheduleId { get; set; }

    /// <summary>The due time this run served; unique per schedule (a second run of one period cannot be stored).</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset RanAt { get; set; }

    /// <summary>cart-created, order-placed or failed.</summary>
    public required string Outcome { get; set; }

    public Guid? CartId { get; set; }

    public Guid? OrderId { get; set; }

    public string? OrderNumber { get; set; }

    public string? Message { get; set; }

    /// <summary>Lines moved by their lead time, or left out, with why.</summary>
    public List<ReplenishmentLineNote> Notes { get; set; } = [];
}

/// <summary>What happened to one template line in a run.</summary>
public sealed class ReplenishmentLineNote
{
    public required string Sku { get; set; }

    /// <summary>moved (out of stock: delivery date set by the lead time) or skipped (cannot be ordered).</summary>
    public required string Action { get; set; }

    public required string Code { get; set; }

    public required string Message { get; set; }

    public DateOnly? DeliveryDate { get; set; }
}

public static class ReplenishmentModes
{
    public const string Suggest = "suggest";
    public const string Order = "order";

    public static readonly IReadOnlyList<string> All = [Suggest, Order];
}

public static class ReplenishmentOutcomes
{
    public const string CartCreated = "cart-created";
    public const string OrderPlaced = "order-placed";
    public const string Failed = "failed";
}

internal sealed class ReplenishmentScheduleConfiguration : IEntityTypeConfiguration<ReplenishmentSchedule>
{
    public void Configure(EntityTypeBuilder<ReplenishmentSchedule> builder)
    {
        builder.ToTable("replenishment_schedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Interval).HasMaxLength(120);
        builder.Property(s => s.Mode).HasMaxLength(16);
        builder.Property(s => s.LastOutcome).HasMaxLength(32);
        builder.Property(s => s.Version).IsConcurrencyToken();
        // The job's scan: active schedules by due time, across accounts.
        builder.HasIndex(s => new { s.Active, s.NextRunAt });
        builder.HasIndex(s => new { s.CustomerId, s.OwnerUserId });
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrderTemplate>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReplenishmentRunConfiguration : IEntityTypeConfiguration<ReplenishmentRun>
{
    public void Configure(EntityTypeBuilder<ReplenishmentRun> builder)
    {
        builder.ToTable("replenishment_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Outcome).HasMaxLength(32);
        builder.Property(r => r.OrderNumber).HasMaxLength(32);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.Property(r => r.Notes).AsJson();
        builder.HasIndex(r => new { r.ScheduleId, r.DueAt }).IsUnique();
        builder.HasOne<ReplenishmentSchedule>().WithMany().HasForeignKey(r => r.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}
