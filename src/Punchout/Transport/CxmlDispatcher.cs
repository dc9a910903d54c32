using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>
/// The cXML transport: admits a request (rate limit, media type, size), reads the document with the hardened
/// reader inside the time budget, authenticates the sender, finds the handler by request type and writes its
/// answer. Every failure becomes a cXML Status (never HTML or a problem document); the document itself is
/// never logged, since it carries the shared secret.
/// </summary>
public sealed class CxmlDispatcher(IOptions<CxmlTransportOptions> options, IEnumerable<CxmlHandlerRegistration> registrations, ILoggerFactory loggers)
{
    private readonly CxmlTransportOptions _options = options.Value;
    private readonly Dictionary<Type, CxmlHandlerRegistration> _handlers = registrations.ToDictionary(r => r.RequestType);
    private readonly IReadOnlyList<string> _supported = registrations.Select(r => r.Name).ToList();
    private readonly ILogger _logger = loggers.CreateLogger("Portal.Punchout.Cxml");

    /// <summary>Serves one POST of a cXML document.</summary>
    /// <param name="context">The HTTP exchange.</param>
    /// <param name="baseUrl">The public base URL of the installation (no trailing slash).</param>
    /// <param name="endpointUrl">The public URL of this endpoint.</param>
    /// <param name="limiter">Bounds unauthenticated traffic (per address); null for none.</param>
    public async Task HandleAsync(HttpContext context, string baseUrl, string endpointUrl, PartitionedRateLimiter<HttpContext>? limiter = null)
    {
        var host = new Uri(endpointUrl).Host;
        using var lease = limiter is null ? null : await limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (lease is { IsAcquired: false })
        {
            // cXML has no "too many requests": a transient 560 tells the buyer system to send again later.
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            await WriteAsync(context, StatusCodes.Status429TooManyRequests, CxmlResponses.Status(
                CxmlStatusException.StatusFor(560, $"Too many requests from this address; send again in {retry} seconds."), host), cache: false);
            return;
        }

        var answer = await AnswerAsync(context, baseUrl, endpointUrl, host);
        var code = answer.Response?.Status.Code ?? 200;
        await WriteAsync(context, CxmlStatusException.HttpStatusFor(code), answer, cache: true);
    }

    private async Task<CxmlDocument> AnswerAsync(HttpContext context, string baseUrl, string endpointUrl, string host)
    {
        string? payloadId = null;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        budget.CancelAfter(_options.TimeBudget);
        try
        {
            var (document, attachments) = await ReadAsync(context, budget.Token);
            payloadId = document.PayloadId;
            var answer = await DispatchAsync(context.RequestServices, document, attachments, baseUrl, endpointUrl, budget.Token);
            _logger.LogInformation("cXML {Request} {PayloadId} answered {Code}", document.Request?.GetType().Name ?? "document", payloadId, answer.Response?.Status.Code);
            return answer;
        }
        catch (CxmlFormatException ex)
        {
            _logger.LogInformation("cXML refused ({Code}): {Reason}", ex.StatusCode, ex.Message);
            return CxmlResponses.Status(CxmlStatusException.StatusFor(ex.StatusCode, ex.Message), host);
        }
        catch (CxmlStatusException ex)
        {
            _logger.LogInformation("cXML {PayloadId} refused ({Code}): {Reason}", payloadId, ex.Code, ex.Message);
            return CxmlResponses.Status(CxmlStatusException.StatusFor(ex.Code, ex.Message), host);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            _logger.LogWarning("cXML {PayloadId} took longer than {Budget}; answered 560", payloadId, _options.TimeBudget);
            return CxmlResponses.Status(CxmlStatusException.StatusFor(560, "The request took too long and nothing was changed; send it again."), host);
        }
        catch (Exception ex) when (_options.IsTransient(ex) && !context.RequestAborted.IsCancellationRequested)
        {
            // The database dropped out and the retries did not help: nothing was changed (the host commits an
            // effect and its receipt together), so the buyer's re-send is safe.
            _logger.LogWarning(ex, "cXML {PayloadId}: the database was unavailable; answered 560", payloadId);
            context.Response.Headers.RetryAfter = "1";
            return CxmlResponses.Status(CxmlStatusException.StatusFor(560, "The service is briefly unavailable and nothing was changed; send the document again."), host);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Logged with the payload id, never the document (it carries the shared secret).
            _logger.LogError(ex, "cXML {PayloadId} failed", payloadId);
            return CxmlResponses.Status(CxmlStatusException.StatusFor(500,
                $"Portal could not process the request; send it again later. Request id: {context.TraceIdentifier}"), host);
        }
    }

