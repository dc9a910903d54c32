namespace Portal.Api.Features.AccessLog.V1;

/// <summary>The GDPR access log: who read or changed which customer data, when, and with what outcome.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/access-log")]
[Produces("application/json")]
public sealed class AccessLogController(AccessLogService log) : ControllerBase
{
    /// <summary>Lists entries newest first (customer administrators at the account's top unit: their account; supplier admins: all, or the Portal-Customer account).</summary>
    /// <param name="from">Entries at or after this time.</param>
    /// <param name="to">Entries before this time.</param>
    /// <param name="userId">Only this user's requests.</param>
    /// <param name="clientId">Only this API client's requests.</param>
    /// <param name="resource">Only paths starting with this, e.g. /api/v1/users.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of entries.</response>
    /// <response code="403">The caller is a customer's administrator below the account's top unit: the log holds every unit's requests.</response>
    [HttpGet]
    [RequirePermission(Permission.AccessLogRead)]
    [ProducesResponseType<Page<AccessLogEntryDto>>(StatusCodes.Status200OK)]
    public Task<Page<AccessLogEntryDto>> List(
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] Guid? userId, [FromQuery] string? clientId,
        [FromQuery] string? resource, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        log.ListAsync(from, to, userId, clientId, resource, limit, cursor, cancellationToken);
}
