using Portal.Api.Features.Events;

namespace Portal.Api.Features.Webhooks.V1;

/// <summary>
/// Webhooks (Standard Webhooks): signed POSTs of events to an integrator's endpoint, retried with backoff,
/// with the deliveries to inspect and redeliver. See docs/events.md.
/// </summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/webhooks")]
[Produces("application/json")]
public sealed class WebhooksController(WebhookService webhooks) : ControllerBase
{
    /// <summary>Subscribes a URL to event types; the answer holds the signing secret, which is never shown again.</summary>
    /// <remarks>
    /// Customer administrators (at the account's top unit) subscribe for their account; supplier-side
    /// clients for one account (with Portal-Customer) or for every account (without). The URL must be https
    /// in production and must not resolve to a loopback, private or link-local address unless the operator
    /// allows private networks.
    /// </remarks>
    /// <response code="201">The webhook with its secret.</response>
    /// <response code="400">A field is not valid, or the URL is not allowed (<c>urn:portal:problem:url-not-allowed</c>).</response>
    /// <response code="403">The caller is not an administrator at the account's top unit.</response>
    /// <response code="422">The account has the most webhooks allowed.</response>
    [HttpPost]
    [RequirePermission(Permission.WebhooksManage)]
    [Consumes("application/json")]
    [ProducesResponseType<CreatedWebhookDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CreatedWebhookDto>> Create([FromBody] CreateWebhookRequest request, CancellationToken cancellationToken)
    {
        var webhook = await webhooks.CreateAsync(request, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return CreatedAtAction(nameof(Get), new { id = webhook.Id, version = "1" }, webhook);
    }

    /// <summary>Lists the webhooks the caller manages.</summary>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of webhooks.</response>
    [HttpGet]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<Page<WebhookDto>>(StatusCodes.Status200OK)]
    public Task<Page<WebhookDto>> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        webhooks.ListAsync(limit, cursor, cancellationToken);

    /// <summary>The event types a webhook can subscribe to.</summary>
    /// <response code="200">The event types.</response>
    [HttpGet("event-types")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<IReadOnlyList<EventTypeDto>>(StatusCodes.Status200OK)]
    public IReadOnlyList<EventTypeDto> EventTypeList() =>
        EventTypes.Subscribable.Select(e => new EventTypeDto(e.Key, e.Value)).ToList();

    /// <summary>Gets a webhook (without its secret).</summary>
    /// <response code="200">The webhook.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<WebhookDto>(StatusCodes.Status200OK)]
    public Task<WebhookDto> Get(Guid id, CancellationToken cancellationToken) => webhooks.GetAsync(id, cancellationToken);

    /// <summary>Changes a webhook's URL, events, description or enabled flag.</summary>
    /// <response code="200">The webhook.</response>
    /// <response code="400">A field is not valid, or the URL is not allowed.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.WebhooksManage)]
    [Consumes("application/json")]
    [ProducesResponseType<WebhookDto>(StatusCodes.Status200OK)]
    public Task<WebhookDto> Update(Guid id, [FromBody] UpdateWebhookRequest request, CancellationToken cancellationToken) =>
        webhooks.UpdateAsync(id, request, cancellationToken);

    /// <summary>Deletes a webhook and its delivery history; pending deliveries are dropped.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await webhooks.DeleteAsync(id, cancellationToken);
        return NoContent();
    }

    /// <summary>Issues a new signing secret; deliveries carry both signatures until the previous secret expires (default 24 h).</summary>
    /// <response code="200">The new secret, shown this once.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    [HttpPost("{id:guid}/rotate-secret")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<RotatedWebhookSecretDto>(StatusCodes.Status200OK)]
    public async Task<RotatedWebhookSecretDto> RotateSecret(Guid id, CancellationToken cancellationToken)
    {
        var rotated = await webhooks.RotateSecretAsync(id, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return rotated;
    }

    /// <summary>Sends a <c>webhook.ping</c> event to the webhook (to test the receiver and its signature check).</summary>
    /// <response code="202">The ping's delivery; follow it in the deliveries.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    /// <response code="422">The webhook is disabled.</response>
    [HttpPost("{id:guid}/ping")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<WebhookDeliveryDto>(StatusCodes.Status202Accepted)]
    public async Task<ActionResult<WebhookDeliveryDto>> Ping(Guid id, CancellationToken cancellationToken) =>
        Accepted(await webhooks.PingAsync(id, cancellationToken));

    /// <summary>The webhook's deliveries, newest first, each with its attempts (status code, duration, error).</summary>
    /// <param name="id">The webhook.</param>
    /// <param name="status">pending, succeeded, failed or dead.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of deliveries.</response>
    /// <response code="404">No such webhook visible to the caller.</response>
    [HttpGet("{id:guid}/deliveries")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<Page<WebhookDeliveryDto>>(StatusCodes.Status200OK)]
    public Task<Page<WebhookDeliveryDto>> Deliveries(Guid id, [FromQuery] string? status, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        webhooks.ListDeliveriesAsync(id, status, limit, cursor, cancellationToken);

    /// <summary>Delivers an event again at once (also a succeeded or dead-lettered one), with one more attempt allowed.</summary>
    /// <response code="202">The delivery, pending.</response>
    /// <response code="404">No such webhook or delivery.</response>
    /// <response code="409">The delivery is being attempted right now.</response>
    [HttpPost("{id:guid}/deliveries/{deliveryId:guid}/retry")]
    [RequirePermission(Permission.WebhooksManage)]
    [ProducesResponseType<WebhookDeliveryDto>(StatusCodes.Status202Accepted)]
    public async Task<ActionResult<WebhookDeliveryDto>> Retry(Guid id, Guid deliveryId, CancellationToken cancellationToken) =>
        Accepted(await webhooks.RetryDeliveryAsync(id, deliveryId, cancellationToken));
}
