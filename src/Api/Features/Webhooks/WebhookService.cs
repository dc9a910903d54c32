using Portal.Api.Features.Accounts;
using Portal.Api.Features.Events;
using Portal.Api.Infrastructure.Outbound;

namespace Portal.Api.Features.Webhooks;

/// <summary>
/// Webhook subscriptions and their deliveries. Customer administrators manage their account's webhooks
/// (they carry every unit's events, so the role is needed at the account's top unit); supplier-side
/// clients manage webhooks across accounts (one account's with <c>Portal-Customer</c>, every account's
/// without). Another account's webhook answers 404.
/// </summary>
public sealed class WebhookService(
    PortalDbContext db, CallerContext callers, TenantScope tenant, OutboundHttp outbound, IOptions<PortalOptions> options,
    OutboxSignal signal, TimeProvider clock)
{
    public const int MaxUrlLength = 2000;
    private const int MaxEvents = 50;

    private WebhookOptions Settings => options.Value.Webhooks;

    public async Task<CreatedWebhookDto> CreateAsync(CreateWebhookRequest request, CancellationToken cancellationToken)
    {
        var (customerId, supplierSide) = await OwnerAsync(cancellationToken);
        var errors = new ValidationErrors();
        var events = ValidateEvents(errors, request.Events, customerId);
        var description = ValidateDescription(errors, request.Description);
        var url = ValidateUrlForm(errors, request.Url);
        errors.ThrowIfAny();
        await outbound.ValidateTargetAsync("url", url, cancellationToken);

        await Quotas.EnsureRoomAsync(db.Webhooks.Where(w => w.CustomerId == customerId && w.SupplierSide == supplierSide), Settings.MaxPerAccount, "An account", "webhooks", cancellationToken);
        var now = clock.GetUtcNow();
        var webhook = new Webhook
        {
            CustomerId = customerId, SupplierSide = supplierSide, Url = url!, Events = events!, Description = description,
            Secret = WebhookSigner.NewSecret(), CreatedBy = callers.Required.ClientId, CreatedAt = now, UpdatedAt = now,
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhookDto(webhook.Id, webhook.Url, webhook.Events, webhook.Description, webhook.Enabled, webhook.CustomerId, webhook.Secret, webhook.CreatedAt);
    }

    public async Task<Page<WebhookDto>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(cancellationToken);
        var take = Cursor.Limit(limit);
        var skip = Offset(cursor);
        var rows = await query.AsNoTracking().OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Skip(skip).Take(take + 1).ToListAsync(cancellationToken);
        return KeysetPaging.Cut(rows, take, _ => (skip + take).ToString(CultureInfo.InvariantCulture)).Map(ToDto);
    }

    public async Task<WebhookDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        ToDto(await FindAsync(id, tracking: false, cancellationToken));

    public async Task<WebhookDto> UpdateAsync(Guid id, UpdateWebhookRequest request, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: true, cancellationToken);
        var errors = new ValidationErrors();
        var events = request.Events is null ? null : ValidateEvents(errors, request.Events, webhook.CustomerId);
        var description = request.Description is null ? null : ValidateDescription(errors, request.Description);
        var url = request.Url is null ? null : ValidateUrlForm(errors, request.Url);
        errors.ThrowIfAny();
        if (url is not null)
        {
            await outbound.ValidateTargetAsync("url", url, cancellationToken);
            webhook.Url = url;
        }
        webhook.Events = events ?? webhook.Events;
        webhook.Description = request.Description is null ? webhook.Description : description;
        webhook.Enabled = request.Enabled ?? webhook.Enabled;
        webhook.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(webhook);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: true, cancellationToken);
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A new secret; the current one keeps signing (both signatures are sent) for the overlap.</summary>
    public async Task<RotatedWebhookSecretDto> RotateSecretAsync(Guid id, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: true, cancellationToken);
        var now = clock.GetUtcNow();
        webhook.PreviousSecret = webhook.Secret;
        webhook.PreviousSecretExpiresAt = now + Settings.SecretRotationOverlap;
        webhook.Secret = WebhookSigner.NewSecret();
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new RotatedWebhookSecretDto(webhook.Id, webhook.Secret, webhook.PreviousSecretExpiresAt.Value);
    }

    /// <summary>Sends a <c>webhook.ping</c> event to this webhook only.</summary>
    public async Task<WebhookDeliveryDto> PingAsync(Guid id, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: false, cancellationToken);
        if (!webhook.Enabled)
        {
            throw new BusinessRuleException("The webhook is disabled; enable it first.");
        }
        var now = clock.GetUtcNow();
        var message = OutboxMessage.Create(EventTypes.WebhookPing, webhook.CustomerId, now, new WebhookPingData(webhook.Id, "Ping from Portal."));
        message.DispatchedAt = message.MailedAt = now; // addressed to this webhook alone: no fan-out, no mail
        var delivery = new WebhookDelivery
        {
            WebhookId = webhook.Id, MessageId = message.Id, EventType = message.Type, MaxAttempts = MaxAttempts(), NextAttemptAt = now, CreatedAt = now,
        };
        db.OutboxMessages.Add(message);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return ToDto(delivery, message.Id);
    }

    public async Task<Page<WebhookDeliveryDto>> ListDeliveriesAsync(Guid id, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: false, cancellationToken);
        var take = Cursor.Limit(limit);
        var skip = Offset(cursor);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook.Id);
        if (!string.IsNullOrWhiteSpace(status))
        {
            var wanted = status.Trim().ToLowerInvariant();
            if (wanted is not (DeliveryStatuses.Pending or DeliveryStatuses.Succeeded or DeliveryStatuses.Failed or DeliveryStatuses.Dead))
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["status"] = ["The status is one of: pending, succeeded, failed, dead."] });
            }
            query = query.Where(d => d.Status == wanted);
        }
        var rows = await query.Include(d => d.Attempts).AsSplitQuery()
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(take + 1).ToListAsync(cancellationToken);
        return KeysetPaging.Cut(rows, take, _ => (skip + take).ToString(CultureInfo.InvariantCulture)).Map(d => ToDto(d, d.MessageId));
    }

    /// <summary>Delivers the event again: at once, with one more attempt allowed.</summary>
    public async Task<WebhookDeliveryDto> RetryDeliveryAsync(Guid id, Guid deliveryId, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(id, tracking: false, cancellationToken);
        var delivery = await db.WebhookDeliveries.Include(d => d.Attempts).FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == webhook.Id, cancellationToken)
            ?? throw new NotFoundException($"The webhook has no delivery '{deliveryId}'.");
        var now = clock.GetUtcNow();
        if (delivery.Status == DeliveryStatuses.Pending && delivery.LockedUntil > now)
        {
            throw new ConflictException("The delivery is being attempted right now. Look at its attempts in a moment.");
        }
        if (!webhook.Enabled)
        {
            throw new BusinessRuleException("The webhook is disabled; enable it first.");
        }
        delivery.Status = DeliveryStatuses.Pending;
        delivery.NextAttemptAt = now;
        delivery.MaxAttempts = delivery.AttemptCount + 1;
        delivery.CompletedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return ToDto(delivery, delivery.MessageId);
    }

    internal int MaxAttempts() => Settings.MaxAttempts ?? RetrySchedule.Parse(Settings.RetrySchedule).Count + 1;

    /// <summary>Which account a new webhook belongs to, checking the caller's authority for it.</summary>
    private async Task<(Guid? CustomerId, bool SupplierSide)> OwnerAsync(CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return (tenant.CustomerId, true);
        }
        var customerId = tenant.RequireCustomer();
        // A webhook carries the events of every unit of the account: only its top unit's administrators decide.
        await caller.RequireAccountAdministratorAsync(db, "manage the account's webhooks", cancellationToken);
        return (customerId, false);
    }

    private async Task<IQueryable<Webhook>> VisibleAsync(CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return tenant.CustomerId is { } selected ? db.Webhooks.Where(w => w.CustomerId == selected) : db.Webhooks;
        }
        var customerId = tenant.RequireCustomer();
        // A webhook carries the events of every unit of the account: only its top unit's administrators decide.
        await caller.RequireAccountAdministratorAsync(db, "manage the account's webhooks", cancellationToken);
        return db.Webhooks.Where(w => w.CustomerId == customerId && !w.SupplierSide);
    }

    private async Task<Webhook> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(cancellationToken);
        if (!tracking)
        {
            query = query.AsNoTracking();
        }
        return await query.FirstOrDefaultAsync(w => w.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No webhook has the id '{id}'.");
    }

    private static List<string>? ValidateEvents(ValidationErrors errors, IReadOnlyList<string>? events, Guid? customerId)
    {
        if (events is null || events.Count == 0)
        {
            errors.Add("events", "Subscribe to at least one event type.");
            return null;
        }
        if (events.Count > MaxEvents)
        {
            errors.Add("events", $"At most {MaxEvents} event types.");
            return null;
        }
        var result = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            var type = events[i]?.Trim() ?? string.Empty;
            if (!EventTypes.Subscribable.ContainsKey(type))
            {
                errors.Add($"events[{i}]", "Unknown event type. Known: " + string.Join(", ", EventTypes.Subscribable.Keys) + ".");
                continue;
            }
            if (type == EventTypes.PriceConditionsChanged && customerId is not null)
            {
                errors.Add($"events[{i}]", "price.conditions_changed concerns every account: only supplier-side webhooks without Portal-Customer receive it.");
                continue;
            }
            if (!result.Contains(type))
            {
                result.Add(type);
            }
        }
        return result;
    }

    private static string? ValidateDescription(ValidationErrors errors, string? description)
    {
        var value = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (value is { Length: > 500 })
        {
            errors.Add("description", "The description has at most 500 characters.");
        }
        return value;
    }

    private static string? ValidateUrlForm(ValidationErrors errors, string? url)
    {
        var value = url?.Trim();
        if (string.IsNullOrEmpty(value) || !Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            errors.Add("url", "An absolute http(s) URL is required.");
            return null;
        }
        if (value.Length > MaxUrlLength)
        {
            errors.Add("url", $"The URL has at most {MaxUrlLength} characters.");
            return null;
        }
        return value;
    }

    private static int Offset(string? cursor)
    {
        var decoded = Cursor.Decode(cursor);
        if (decoded is null)
        {
            return 0;
        }
        return int.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
    }

    private WebhookDto ToDto(Webhook w) => new(
        w.Id, w.Url, w.Events, w.Description, w.Enabled, w.CustomerId,
        w.PreviousSecretExpiresAt > clock.GetUtcNow() ? w.PreviousSecretExpiresAt : null, w.CreatedAt, w.UpdatedAt);

    internal static WebhookDeliveryDto ToDto(WebhookDelivery d, Guid messageId) => new(
        d.Id, OutboxMessage.FormatId(messageId), d.EventType, d.Status, d.AttemptCount, d.MaxAttempts,
        d.Status == DeliveryStatuses.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.LastError, d.CreatedAt, d.CompletedAt,
        d.Attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptDto(a.Number, a.At, a.StatusCode, a.DurationMs, a.Error, a.Succeeded)).ToList());
}
