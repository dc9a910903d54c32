using System.Net.Http.Headers;
using Portal.Api.Features.Ordering;
using Portal.Api.Features.Webhooks;
using Portal.Api.Infrastructure.Outbound;
using Portal.Punchout.Xml;

namespace Portal.Api.Features.Punchout.Outbound;

/// <summary>
/// Posts due cXML documents to the account's <c>cxml.outboundUrl</c> (run by the outbox dispatcher, ADR 0009) and
/// records each answer on the document. Per cXML: an HTTP 2xx with a cXML Status 2xx is delivered; a 4xx (HTTP other
/// than 408/429, or cXML) is final; 5xx, timeouts, connection errors and answers that are not cXML are retried on
/// <c>Portal:Punchout:Outbound:RetrySchedule</c> (30 s, 2 min, … up to 8 h), then the document is failed. Claims
/// use a lease under <c>FOR UPDATE SKIP LOCKED</c>, so one instance attempts a document at a time.
/// </summary>
public sealed class CxmlOutboundSender(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, OutboundHttp outbound, IOptions<PortalOptions> options, TimeProvider clock,
    ILogger<CxmlOutboundSender> logger)
{
    public const int BatchSize = 10;
    private const int MaxAnswerBytes = 64 * 1024;

    private CxmlOutboundOptions Settings => options.Value.Punchout.Outbound;

    /// <summary>Claims and attempts one batch of due documents; returns how many it attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        foreach (var (id, lease) in claimed)
        {
            await AttemptAsync(id, lease, cancellationToken);
        }
        return claimed.Count;
    }

    private async Task<List<(Guid Id, DateTimeOffset Lease)>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var mode = scope.ServiceProvider.GetRequiredService<DatabaseMode>();
        // One order's documents go in the order they were made: confirmation, ship notice, invoice. A document waits
        // while an earlier one of its order is pending (retried, or being attempted), so a buyer system never gets an
        // invoice before the ship notice it follows; a failed one no longer holds the rest back.
        var (due, lease) = await LeasedClaims.ClaimAsync<OrderCxmlDocument>(db, mode,
            d => d.State == OrderCxmlDocumentStates.Pending
                && !db.OrderCxmlDocuments.Any(e => e.OrderId == d.OrderId && e.State == OrderCxmlDocumentStates.Pending && e.CreatedAt < d.CreatedAt),
            "order_cxml_documents", "state", BatchSize, clock.GetUtcNow(), Settings.Timeout + TimeSpan.FromSeconds(30), cancellationToken,
            andSql: """
                NOT EXISTS (SELECT 1 FROM order_cxml_documents earlier WHERE earlier.order_id = order_cxml_documents.order_id
                    AND earlier.state = 'pending' AND (earlier.created_at, earlier.id) < (order_cxml_documents.created_at, order_cxml_documents.id))
                """);
        return due.Select(d => (d.Id, lease)).ToList();
    }

    private async Task AttemptAsync(Guid id, DateTimeOffset lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var document = await db.OrderCxmlDocuments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || document.LockedUntil != lease)
        {
            return;
        }
        var account = await db.PunchoutAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == document.CustomerId, cancellationToken);
        var now = clock.GetUtcNow();
        var attempt = account?.CxmlOutboundUrl is not { } url
            ? new Outcome(null, null, "The account has no cxml.outboundUrl any more.", Final: true, Delivered: false)
            : await SendAsync(url, Portal.Punchout.Outbound.CxmlOutboundWriter.WithSharedSecret(document.Body,
                scope.ServiceProvider.GetRequiredService<CxmlOutboundSettings>().Secret(account)), document, cancellationToken);

        document.Attempts++;
        document.LastAttemptAt = now;
        document.LastHttpStatus = attempt.HttpStatus;
        document.LastCxmlStatus = attempt.CxmlStatus;
        document.LastStatus = Clip(attempt.Text);
        document.LockedUntil = null;
        document.AttemptLog.Add(new OrderCxmlAttempt { At = now, HttpStatus = attempt.HttpStatus, CxmlStatus = attempt.CxmlStatus, Outcome = Clip(attempt.Text) });
        if (document.AttemptLog.Count > 50)
        {
            document.AttemptLog.RemoveAt(0);
        }
        var delays = RetrySchedule.Parse(Settings.RetrySchedule);
        if (attempt.Delivered)
        {
            document.State = OrderCxmlDocumentStates.Delivered;
        }
        else if (attempt.Final || document.Attempts > delays.Count)
        {
            document.State = OrderCxmlDocumentStates.Failed;
            logger.LogWarning("cXML {Type} {PayloadId} of order {OrderId} failed after {Attempts} attempts: {Status}.",
                document.Type, document.PayloadId, document.OrderId, document.Attempts, document.LastStatus);
        }
        else
        {
            document.NextAttemptAt = clock.GetUtcNow() + RetrySchedule.DelayAfter(delays, document.Attempts, Random.Shared);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record Outcome(int? HttpStatus, int? CxmlStatus, string Text, bool Final, bool Delivered);

    private async Task<Outcome> SendAsync(string url, string body, OrderCxmlDocument document, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, new UTF8Encoding(false), "text/xml") };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Portal-cXML", "1.0"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        try
        {
            var client = httpClients.CreateClient(OutboundHttp.ClientName);
            using var response = await outbound.SendAsync(client, request, timeout.Token);
            var http = (int)response.StatusCode;
            var (code, text) = await ReadStatusAsync(response, timeout.Token);
            var answer = code is null ? $"HTTP {http}" : $"HTTP {http}, cXML {code} {text}".TrimEnd();
            logger.LogInformation("cXML {Type} {PayloadId} of order {OrderId}: {Answer}.", document.Type, document.PayloadId, document.OrderId, answer);
            return http switch
            {
                >= 200 and < 300 when code is >= 200 and < 300 => new Outcome(http, code, answer, false, true),
                >= 200 and < 300 when code is >= 400 and < 500 => new Outcome(http, code, answer, true, false),
                >= 200 and < 300 when code is null => new Outcome(http, null, answer + " (no cXML Status in the answer)", false, false),
                >= 400 and < 500 and not 408 and not 429 => new Outcome(http, code, answer, true, false),
                _ => new Outcome(http, code, answer, false, false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, null, $"No answer within {Settings.Timeout.TotalSeconds:0.#} s.", false, false);
        }
        catch (HttpRequestException e)
        {
            var refused = e as OutboundRequestRefusedException ?? e.InnerException as OutboundRequestRefusedException;
            return new Outcome(null, null, refused?.Message ?? (e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message), false, false);
        }
    }

    /// <summary>The cXML Status code and text of an answer, read safely (no DTD, size-limited); nulls when it is not cXML.</summary>
    private static async Task<(int? Code, string? Text)> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }
        if (read == 0)
        {
            return (null, null);
        }
        try
        {
            using var bytes = new MemoryStream(buffer, 0, read);
            var doc = await SafeXml.LoadAsync(bytes, cancellationToken: cancellationToken);
            var status = doc.Root?.Element("Response")?.Element("Status");
            return int.TryParse((string?)status?.Attribute("code"), out var code) ? (code, (string?)status!.Attribute("text")) : (null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not XML, not cXML, or XML we refuse to read (a DTD with entities, too deep): no cXML Status.
            return (null, null);
        }
    }

    private static string Clip(string text) => text.Length <= 500 ? text : text[..500];
}
