namespace Portal.Api.Features.Approvals.V1;

/// <summary>Approvals of orders: what the caller may decide, and decisions (docs/approvals.md).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/approvals")]
[Produces("application/json")]
public sealed class ApprovalsController(ApprovalService approvals) : ControllerBase
{
    /// <summary>Lists approvals: <c>pending</c> (default) what the caller may decide now; approved, rejected or all: those of the orders the caller can see.</summary>
    /// <param name="status">pending, approved, rejected or all.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of approvals, oldest first, with the order summary and the budget effect.</response>
    [HttpGet]
    [RequirePermission(Permission.ApprovalsRead)]
    [ProducesResponseType<Page<ApprovalDto>>(StatusCodes.Status200OK)]
    public Task<Page<ApprovalDto>> List([FromQuery] string? status, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        approvals.ListAsync(status, limit, cursor, cancellationToken);

    /// <summary>Gets an approval.</summary>
    /// <response code="200">The approval.</response>
    /// <response code="404">No such approval the caller can see or decide.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.ApprovalsRead)]
    [ProducesResponseType<ApprovalDto>(StatusCodes.Status200OK)]
    public Task<ApprovalDto> Get(Guid id, CancellationToken cancellationToken) => approvals.GetAsync(id, cancellationToken);

    /// <summary>Approves the open level; the last level's approval moves the order to <c>approved</c>.</summary>
    /// <response code="200">The approval after the decision.</response>
    /// <response code="403">The caller may not decide this level (wrong role or unit, own order, decided an earlier level).</response>
    /// <response code="404">No such approval the caller can see or decide.</response>
    /// <response code="409">The approval is no longer pending.</response>
    [HttpPost("{id:guid}/approve")]
    [RequirePermission(Permission.ApprovalsDecide)]
    [Consumes("application/json")]
    [ProducesResponseType<ApprovalDto>(StatusCodes.Status200OK)]
    public Task<ApprovalDto> Approve(Guid id, [FromBody] ApprovalDecisionRequest request, CancellationToken cancellationToken) =>
        approvals.DecideAsync(id, ApprovalWorkflow.Approve, request, cancellationToken);

    /// <summary>Rejects the order (a reason is required); it becomes <c>rejected</c> and can be copied into a cart with reorder.</summary>
    /// <response code="200">The approval after the decision.</response>
    /// <response code="400">No reason.</response>
    /// <response code="403">The caller may not decide this level.</response>
    /// <response code="404">No such approval the caller can see or decide.</response>
    /// <response code="409">The approval is no longer pending.</response>
    [HttpPost("{id:guid}/reject")]
    [RequirePermission(Permission.ApprovalsDecide)]
    [Consumes("application/json")]
    [ProducesResponseType<ApprovalDto>(StatusCodes.Status200OK)]
    public Task<ApprovalDto> Reject(Guid id, [FromBody] ApprovalDecisionRequest request, CancellationToken cancellationToken) =>
        approvals.DecideAsync(id, ApprovalWorkflow.Reject, request, cancellationToken);
}