    /// <summary>The most attachments a multipart/related document may carry.</summary>
    public const int MaxAttachments = CxmlMultipart.MaxAttachments;

    /// <summary>Media type and size checks, then the hardened reader (the first part of a multipart/related body).</summary>
    private async Task<(CxmlDocument Document, IReadOnlyList<CxmlAttachment> Attachments)> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        // Lenient: buyer systems' HTTP adapters also send XML as text/plain, application/octet-stream, a form type or
        // without a media type; the body is read as XML (a body that is not XML answers 406). JSON and others are refused.
        if (mediaType is not ("text/xml" or "application/xml" or "multipart/related" or null or "" or "text/plain" or "application/octet-stream"
            or "application/x-www-form-urlencoded") && mediaType?.EndsWith("+xml", StringComparison.Ordinal) != true)
        {
            throw new CxmlStatusException(400, "Send the cXML document as text/xml or application/xml (multipart/related with attachments).");
        }
        var tooLarge = $"The document is larger than {_options.MaxDocumentBytes / 1024 / 1024} MB.";
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _options.MaxDocumentBytes;
        }
        if (context.Request.ContentLength > _options.MaxDocumentBytes)
        {
            throw new CxmlStatusException(406, tooLarge);
        }
        try
        {
            return mediaType == "multipart/related"
                ? await CxmlMultipart.ReadAsync(context.Request, cancellationToken)
                : (await CxmlReader.ReadAsync(context.Request.Body, Charset(context.Request.ContentType), cancellationToken), []);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new CxmlStatusException(406, tooLarge);
        }
    }

    private static string? Charset(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
            ? Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset).Value
            : null;

    private async Task<CxmlDocument> DispatchAsync(IServiceProvider services, CxmlDocument document, IReadOnlyList<CxmlAttachment> attachments,
        string baseUrl, string endpointUrl, CancellationToken cancellationToken)
    {
        if (document.Request is null && document.Message is not null)
        {
            throw new CxmlStatusException(450, "PunchOutOrderMessage is not implemented by Portal: it goes to the buyer system, not to the supplier.");
        }
        if (document.Request is null)
        {
            throw new CxmlStatusException(400, $"Portal takes cXML requests here ({string.Join(", ", _supported)}); this document has no Request.");
        }
        var sender = await services.GetRequiredService<ICxmlSenderAuthenticator>().AuthenticateAsync(document.Header, cancellationToken);
        if (!_handlers.TryGetValue(document.Request.GetType(), out var registration))
        {
            throw new CxmlStatusException(450, document.Request is UnsupportedRequest unsupported
                ? $"{unsupported.ElementName} is not implemented by Portal."
                : "This request is not implemented by Portal.");
        }
        var handler = (ICxmlRequestHandler)services.GetRequiredService(registration.HandlerType);
        return await handler.HandleAsync(new CxmlRequestContext(document, sender, baseUrl, endpointUrl, _supported, attachments), cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, int httpStatus, CxmlDocument answer, bool cache)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "text/xml; charset=utf-8";
        if (cache)
        {
            context.Response.Headers.CacheControl = "no-store";
        }
        await context.Response.Body.WriteAsync(CxmlWriter.WriteToUtf8Bytes(answer), CancellationToken.None);
    }
}
