namespace Portal.Api.Features.Budgets.V1;

/// <summary>Budgets per cost center, org unit or role, with real-time consumption (docs/approvals.md).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/budgets")]
[Produces("application/json")]
public sealed class BudgetsController(BudgetService budgets, BudgetReportService reports) : ControllerBase
{
    /// <summary>
    /// The budget report of a month: each budget in its period containing that month, with amount, committed,
    /// reserved, remaining and the orders behind them. <c>Accept: text/csv</c> (default; formula-safe cells) or
    /// <c>application/pdf</c> (or <c>format=csv|pdf</c>).
    /// </summary>
    /// <param name="period">The month, yyyy-MM (e.g. 2026-12).</param>
    /// <param name="format">csv or pdf; overrides Accept.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The report.</response>
    /// <response code="400">The period is not a month.</response>
    [HttpGet("report")]
    [RequirePermission(Permission.BudgetsRead)]
    [Produces("text/csv", "application/pdf")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "text/csv", "application/pdf")]
    public async Task<IActionResult> Report([FromQuery] string? period, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        var (month, sections) = await reports.BuildAsync(period, cancellationToken);
        var pdf = format is not null
            ? string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase)
            : Request.Headers.Accept.ToString().Contains("application/pdf", StringComparison.OrdinalIgnoreCase);
        var name = $"budget-report-{month:yyyy-MM}";
        return pdf
            ? File(BudgetReportPdf.Write(month, sections), "application/pdf", name + ".pdf")
            : File(BudgetReportCsv.Write(sections), "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>Lists the account's budgets with their current period.</summary>
    /// <response code="200">The budgets.</response>
    [HttpGet]
    [RequirePermission(Permission.BudgetsRead)]
    [ProducesResponseType<IReadOnlyList<BudgetDto>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<BudgetDto>> List(CancellationToken cancellationToken) => budgets.ListAsync(cancellationToken);

    /// <summary>Gets a budget with its current period.</summary>
    /// <response code="200">The budget.</response>
    /// <response code="404">No such budget in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.BudgetsRead)]
    [ProducesResponseType<BudgetDto>(StatusCodes.Status200OK)]
    public Task<BudgetDto> Get(Guid id, CancellationToken cancellationToken) => budgets.GetAsync(id, cancellationToken);

    /// <summary>Creates a budget (administrator at its unit; role budgets: at the root).</summary>
    /// <response code="201">The budget.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">The cost center or unit is not in the account.</response>
    /// <response code="422">Not in the account currency.</response>
    [HttpPost]
    [RequirePermission(Permission.BudgetsWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<BudgetDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<BudgetDto>> Create([FromBody] BudgetRequest request, CancellationToken cancellationToken)
    {
        var budget = await budgets.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = budget.Id, version = "1" }, budget);
    }

    /// <summary>Changes a budget's name, period, amount, policy, thresholds or carry-over.</summary>
    /// <response code="200">The budget.</response>
    /// <response code="400">A field is not valid (scope and currency cannot change).</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">No such budget in the account.</response>
    /// <response code="409">An order charged the budget at the same time.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.BudgetsWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<BudgetDto>(StatusCodes.Status200OK)]
    public Task<BudgetDto> Update(Guid id, [FromBody] BudgetRequest request, CancellationToken cancellationToken) => budgets.UpdateAsync(id, request, cancellationToken);

    /// <summary>Deletes a budget with its charges.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">No such budget in the account.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.BudgetsWrite)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await budgets.DeleteAsync(id, cancellationToken);
        return NoContent();
    }
}
