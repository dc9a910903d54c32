namespace Portal.Api.Features.Ordering;

/// <summary>The delivery address as it was when the order was placed.</summary>
public sealed class OrderAddress
{
    public Guid? AddressId { get; set; }
    public required string Name { get; set; }
    public string? Department { get; set; }
    public required string Street { get; set; }
    public string? Street2 { get; set; }
    public required string PostalCode { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string Country { get; set; }
}
