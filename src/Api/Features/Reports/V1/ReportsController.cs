namespace Portal.Api.Features.Reports.V1;

/// <summary>Reports for the supplier (docs/privacy.md is unrelated; the self-service rate is issue #22).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/reports")]
[Produces("application/json")]
public sealed class ReportsController(SelfServiceReportService reports) : ControllerBase
{
    /// <summary>
    /// The self-service rate of the orders placed from <c>from</c> to <c>to</c> (days, UTC, both inclusive), of
    /// one account or all: orders, self-service, assisted (placed by a supplier sales caller), the rate, the
    /// configured target and the orders per channel. <c>Accept: text/csv</c> (or <c>format=csv</c>) answers CSV.
    /// </summary>
    /// <param name="from">First day, yyyy-MM-dd.</param>
    /// <param name="to">Last day, yyyy-MM-dd.</param>
    /// <param name="customerId">Only this account.</param>
    /// <param name="format">json or csv; overrides Accept.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The report.</response>
    /// <response code="400">A day is not valid.</response>
    [HttpGet("self-service")]
    [RequirePermission(Permission.ReportsRead)]
    [Produces("application/json", "text/csv")]
    [ProducesResponseType<SelfServiceReportDto>(StatusCodes.Status200OK, "application/json", "text/csv")]
    public async Task<IActionResult> SelfService(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] Guid? customerId, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(from, to, customerId, cancellationToken);
        var csv = format is not null
            ? string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            : Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        return csv
            ? File(SelfServiceReportService.Csv(report), "text/csv; charset=utf-8", "self-service.csv")
            : Ok(report);
    }
}
