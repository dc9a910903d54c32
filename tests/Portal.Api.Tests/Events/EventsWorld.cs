using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Events;

/// <summary>
/// The demo data on PostgreSQL and Redis with short retry schedules, private networks allowed (the
/// receivers listen on loopback), a real SMTP server, and a second API instance on the same database.
/// </summary>
public sealed class EventsWorld : PortalApiFactory
{
    public EventsWorld()
    {
        Smtp = new SmtpSink();
        With("Portal:Outbound:AllowPrivateNetworks", "true");
        With("Portal:Webhooks:RetrySchedule", "300ms,300ms,300ms");
        With("Portal:Outbox:PollInterval", "00:00:00.200");
        With("Portal:Smtp:Host", "127.0.0.1");
        With("Portal:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Portal:Smtp:UseTls", "false");
        With("Portal:Smtp:From", "Portal <orders@supplier.example>");
    }

    public SmtpSink Smtp { get; }

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient AcmeAdmin { get; private set; } = null!;
    public HttpClient Buyer { get; private set; } = null!;
    public Guid BuyerId { get; private set; }

    /// <summary>A second instance on the same PostgreSQL database and Redis.</summary>
    public PortalApiFactory Second { get; private set; } = null!;
    public HttpClient SecondBuyer { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        AcmeAdmin = await CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[0].ClientId);
        Buyer = await CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId);
        BuyerId = (await HttpAssert.OkJsonAsync(await Buyer.GetAsync("/api/v1/me"))).GetProperty("user").GetProperty("id").GetGuid();
        Second = CreateSecondInstance();
        SecondBuyer = await Second.CreateClientWithTokenAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId, DemoSecret(DemoDataSeeder.DemoCustomerClients[1].ClientId));
    });

    public static async Task<JsonElement> PlaceOrderAsync(HttpClient client, string reference)
    {
        var response = await client.PostAsJsonAsync("/api/v1/orders", new { customerReference = reference, lines = new[] { new { sku = "FAS-1001", quantity = 12m }, new { sku = "TOL-1001", quantity = 1m } } });
        return await HttpAssert.OkJsonAsync(response, System.Net.HttpStatusCode.Created);
    }

    /// <summary>Polls until the condition holds (background delivery is asynchronous); fails after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
