namespace Portal.Api.Features.Accounts.V1;

/// <summary>Customer accounts (companies) of the supplier.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/customers")]
[Produces("application/json")]
public sealed class CustomersController(CustomerService customers) : ControllerBase
{
    /// <summary>Creates a customer account with its root org unit (supplier-admin, integration).</summary>
    /// <response code="201">The account.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="409">The customer number is taken.</response>
    [HttpPost]
    [RequirePermission(Permission.CustomersCreate)]
    [Consumes("application/json")]
    [ProducesResponseType<CustomerDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CustomerDto>> Create([FromBody] CreateCustomerRequest request, CancellationToken cancellationToken)
    {
        var customer = await customers.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = customer.Id, version = "1" }, customer);
    }

    /// <summary>Lists customer accounts by number (supplier roles).</summary>
    /// <param name="q">Part of the name or number.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of accounts.</response>
    [HttpGet]
    [RequirePermission(Permission.CustomersList)]
    [ProducesResponseType<Page<CustomerDto>>(StatusCodes.Status200OK)]
    public Task<Page<CustomerDto>> List([FromQuery] string? q, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        customers.ListAsync(q, limit, cursor, cancellationToken);

    /// <summary>Gets a customer account (customer-side callers: their own only).</summary>
    /// <response code="200">The account.</response>
    /// <response code="404">No such account visible to the caller.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.CustomersRead)]
    [ProducesResponseType<CustomerDto>(StatusCodes.Status200OK)]
    public Task<CustomerDto> Get(Guid id, CancellationToken cancellationToken) => customers.GetAsync(id, cancellationToken);

    /// <summary>Changes a customer account (supplier-admin, integration).</summary>
    /// <response code="200">The account.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="404">No such account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.CustomersUpdate)]
    [Consumes("application/json")]
    [ProducesResponseType<CustomerDto>(StatusCodes.Status200OK)]
    public Task<CustomerDto> Update(Guid id, [FromBody] UpdateCustomerRequest request, CancellationToken cancellationToken) =>
        customers.UpdateAsync(id, request, cancellationToken);
}
