namespace Portal.Api.Features.Ordering;

/// <summary>Which lines of a past order to put into a new cart (all when left out).</summary>
public sealed record ReorderRequest(IReadOnlyList<Guid>? LineIds);

/// <summary>The new cart of a reorder and the lines that could not be taken over, with why.</summary>
public sealed record ReorderResult(CartDto Cart, IReadOnlyList<ReorderSkipped> Skipped);

public sealed record ReorderSkipped(Guid LineId, string Sku, string Code, string Message);
