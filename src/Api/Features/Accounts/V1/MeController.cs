namespace Portal.Api.Features.Accounts.V1;

/// <summary>The caller itself.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/me")]
[Produces("application/json")]
public sealed class MeController(MeService me) : ControllerBase
{
    /// <summary>Who the token is: client, user, account and the effective roles at each org unit.</summary>
    /// <response code="200">The caller.</response>
    [HttpGet]
    [RequirePermission(Permission.Me)]
    [ProducesResponseType<MeDto>(StatusCodes.Status200OK)]
    public Task<MeDto> Get(CancellationToken cancellationToken) => me.GetAsync(cancellationToken);
}
