namespace Portal.Api.Features.Quotes.V1;

/// <summary>Quotes: the customer's requests and answers, the sales desk's offers (docs/quotes.md).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}")]
[Produces("application/json")]
public sealed class QuotesController(QuoteService quotes, QuoteDeskService desk) : ControllerBase
{
    /// <summary>Requests a quote from a cart or from lines (each with an optional target price).</summary>
    /// <remarks>The quote starts as <c>requested</c>, version 0; <c>quote.requested</c> is published (the CRM hook).</remarks>
    /// <response code="201">The quote.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="404">The cart is not the caller's.</response>
    /// <response code="422">The cart is empty.</response>
    [HttpPost("quote-requests")]
    [RequirePermission(Permission.QuotesRequest)]
    [Consumes("application/json")]
    [RequestSizeLimit(1024 * 1024)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<QuoteDto>> RequestQuote([FromBody] CreateQuoteRequest request, CancellationToken cancellationToken)
    {
        var quote = await quotes.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = quote.Id, version = "1" }, quote);
    }

    /// <summary>Lists quotes, oldest first. The sales desk's queue is <c>?status=requested</c> across accounts (without Portal-Customer).</summary>
    /// <param name="status">One status or several, comma-separated (requested, in-progress, offered, accepted, declined, expired, withdrawn).</param>
    /// <param name="from">Quotes requested at or after this time.</param>
    /// <param name="to">Quotes requested before this time.</param>
    /// <param name="requesterId">Quotes of this user.</param>
    /// <param name="customerId">Quotes of this account (sales desk).</param>
    /// <param name="minAgeHours">Quotes requested at least this many hours ago.</param>
    /// <param name="minValue">Quotes worth at least this much (the latest offer's total, or the request at the account's prices).</param>
    /// <param name="maxValue">Quotes worth at most this much.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of quotes.</response>
    /// <response code="400">A filter is not valid.</response>
    [HttpGet("quotes")]
    [RequirePermission(Permission.QuotesRead)]
    [ProducesResponseType<Page<QuoteSummaryDto>>(StatusCodes.Status200OK)]
    public Task<Page<QuoteSummaryDto>> List(
        [FromQuery] string? status, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] Guid? requesterId,
        [FromQuery] Guid? customerId, [FromQuery] int? minAgeHours, [FromQuery] decimal? minValue, [FromQuery] decimal? maxValue,
        [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        quotes.ListAsync(new QuoteFilter(status, from, to, requesterId, customerId, minAgeHours, minValue, maxValue, limit, cursor), cancellationToken);

    /// <summary>Gets a quote with its lines, every sent version and its full history.</summary>
    /// <response code="200">The quote.</response>
    /// <response code="400">A supplier-side caller did not name the account (Portal-Customer).</response>
    /// <response code="404">No such quote visible to the caller.</response>
    [HttpGet("quotes/{id:guid}")]
    [RequirePermission(Permission.QuotesRead)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Get(Guid id, CancellationToken cancellationToken) => quotes.GetAsync(id, cancellationToken);

    /// <summary>The PDF of a sent version.</summary>
    /// <response code="200">The PDF.</response>
    /// <response code="404">No such quote or version visible to the caller.</response>
    [HttpGet("quotes/{id:guid}/versions/{number:int}/pdf")]
    [RequirePermission(Permission.QuotesRead)]
    [Produces("application/pdf")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> Pdf(Guid id, int number, CancellationToken cancellationToken)
    {
        var (content, fileName) = await quotes.PdfAsync(id, number, cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return File(content, "application/pdf", fileName);
    }

    /// <summary>Accepts the latest sent version into an order at exactly the quoted prices. Send an Idempotency-Key header.</summary>
    /// <remarks>
    /// The order goes through budgets and approvals like any other. Refused with 409 after <c>validUntil</c>
    /// (<c>quote-expired</c>), for a version that is not the latest sent one (<c>quote-superseded</c>), when
    /// accepted already or not offered (<c>conflict</c>), and when a block budget would be exceeded (<c>budget-exceeded</c>).
    /// </remarks>
    /// <response code="201">The order.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="403">The caller is neither the requester nor an administrator at the quote's unit.</response>
    /// <response code="404">No such quote (or version, or delivery address) visible to the caller.</response>
    /// <response code="409">Expired, superseded, accepted already, not offered, or a budget refuses it.</response>
    /// <response code="422">The key was used for another request.</response>
    [HttpPost("quotes/{id:guid}/accept")]
    [RequirePermission(Permission.QuotesRequest)]
    [ProducesResponseType<AcceptQuoteResult>(StatusCodes.Status201Created)]
    public async Task<ActionResult<AcceptQuoteResult>> Accept(Guid id, [FromBody] AcceptQuoteRequest? request, CancellationToken cancellationToken)
    {
        var result = await quotes.AcceptAsync(id, request, cancellationToken);
        return Created($"/api/v1/orders/{result.OrderId}", result);
    }

    /// <summary>Declines the offer (a reason is required).</summary>
    /// <response code="200">The quote.</response>
    /// <response code="400">No reason.</response>
    /// <response code="403">The caller is neither the requester nor an administrator at the quote's unit.</response>
    /// <response code="404">No such quote visible to the caller.</response>
    /// <response code="409">Not offered, or expired.</response>
    [HttpPost("quotes/{id:guid}/decline")]
    [RequirePermission(Permission.QuotesRequest)]
    [Consumes("application/json")]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Decline(Guid id, [FromBody] DeclineQuoteRequest request, CancellationToken cancellationToken) =>
        quotes.DeclineAsync(id, request, cancellationToken);

    /// <summary>Asks for a new version (a comment is required): the quote goes back to in-progress.</summary>
    /// <response code="200">The quote.</response>
    /// <response code="400">No comment.</response>
    /// <response code="403">The caller is neither the requester nor an administrator at the quote's unit.</response>
    /// <response code="404">No such quote visible to the caller.</response>
    /// <response code="409">Not offered, or expired.</response>
    [HttpPost("quotes/{id:guid}/revise")]
    [RequirePermission(Permission.QuotesRequest)]
    [Consumes("application/json")]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Revise(Guid id, [FromBody] ReviseQuoteRequest request, CancellationToken cancellationToken) =>
        quotes.ReviseAsync(id, request, cancellationToken);

    /// <summary>Sales desk: takes a requested quote (or takes over one in progress).</summary>
    /// <response code="200">The quote, with the draft started from the request.</response>
    /// <response code="400">No account named (Portal-Customer).</response>
    /// <response code="404">No such quote in the account.</response>
    /// <response code="409">The quote is not requested or in progress.</response>
    [HttpPost("quotes/{id:guid}/claim")]
    [RequirePermission(Permission.QuotesManage)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Claim(Guid id, CancellationToken cancellationToken) => desk.ClaimAsync(id, cancellationToken);

    /// <summary>Sales desk: edits the draft of the next version (lines with unit price, lead time and note; validity; note).</summary>
    /// <response code="200">The quote with its draft.</response>
    /// <response code="400">The request is not valid, or no account named.</response>
    /// <response code="404">No such quote in the account.</response>
    /// <response code="409">The quote is not in progress.</response>
    [HttpPatch("quotes/{id:guid}")]
    [RequirePermission(Permission.QuotesManage)]
    [Consumes("application/json")]
    [RequestSizeLimit(1024 * 1024)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Update(Guid id, [FromBody] UpdateQuoteRequest request, CancellationToken cancellationToken) =>
        desk.UpdateAsync(id, request, cancellationToken);

    /// <summary>Sales desk: sends the draft as the next version (immutable); the quote becomes offered and the requester gets it by mail with the PDF.</summary>
    /// <response code="200">The quote.</response>
    /// <response code="400">No account named.</response>
    /// <response code="404">No such quote in the account.</response>
    /// <response code="409">The quote is not in progress.</response>
    /// <response code="422">The draft has no lines or no future validUntil.</response>
    [HttpPost("quotes/{id:guid}/send")]
    [RequirePermission(Permission.QuotesManage)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Send(Guid id, CancellationToken cancellationToken) => desk.SendAsync(id, cancellationToken);

    /// <summary>Sales desk: withdraws the quote (any state but a final one).</summary>
    /// <response code="200">The quote.</response>
    /// <response code="400">No account named.</response>
    /// <response code="404">No such quote in the account.</response>
    /// <response code="409">The quote is accepted, declined, expired or withdrawn already.</response>
    [HttpPost("quotes/{id:guid}/withdraw")]
    [RequirePermission(Permission.QuotesManage)]
    [ProducesResponseType<QuoteDto>(StatusCodes.Status200OK)]
    public Task<QuoteDto> Withdraw(Guid id, [FromBody] WithdrawQuoteRequest? request, CancellationToken cancellationToken) =>
        desk.WithdrawAsync(id, request, cancellationToken);
}
