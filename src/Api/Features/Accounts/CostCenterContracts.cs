namespace Portal.Api.Features.Accounts;

/// <summary>A cost center.</summary>
public sealed record CostCenterDto(Guid Id, string Code, string Name, Guid OrgUnitId, bool Active);

/// <summary>A new cost center: <c>code</c>, <c>name</c> and <c>orgUnitId</c> are required.</summary>
public sealed record CreateCostCenterRequest
{
    public string? Code { get; init; }

    public string? Name { get; init; }

    public Guid? OrgUnitId { get; init; }
}

/// <summary>Changes to a cost center.</summary>
public sealed record UpdateCostCenterRequest
{
    public string? Name { get; init; }

    public Guid? OrgUnitId { get; init; }

    public bool? Active { get; init; }
}
