namespace Portal.Api.Features.Budgets;

/// <summary>
/// An amount per period for a cost center, an org unit (and below) or a role. Orders consume it as they are
/// placed: <c>reserved</c> while pending approval, <c>committed</c> once approved or submitted; rejected and
/// cancelled orders release it (consumption is derived from the orders' status, so it is always current).
/// </summary>
public sealed class Budget : ICustomerScoped, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public string? Name { get; set; }

    public Guid? CostCenterId { get; set; }

    public Guid? OrgUnitId { get; set; }

    public string? Role { get; set; }

    /// <summary><c>month</c>, <c>quarter</c> or <c>year</c>.</summary>
    public required string Period { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary><c>block</c>, <c>require-approval</c> or <c>warn</c>.</summary>
    public required string Policy { get; set; }

    /// <summary>Percentages of the amount at which <c>budget.threshold_reached</c> is emitted.</summary>
    public List<int> Thresholds { get; set; } = [];

    /// <summary>True: what the previous period left unused adds to this period.</summary>
    public bool CarryOver { get; set; }

    /// <summary>The period for which <see cref="ThresholdsReached"/> holds.</summary>
    public DateOnly? ThresholdPeriodStart { get; set; }

    public List<int> ThresholdsReached { get; set; } = [];

    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
