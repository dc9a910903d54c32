namespace Portal.Api.Features.Ordering;

/// <summary>One entry of the order feed.</summary>
/// <param name="Cursor">Pass as <c>after</c> to continue after this entry.</param>
/// <param name="Type">created or status-changed.</param>
/// <param name="OrderId">The order.</param>
/// <param name="OrderNumber">The supplier's order number.</param>
/// <param name="CustomerId">The account.</param>
/// <param name="Status">The order's status after this change.</param>
/// <param name="CustomerReference">The customer's purchase-order number.</param>
/// <param name="Total">The order total.</param>
/// <param name="Currency">ISO 4217.</param>
/// <param name="At">When the change happened.</param>
public sealed record OrderFeedEntry(string Cursor, string Type, Guid OrderId, string OrderNumber, Guid CustomerId, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, decimal Total, string Currency, DateTimeOffset At);

/// <summary>A page of the feed; poll again with <c>nextCursor</c> (it is returned even when the page is empty).</summary>
public sealed record OrderFeedPage(IReadOnlyList<OrderFeedEntry> Items, string NextCursor);
