using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Api.Features.Approvals;
using Portal.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Browser.Tests;

/// <summary>
/// The approve-by-link page in headless Chromium at phone size against a real Kestrel server on PostgreSQL
/// and Redis: it shows the order, decides on the button press (a form POST, no JavaScript), and afterwards
/// says the link has been used.
/// </summary>
public sealed class ApprovalLinkBrowserTests : IAsyncLifetime
{
    private readonly PortalApiFactory _api = new();
    private string _apiBase = null!;

    public Task InitializeAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _apiBase = $"http://127.0.0.1:{port}";
        _api.With("Portal:PublicBaseUrl", _apiBase);
        _api.UseKestrel(port);
        _api.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(390, 844)] // phone, portrait
    [InlineData(360, 640)] // small phone
    public async Task An_approver_approves_from_a_phone_and_the_link_is_used_up(int width, int height)
    {
        using var admin = await _api.CreateDemoClientAsync("acme-admin");
        using var buyer = await _api.CreateDemoClientAsync("acme-buyer");
        admin.BaseAddress = buyer.BaseAddress = new Uri(_apiBase);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?limit=200");
        var approverId = users.GetProperty("items").EnumerateArray().First(u => u.GetProperty("email").GetString()!.StartsWith("approver@", StringComparison.Ordinal)).GetProperty("id").GetGuid();
        using (var rule = await admin.PostAsJsonAsync("/api/v1/approval-rules", new { name = "Phone test", levels = new object[] { new { approverRole = "approver", userIds = new[] { approverId } } } }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }
        using var placed = await buyer.PostAsJsonAsync("/api/v1/orders", new { customerReference = "PHONE-1", lines = new[] { new { sku = "FAS-1001", quantity = 3m } } });
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("id").GetGuid();
        var approvals = await admin.GetFromJsonAsync<JsonElement>("/api/v1/approvals?status=all&limit=200");
        var approvalId = approvals.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("order").GetProperty("id").GetGuid() == orderId).GetProperty("id").GetGuid();
        // The link the approval mail carries (the mail itself is tested in Portal.Api.Tests).
        var links = _api.Services.GetRequiredService<ApprovalLinks>();
        Approval approval;
        using (var scope = _api.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Tenancy.TenantScope>().AcrossAccounts();
            approval = await scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Data.PortalDbContext>().Set<Approval>()
                .AsNoTracking().SingleAsync(a => a.Id == approvalId);
        }
        var url = links.Url(links.Create(approval, approverId, 1));
        Assert.StartsWith(_apiBase + "/approvals/decide/", url);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(), Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1")).ToContainTextAsync(order.GetProperty("number").GetString()!);
        await Expect(page.Locator("#total")).ToContainTextAsync("EUR");
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("script").CountAsync());
        // Fits the phone: nothing wider than the screen.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways on a phone.");
        var approveBox = await page.Locator("#approve").BoundingBoxAsync();
        Assert.True(approveBox!.Height >= 40, "The Approve button is too small to tap.");

        // Showing decided nothing.
        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}");
        Assert.Equal("pending-approval", before.GetProperty("status").GetString());

        await page.Locator("#approve").TapAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("You approved");
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}");
        Assert.Equal("approved", after.GetProperty("status").GetString());

        var again = await page.GotoAsync(url);
        Assert.Equal(410, again!.Status);
        await Expect(page.Locator("#message")).ToContainTextAsync("has been used");
        await Expect(page.Locator("#approve")).ToHaveCountAsync(0);
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(path), $"Chromium is needed for the browser tests at {path} (Debian package 'chromium'; test.sh installs it).");
        return path;
    }
}
