namespace Portal.Api.Features.Approvals.V1;

/// <summary>Approval rules of the caller's account (docs/approvals.md).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/approval-rules")]
[Produces("application/json")]
public sealed class ApprovalRulesController(ApprovalRuleService rules) : ControllerBase
{
    /// <summary>Lists the account's approval rules in the order they apply.</summary>
    /// <response code="200">The rules.</response>
    [HttpGet]
    [RequirePermission(Permission.ApprovalRulesRead)]
    [ProducesResponseType<IReadOnlyList<ApprovalRuleDto>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<ApprovalRuleDto>> List(CancellationToken cancellationToken) => rules.ListAsync(cancellationToken);

    /// <summary>Gets an approval rule.</summary>
    /// <response code="200">The rule.</response>
    /// <response code="404">No such rule in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.ApprovalRulesRead)]
    [ProducesResponseType<ApprovalRuleDto>(StatusCodes.Status200OK)]
    public Task<ApprovalRuleDto> Get(Guid id, CancellationToken cancellationToken) => rules.GetAsync(id, cancellationToken);

    /// <summary>Creates an approval rule (administrator at the rule's unit; account-wide rules: at the root).</summary>
    /// <response code="201">The rule.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">A unit, cost center or user is not in the account.</response>
    /// <response code="422">The account keeps the most approval rules allowed (200).</response>
    [HttpPost]
    [RequirePermission(Permission.ApprovalRulesWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<ApprovalRuleDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ApprovalRuleDto>> Create([FromBody] ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        var rule = await rules.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = rule.Id, version = "1" }, rule);
    }

    /// <summary>Replaces an approval rule; orders already waiting keep the levels they got.</summary>
    /// <response code="200">The rule.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">No such rule, or a referenced object is not in the account.</response>
    [HttpPut("{id:guid}")]
    [RequirePermission(Permission.ApprovalRulesWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<ApprovalRuleDto>(StatusCodes.Status200OK)]
    public Task<ApprovalRuleDto> Replace(Guid id, [FromBody] ApprovalRuleRequest request, CancellationToken cancellationToken) =>
        rules.ReplaceAsync(id, request, cancellationToken);

    /// <summary>Deletes an approval rule.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">No such rule in the account.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.ApprovalRulesWrite)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await rules.DeleteAsync(id, cancellationToken);
        return NoContent();
    }
}
