namespace Portal.Api.Features.Accounts.V1;

/// <summary>Users of the caller's account and their roles.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/users")]
[Produces("application/json")]
public sealed class UsersController(UserService users) : ControllerBase
{
    /// <summary>Lists users by e-mail.</summary>
    /// <param name="q">Part of the e-mail or name.</param>
    /// <param name="orgUnitId">Only users of this unit.</param>
    /// <param name="active">Only active (true) or deactivated (false) users.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of users.</response>
    [HttpGet]
    [RequirePermission(Permission.UsersRead)]
    [ProducesResponseType<Page<UserDto>>(StatusCodes.Status200OK)]
    public Task<Page<UserDto>> List(
        [FromQuery] string? q, [FromQuery] Guid? orgUnitId, [FromQuery] bool? active, [FromQuery] int? limit, [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        users.ListAsync(q, orgUnitId, active, limit, cursor, cancellationToken);

    /// <summary>Gets a user.</summary>
    /// <response code="200">The user.</response>
    /// <response code="404">No such user in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.UsersRead)]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    public Task<UserDto> Get(Guid id, CancellationToken cancellationToken) => users.GetAsync(id, cancellationToken);

    /// <summary>Creates a user with roles at org units (administrator at each of those units).</summary>
    /// <response code="201">The user.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller may not grant a role there.</response>
    /// <response code="404">An org unit or the deputy is not in the account.</response>
    /// <response code="409">The e-mail is taken in this account.</response>
    /// <response code="422">The account keeps the most users allowed (10,000).</response>
    [HttpPost]
    [RequirePermission(Permission.UsersWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<UserDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<UserDto>> Create([FromBody] CreateUserRequest request, CancellationToken cancellationToken)
    {
        var user = await users.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = user.Id, version = "1" }, user);
    }

    /// <summary>Changes a user: name, unit, roles (replaced as a whole), deputy, active.</summary>
    /// <response code="200">The user.</response>
    /// <response code="403">The caller may not change this user or grant a role there.</response>
    /// <response code="404">The user, a unit or the deputy is not in the account.</response>
    /// <response code="422">A rule is broken (own deputy, deactivating yourself).</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.UsersWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    public Task<UserDto> Update(Guid id, [FromBody] UpdateUserRequest request, CancellationToken cancellationToken) =>
        users.UpdateAsync(id, request, cancellationToken);

    /// <summary>Deactivates a user (users are never deleted; their API clients stop working at once).</summary>
    /// <response code="200">The deactivated user.</response>
    /// <response code="404">No such user in the account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.UsersWrite)]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    public Task<UserDto> Deactivate(Guid id, CancellationToken cancellationToken) => users.DeactivateAsync(id, cancellationToken);
}
