namespace Portal.Api.Features.Pricing.V1;

/// <summary>The account's own prices.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/price-calculations")]
[Produces("application/json")]
public sealed class PriceCalculationsController(TenantScope tenant, PriceCalculationService prices, PriceCalculationRenderer renderer) : ControllerBase
{
    /// <summary>Prices up to 500 lines for the caller's account (supplier-side callers: the Portal-Customer account).</summary>
    /// <remarks>
    /// Each line gets the account's price by priority (customer price, framework contract, quantity tier,
    /// group discount, list price — or the cheapest, for accounts on the lowestPrice strategy), the list
    /// price and the saving, and which condition applied. A line that cannot be priced carries an
    /// <c>error</c> with a stable code (unknown-sku, no-list-price, restricted, invalid-quantity); the
    /// other lines are still priced.
    /// </remarks>
    /// <response code="200">The priced lines.</response>
    /// <response code="400">The request is malformed (no lines, more than 500, bad currency).</response>
    [HttpPost]
    [RequirePermission(Permission.PricesCalculate)]
    [Consumes("application/json")]
    [ProducesResponseType<PriceCalculationResult>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Calculate([FromBody] PriceCalculationRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var currency = PriceCalculationRequestValidator.Validate(request);
        var lines = request.Lines!;
        var skus = new (string Sku, decimal Quantity)[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            skus[i] = (lines[i].Sku!.Trim(), lines[i].Quantity!.Value);
        }
        var priced = await prices.PriceLinesAsync(customerId, currency, request.Date ?? prices.Today, skus, cancellationToken);
        return renderer.Render(lines, priced);
    }
}
