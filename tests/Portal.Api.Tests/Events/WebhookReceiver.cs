using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Events;

/// <summary>
/// A real webhook receiver: Kestrel on a free loopback port. Each distinct <c>webhook-id</c> is answered
/// with <see cref="FailuresPerEvent"/> times 503, then 200; every request is recorded.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, string Body, int AnsweredWith, DateTimeOffset At);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app, int failuresPerEvent, int failWith)
    {
        _app = app;
        FailuresPerEvent = failuresPerEvent;
        FailWith = failWith;
    }

    public int FailuresPerEvent { get; }

    public int FailWith { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync(int failuresPerEvent, int failWith = 503, string path = "/hooks/portal")
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var receiver = new WebhookReceiver(app, failuresPerEvent, failWith);
        app.MapGet("/redirect", () => Results.Redirect("http://127.0.0.1:1/elsewhere"));
        app.MapPost(path, async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = context.Request.Headers["webhook-id"].ToString();
            var count = receiver._seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            var status = count <= receiver.FailuresPerEvent ? receiver.FailWith : 200;
            receiver.Requests.Enqueue(new Received(id, context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(), body, status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Url = LoopbackApp.BaseUrl(app) + path;
        return receiver;
    }

    public string BaseUrl => Url[..Url.IndexOf("/hooks", StringComparison.Ordinal)];

    public List<Received> For(string eventId) => Requests.Where(r => r.Id == eventId).ToList();

    /// <summary>Verifies a Standard Webhooks signature header independently of the API's code.</summary>
    public static bool SignatureVerifies(string secret, Received request)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Body}")));
        return request.Signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
