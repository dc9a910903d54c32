using System.Diagnostics;

namespace Portal.Client;

/// <summary>
/// Settings of one call, accepted by every operation (the last parameter before the cancellation token):
/// the customer account to act for, an idempotency key, an entity tag for <c>If-Match</c>, a timeout.
/// </summary>
/// <example>
/// <code>
/// var prices = await portal.Pricing.CalculateAsync(request, new PortalRequestOptions { CustomerId = otherAccountId });
/// </code>
/// </example>
public sealed class PortalRequestOptions
{
    /// <summary>
    /// The customer account to act for (sent as <c>Portal-Customer</c>), instead of
    /// <see cref="PortalClientOptions.CustomerId"/>. Only supplier-side clients may choose an account.
    /// </summary>
    public string? CustomerId { get; set; }

    /// <summary>
    /// The <c>Idempotency-Key</c> of a changing call. Without one the client generates a key per call (so its own
    /// retries are safe); set your own to make a retry of yours (after a crash, say) safe too.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// An entity tag (as read from <see cref="PortalResponse.ETag"/>): the change is made only if the resource
    /// still has it; otherwise the call fails with a <see cref="PortalApiException"/> of status 412.
    /// </summary>
    public string? IfMatch { get; set; }

    /// <summary><c>If-None-Match</c>; <c>*</c> creates a resource only if it does not exist yet.</summary>
    public string? IfNoneMatch { get; set; }

    /// <summary>
    /// The time limit of this call, retries included (at most the client's <see cref="PortalClientOptions.Timeout"/>).
    /// When it passes the call fails with a <see cref="TimeoutException"/>.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Adds the settings of a call to its request; an explicit operation parameter (already set) wins.</summary>
    internal static void ApplyTo(HttpRequestMessage request, PortalRequestOptions? options)
    {
        if (options is not null)
        {
            if (!string.IsNullOrWhiteSpace(options.CustomerId))
            {
                request.Headers.Remove(PortalClientOptions.CustomerHeaderName);
                request.Headers.TryAddWithoutValidation(PortalClientOptions.CustomerHeaderName, options.CustomerId);
            }
            AddIfAbsent(request, "Idempotency-Key", options.IdempotencyKey);
            AddIfAbsent(request, "If-Match", options.IfMatch);
            AddIfAbsent(request, "If-None-Match", options.IfNoneMatch);
        }

        // W3C trace context: the caller's current activity (or the client's own) continues on the server.
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && !request.Headers.Contains("traceparent"))
        {
            request.Headers.TryAddWithoutValidation("traceparent", activity.Id);
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                request.Headers.TryAddWithoutValidation("tracestate", activity.TraceStateString);
            }
        }
    }

    private static void AddIfAbsent(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !request.Headers.Contains(name))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
