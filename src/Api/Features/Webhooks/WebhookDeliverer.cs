using System.Diagnostics;
using System.Net.Http.Headers;
using Portal.Api.Infrastructure.Outbound;

namespace Portal.Api.Features.Webhooks;

/// <summary>
/// Makes due delivery attempts. A batch of deliveries is claimed with a lease (<c>locked_until</c>, set under
/// <c>FOR UPDATE SKIP LOCKED</c>), so one instance at a time attempts them; their webhooks and event bodies are
/// read once for the batch, the HTTP calls run in parallel, and the attempts are recorded together when the batch
/// is done (a delivery whose lease was lost meanwhile is left to whoever holds it). A crashed instance's lease runs
/// out and another instance tries again: at-least-once, receivers de-duplicate by <c>webhook-id</c>.
/// </summary>
public sealed class WebhookDeliverer(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, OutboundHttp outbound, IOptions<PortalOptions> options,
    TimeProvider clock, ILogger<WebhookDeliverer> logger)
{
    public const int BatchSize = 20;
    private const int Parallelism = 8;

    private WebhookOptions Settings => options.Value.Webhooks;

    /// <summary>How long a batch is this instance's: each wave of parallel attempts may take the timeout, and 30 s more.</summary>
    private TimeSpan Lease => Settings.Timeout * ((BatchSize + Parallelism - 1) / Parallelism) + TimeSpan.FromSeconds(30);

    /// <summary>Claims and attempts one batch of due deliveries; returns how many it attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (claimed, lease, webhooks, bodies) = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var attempts = new WebhookDeliveryAttempt[claimed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) => attempts[i] = await AttemptAsync(claimed[i], webhooks.GetValueOrDefault(claimed[i].WebhookId), bodies.GetValueOrDefault(claimed[i].MessageId), token));
        await RecordAsync(claimed, lease, attempts, webhooks);
        return claimed.Count;
    }

    /// <summary>A batch of due deliveries, leased, with their webhooks and event bodies (read once for the batch).</summary>
    private async Task<(List<WebhookDelivery> Due, DateTimeOffset Lease, Dictionary<Guid, Webhook> Webhooks, Dictionary<Guid, string> Bodies)> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var mode = scope.ServiceProvider.GetRequiredService<DatabaseMode>();
        var (due, lease) = await LeasedClaims.ClaimAsync<WebhookDelivery>(db, mode, d => d.Status == DeliveryStatuses.Pending, "webhook_deliveries", "status",
            BatchSize, clock.GetUtcNow(), Lease, cancellationToken);
        if (due.Count == 0)
        {
            return (due, lease, [], []);
        }
        var webhookIds = due.Select(d => d.WebhookId).Distinct().ToList();
        var messageIds = due.Select(d => d.MessageId).Distinct().ToList();
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var bodies = await db.OutboxMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).Select(m => new { m.Id, m.Body })
            .ToDictionaryAsync(m => m.Id, m => m.Body, cancellationToken);
        return (due, lease, webhooks, bodies);
    }

    /// <summary>One HTTP attempt of a claimed delivery (nothing is written here).</summary>
    private async Task<WebhookDeliveryAttempt> AttemptAsync(WebhookDelivery claimed, Webhook? webhook, string? body, CancellationToken cancellationToken)
    {
        var attempt = new WebhookDeliveryAttempt { DeliveryId = claimed.Id, Number = claimed.AttemptCount + 1, At = clock.GetUtcNow() };
        if (webhook is null || body is null || !webhook.Enabled)
        {
            attempt.Error = "The webhook is disabled.";
        }
        else
        {
            await SendAsync(webhook, claimed, body, attempt, cancellationToken);
        }
        return attempt;
    }

    /// <summary>Records the batch's attempts and what follows from them, for the deliveries whose lease this instance still holds.</summary>
    private async Task RecordAsync(List<WebhookDelivery> claimed, DateTimeOffset lease, WebhookDeliveryAttempt[] attempts, Dictionary<Guid, Webhook> webhooks)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var ids = claimed.Select(d => d.Id).ToList();
        var current = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, CancellationToken.None);
        var finished = clock.GetUtcNow();
        var delays = RetrySchedule.Parse(Settings.RetrySchedule);
        foreach (var attempt in attempts)
        {
            if (!current.TryGetValue(attempt.DeliveryId, out var delivery) || delivery.LockedUntil != lease)
            {
                continue; // deleted with its webhook, or the lease was lost
            }
            var webhook = webhooks.GetValueOrDefault(delivery.WebhookId);
            delivery.AttemptCount = attempt.Number;
            delivery.LastStatusCode = attempt.StatusCode;
            delivery.LastError = attempt.Error;
            delivery.LockedUntil = null;
            if (attempt.Succeeded)
            {
                delivery.Status = DeliveryStatuses.Succeeded;
                delivery.CompletedAt = finished;
            }
            else if (webhook is null || !webhook.Enabled || attempt.StatusCode is >= 400 and < 500 and not 408 and not 429)
            {
                delivery.Status = DeliveryStatuses.Failed; // the receiver refused the event: retrying would not change its mind
                delivery.CompletedAt = finished;
            }
            else if (delivery.AttemptCount >= delivery.MaxAttempts)
            {
                delivery.Status = DeliveryStatuses.Dead;
                delivery.CompletedAt = finished;
                logger.LogWarning("Webhook delivery {DeliveryId} of {EventType} to webhook {WebhookId} dead-lettered after {Attempts} attempts.",
                    delivery.Id, delivery.EventType, delivery.WebhookId, delivery.AttemptCount);
            }
            else
            {
                delivery.NextAttemptAt = finished + RetrySchedule.DelayAfter(delays, delivery.AttemptCount, Random.Shared);
            }
            db.WebhookDeliveryAttempts.Add(attempt);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task SendAsync(Webhook webhook, WebhookDelivery delivery, string body, WebhookDeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        var messageId = Events.OutboxMessage.FormatId(delivery.MessageId);
        var timestamp = attempt.At.ToUnixTimeSeconds();
        var secrets = new List<string> { webhook.Secret };
        if (webhook.PreviousSecret is not null && webhook.PreviousSecretExpiresAt > attempt.At)
        {
            secrets.Add(webhook.PreviousSecret);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, new UTF8Encoding(false), "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.SignatureHeader(secrets, messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Portal-Webhooks", "1.0"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var client = httpClients.CreateClient(OutboundHttp.ClientName);
            using var response = await outbound.SendAsync(client, request, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            attempt.Succeeded = response.IsSuccessStatusCode;
            if (!attempt.Succeeded)
            {
                attempt.Error = (int)response.StatusCode is >= 300 and < 400
                    ? $"The receiver answered {(int)response.StatusCode} (redirects are not followed)."
                    : $"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.";
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt.Error = $"No answer within {Settings.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException e)
        {
            attempt.Error = Clip(Describe(e));
        }
        finally
        {
            attempt.DurationMs = (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds);
        }
        logger.LogInformation("Webhook delivery {DeliveryId} of {EventType} to webhook {WebhookId}: attempt {Attempt} {Outcome} in {DurationMs} ms.",
            delivery.Id, delivery.EventType, webhook.Id, attempt.Number, attempt.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer", attempt.DurationMs);
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is OutboundRequestRefusedException refused)
            {
                return refused.Message;
            }
        }
        return e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
    }

    private static string Clip(string text) => text.Length <= 1000 ? text : text[..1000];
}
