namespace Portal.Api.Features.Approvals;

/// <summary>An account's rule: orders matching all of its conditions need the approval of each of its levels, in order.</summary>
public sealed class ApprovalRule : ICustomerScoped, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Name { get; set; }

    /// <summary>Orders with a total of at least this (account currency).</summary>
    public decimal? MinOrderTotal { get; set; }

    /// <summary>Orders placed at this unit or below it.</summary>
    public Guid? OrgUnitId { get; set; }

    /// <summary>Orders with a line charged to this cost center.</summary>
    public Guid? CostCenterId { get; set; }

    /// <summary>Orders with a line of a product of this category.</summary>
    public string? Category { get; set; }

    /// <summary>True: orders with a line of a regulated product.</summary>
    public bool? RegulatedProducts { get; set; }

    public List<ApprovalLevelSpec> Levels { get; set; } = [];

    /// <summary>A level pending longer than this is escalated (null: never).</summary>
    public TimeSpan? EscalateAfter { get; set; }

    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
