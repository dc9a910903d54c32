using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Pricing;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the ERP's price endpoint: answers each line with
/// <see cref="UnitPrice"/>, or slowly, or with 500, as the test sets it.
/// </summary>
public sealed class ErpStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    public ErpStub()
    {
        _app = LoopbackApp.CreateBuilder().Build();
        _app.MapPost("/prices", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _calls);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            if (Fail)
            {
                context.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
                return;
            }
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var lines = request.RootElement.GetProperty("lines").EnumerateArray().Select(l => new
            {
                sku = l.GetProperty("sku").GetString(),
                quantity = l.GetProperty("quantity").GetDecimal(),
                unitPrice = UnitPrice,
                source = "customer",
                conditionId = "ERP-LIVE",
            }).ToList();
            await context.Response.WriteAsJsonAsync(new { lines });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Url = new Uri(LoopbackApp.BaseUrl(_app) + "/prices");
        // Warm the stub up, so that its first answer is not slowed by JIT compilation.
        using var warmup = new HttpClient();
        warmup.PostAsync(Url, new StringContent("{\"lines\":[]}", System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Interlocked.Exchange(ref _calls, 0);
    }

    public Uri Url { get; }

    public decimal UnitPrice { get; set; } = 42m;

    public TimeSpan Delay { get; set; }

    public bool Fail { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
