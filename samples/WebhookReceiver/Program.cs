// A minimal webhook receiver for Portal: verifies every request with the SDK's WebhookVerifier (Standard
// Webhooks signature, timestamp within 5 minutes), de-duplicates by event id (delivery is at least once),
// prints the event and answers 204. A request that does not verify is answered 400 and printed as rejected.
//
//   dotnet run --project samples/WebhookReceiver -- --urls http://127.0.0.1:5198 --secret whsec_...
//
// Subscribe it with POST /api/v1/webhooks { "url": "http://127.0.0.1:5198/webhooks/portal", ... } (the API
// must allow private networks for a local URL: Portal:Outbound:AllowPrivateNetworks=true). During a secret
// rotation pass the old secret as --previous-secret.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Portal.Client.Webhooks;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);

var secret = builder.Configuration["secret"] ?? Environment.GetEnvironmentVariable("PORTAL_WEBHOOK_SECRET");
if (string.IsNullOrWhiteSpace(secret))
{
    Console.Error.WriteLine("Pass the webhook's secret: --secret whsec_... (or PORTAL_WEBHOOK_SECRET).");
    return 2;
}
var previous = builder.Configuration["previous-secret"];
var verifier = previous is null ? new WebhookVerifier(secret) : new WebhookVerifier(secret, previous);
var seen = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);

var app = builder.Build();
app.MapPost("/webhooks/portal", async (HttpRequest request) =>
{
    // Read the raw body first: the signature covers these exact bytes.
    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    WebhookEvent received;
    try
    {
        received = verifier.Verify(body, request.Headers[WebhookVerifier.IdHeader], request.Headers[WebhookVerifier.TimestampHeader], request.Headers[WebhookVerifier.SignatureHeader]);
    }
    catch (WebhookVerificationException e)
    {
        Console.WriteLine($"rejected {request.Headers[WebhookVerifier.IdHeader]}: {e.Message}");
        return Results.BadRequest();
    }
    if (!seen.TryAdd(received.Id, DateTimeOffset.UtcNow))
    {
        Console.WriteLine($"duplicate {received.Id} ignored");
        return Results.NoContent();
    }
    Console.WriteLine($"verified {received.Type} {received.Id}: {Describe(received)}");
    return Results.NoContent();
});
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}; POST /webhooks/portal"));
await app.RunAsync();
return 0;

static string Describe(WebhookEvent e) => e.Type switch
{
    WebhookEventTypes.OrderSubmitted => e.GetData<OrderSubmittedEvent>() is var o
        ? $"order {o.Number} ({o.Lines.Count} lines, {o.Total.ToString("0.00", CultureInfo.InvariantCulture)} {o.Currency}, reference {o.CustomerReference ?? "-"})"
        : string.Empty,
    WebhookEventTypes.OrderStatusChanged => e.GetData<OrderStatusChangedEvent>() is var s
        ? $"order {s.Number}: {s.From} -> {s.To}{(s.TrackingNumber is null ? "" : $" (tracking {s.Carrier} {s.TrackingNumber})")}"
        : string.Empty,
    WebhookEventTypes.OrderCancelled => e.GetData<OrderCancelledEvent>() is var c ? $"order {c.Number} cancelled: {c.Reason ?? "-"}" : string.Empty,
    WebhookEventTypes.CustomerUpdated => e.GetData<CustomerUpdatedEvent>() is var a ? $"customer {a.Number} {a.Name}" : string.Empty,
    WebhookEventTypes.UserCreated => e.GetData<UserCreatedEvent>() is var u ? $"user {u.Email}" : string.Empty,
    WebhookEventTypes.PriceConditionsChanged => e.GetData<PriceConditionsChangedEvent>() is var p ? $"{p.Created} created, {p.Updated} updated, {p.Deleted} deleted" : string.Empty,
    WebhookEventTypes.WebhookPing => e.GetData<WebhookPingEvent>().Message,
    _ => e.Data.GetRawText(),
};
