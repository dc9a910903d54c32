using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;
using Portal.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Browser.Tests;

/// <summary>
/// The whole punchout in headless Chromium against a real Kestrel server on PostgreSQL and Redis: a
/// setup request, the StartPage, search, add, transfer, and the cart arriving at a local receiver that
/// stands in for the buyer's procurement system.
/// </summary>
public sealed class PunchoutBrowserTests : IAsyncLifetime
{
    private const string Secret = "browser-punchout-secret";
    private const string Identity = "AN-BROWSER-TEST";
    private readonly PortalApiFactory _api = new();
    private WebApplication _receiver = null!;
    private readonly TaskCompletionSource<IFormCollection> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _apiBase = null!;
    private string _receiverBase = null!;

    public async Task InitializeAsync()
    {
        // The buyer system: takes the form post and shows a page, as Ariba's or Coupa's return URL would.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/buyer/return", async (HttpContext context) =>
        {
            _received.TrySetResult(await context.Request.ReadFormAsync());
            return Results.Content("<!DOCTYPE html><html lang=\"en\"><title>Buyer</title><h1>Cart received</h1></html>", "text/html");
        });
        await _receiver.StartAsync();
        _receiverBase = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var port = FreePort();
        _apiBase = $"http://127.0.0.1:{port}";
        _api.With("Portal:PublicBaseUrl", _apiBase);
        _api.UseKestrel(port);
        _api.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(path), $"Chromium is needed for the browser tests at {path} (Debian package 'chromium'; test.sh installs it).");
        return path;
    }

    [Theory]
    [InlineData(1280, 800)]  // laptop
    [InlineData(768, 1024)]  // tablet, portrait
    public async Task A_buyer_searches_adds_and_transfers_and_the_buyer_system_gets_a_valid_cart(int width, int height)
    {
        var admin = await _api.CreateClientWithTokenAsync();
        var acme = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/customers?q=Acme")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var put = await admin.PutAsJsonAsync($"/api/v1/customers/{acme}/punchout", new
        {
            cxml = new { credentials = new[] { new { domain = "NetworkID", identity = Identity } }, sharedSecret = Secret, allowedReturnUrls = new[] { _receiverBase + "/buyer" } },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var setup = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
            <cXML payloadID="{Guid.NewGuid():N}@buyer.example" timestamp="2026-11-30T10:15:00+01:00">
              <Header>
                <From><Credential domain="NetworkID"><Identity>{Identity}</Identity></Credential></From>
                <To><Credential domain="NetworkID"><Identity>AN-PORTAL</Identity></Credential></To>
                <Sender><Credential domain="NetworkID"><Identity>{Identity}</Identity><SharedSecret>{Secret}</SharedSecret></Credential><UserAgent>Browser test</UserAgent></Sender>
              </Header>
              <Request><PunchOutSetupRequest operation="create">
                <BuyerCookie>browser-cookie-{width}</BuyerCookie>
                <Extrinsic name="UserEmail">buyer@acme.example</Extrinsic>
                <BrowserFormPost><URL>{_receiverBase}/buyer/return</URL></BrowserFormPost>
              </PunchOutSetupRequest></Request>
            </cXML>
            """;
        using var http = new HttpClient { BaseAddress = new Uri(_apiBase) };
        var answer = CxmlReader.Read(await (await http.PostAsync("/punchout/cxml", new StringContent(setup, Encoding.UTF8, "text/xml"))).Content.ReadAsStringAsync());
        Assert.Equal(200, answer.Response!.Status.Code);
        var startPage = ((PunchOutSetupResponse)answer.Response.Body!).StartPageUrl;
        Assert.StartsWith(_apiBase + "/punchout/session/", startPage);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(), Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        // Errors on Portal's pages only (the stand-in buyer page has no favicon, and that is not ours to fix).
        page.Console += (_, message) => { if (message.Type == "error" && page.Url.StartsWith(_apiBase, StringComparison.Ordinal)) consoleErrors.Add(message.Text + " " + page.Url); };

        await page.GotoAsync(startPage);
        await Expect(page).ToHaveURLAsync(new Regex("/punchout/session/catalog$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Catalog");

        await page.GetByLabel("Search products").FillAsync("FAS-1001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var card = page.Locator(".card").Filter(new() { HasText = "FAS-1001" }).First;
        await Expect(card).ToBeVisibleAsync();
        await card.GetByLabel(new Regex("^Quantity of")).FillAsync("12");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/punchout/session/cart"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to your cart");
        await Expect(page.Locator("#cart-total")).ToContainTextAsync("EUR");

        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer cart to your procurement system" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cart received" })).ToBeVisibleAsync();

        var form = await _received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(form["cXML-base64"].ToString()));
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal($"browser-cookie-{width}", message.BuyerCookie);
        var item = Assert.Single(message.Items);
        Assert.Equal("FAS-1001", item.ItemId.SupplierPartId);
        Assert.Equal(12m, item.Quantity);

        // The price in the cart is Acme's price for 12 (the fasteners tier), as the REST API calculates it.
        var buyer = await _api.CreateDemoClientAsync("acme-buyer");
        var priced = await (await buyer.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku = "FAS-1001", quantity = 12 } } }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(priced.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal(), item.Detail.UnitPrice.Amount);
        Assert.Empty(consoleErrors);
    }
}
