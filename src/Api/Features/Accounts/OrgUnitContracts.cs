namespace Portal.Api.Features.Accounts;

/// <summary>A node of the customer's organisation.</summary>
public sealed record OrgUnitDto(Guid Id, Guid? ParentId, string Name, string? Code, int Depth, Guid? DefaultCostCenterId);

/// <summary>A new org unit under <c>parentId</c> (required: the root exists from the start).</summary>
public sealed record CreateOrgUnitRequest
{
    public Guid? ParentId { get; init; }

    public string? Name { get; init; }

    public string? Code { get; init; }
}

/// <summary>Changes to an org unit; <c>parentId</c> moves it with everything below it.</summary>
public sealed record UpdateOrgUnitRequest
{
    public string? Name { get; init; }

    public string? Code { get; init; }

    public Guid? ParentId { get; init; }

    /// <summary>The cost center charged for the unit's order lines without one (and for the units below it that have none): one that serves the unit (its own or above it), or one of a unit the caller administers.</summary>
    public Guid? DefaultCostCenterId { get; init; }

    /// <summary>true removes the unit's default cost center: the nearest default above it applies again.</summary>
    public bool? ClearDefaultCostCenter { get; init; }
}
