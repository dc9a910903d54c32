namespace Portal.Api.Features.Budgets.V1;

/// <summary>Budget checks for procurement systems, before they send an order.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/budget-checks")]
[Produces("application/json")]
public sealed class BudgetChecksController(BudgetCheckService checks) : ControllerBase
{
    /// <summary>Answers what ordering would do with an order of this amount: refused (block), sent to approval, warned, or fine. Changes nothing.</summary>
    /// <response code="200">The outcome and each budget touched.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="404">The cost center or unit is not in the account.</response>
    [HttpPost]
    [RequirePermission(Permission.BudgetChecks)]
    [Consumes("application/json")]
    [ProducesResponseType<BudgetCheckResult>(StatusCodes.Status200OK)]
    public Task<BudgetCheckResult> Check([FromBody] BudgetCheckRequest request, CancellationToken cancellationToken) => checks.CheckAsync(request, cancellationToken);
}
