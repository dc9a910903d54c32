using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Punchout.Outbound;

/// <summary>
/// A buyer system's cXML endpoint: Kestrel on a free loopback port. <c>/cxml</c> answers each new payloadID 503
/// once, then HTTP 200 with cXML Status 200; <c>/refuse</c> answers HTTP 400 with cXML Status 400. Everything is recorded.
/// </summary>
public sealed class CxmlReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, string Query, string Body, int AnsweredWith)
    {
        public XDocument Xml => XDocument.Parse(Body);

        public string PayloadId => (string)Xml.Root!.Attribute("payloadID")!;

        public string RequestName => Xml.Root!.Element("Request")!.Elements().First().Name.LocalName;
    }

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    private CxmlReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<CxmlReceiver> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var receiver = new CxmlReceiver(app);
        app.MapPost("/{path}", async (string path, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var payloadId = (string?)XDocument.Parse(body).Root?.Attribute("payloadID") ?? "";
            var count = receiver._seen.AddOrUpdate(payloadId, 1, (_, n) => n + 1);
            var (http, code, text) = path == "refuse" ? (400, 400, "Bad Request") : count == 1 ? (503, 0, "") : (200, 200, "OK");
            receiver.Requests.Enqueue(new Received(path, context.Request.QueryString.Value ?? "", body, http));
            return code == 0
                ? Results.StatusCode(http)
                : Results.Text($"""<?xml version="1.0"?><cXML payloadID="r.{count}@buyer" timestamp="2026-12-05T10:00:00+00:00"><Response><Status code="{code}" text="{text}"/></Response></cXML>""",
                    "text/xml", Encoding.UTF8, http);
        });
        await app.StartAsync();
        receiver.BaseUrl = LoopbackApp.BaseUrl(app);
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the requests received (at most 30 s).</summary>
    public async Task<List<Received>> WaitAsync(Func<List<Received>, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            var all = Requests.ToList();
            if (done(all))
            {
                return all;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The receiver did not get the expected documents: " + string.Join(", ", Requests.Select(r => $"{r.RequestName} {r.AnsweredWith}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
