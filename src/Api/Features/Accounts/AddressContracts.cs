namespace Portal.Api.Features.Accounts;

/// <summary>A delivery or billing address.</summary>
public sealed record AddressDto(
    Guid Id, [property: ContractEnum("AddressKind")] string Kind, string Name, string? Department, string Street, string? Street2, string PostalCode,
    string City, string? Region, string Country, Guid? OrgUnitId, bool IsDefault);

/// <summary>An address to create, or all fields of an address to replace.</summary>
public sealed record AddressRequest
{
    /// <summary>delivery or billing.</summary>
    [ContractEnum("AddressKind")]
    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Department { get; init; }

    public string? Street { get; init; }

    public string? Street2 { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? Region { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    /// <summary>The unit the address serves, with the units below it; none: the whole company (changed by administrators at the root).</summary>
    public Guid? OrgUnitId { get; init; }

    /// <summary>The default address of its kind for its unit and the units below it (the company's when it has no unit): at most one per kind and unit. An order without <c>deliveryAddressId</c> goes to the default nearest its unit.</summary>
    public bool? IsDefault { get; init; }
}
