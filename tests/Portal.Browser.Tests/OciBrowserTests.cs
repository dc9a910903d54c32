using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Browser.Tests;

/// <summary>
/// SAP OCI in headless Chromium against a real Kestrel server on PostgreSQL and Redis: the buyer system's browser
/// form posts the OCI call, the buyer shops on the catalog pages, and the cart arrives at the allowlisted HOOK_URL
/// (a local receiver standing in for SAP SRM) as NEW_ITEM fields in the OCI 4.0 formats; a HOOK_URL outside the
/// allowlist is refused and nothing arrives.
/// </summary>
public sealed class OciBrowserTests : IAsyncLifetime
{
    private const string Username = "SAP-BROWSER";
    private const string Password = "sap-browser-password";
    private readonly PortalApiFactory _api = new();
    private WebApplication _receiver = null!;
    private readonly List<(string Path, IFormCollection Form)> _received = [];
    private readonly List<byte[]> _raw = [];
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _apiBase = null!;
    private string _receiverBase = null!;

    public async Task InitializeAsync()
    {
        // SAP's hook: takes the form post and shows a page.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/{**path}", async (HttpContext context) =>
        {
            // The body as the browser sent it (in the form's accept-charset), then the form as ASP.NET Core reads it.
            context.Request.EnableBuffering();
            using var raw = new MemoryStream();
            await context.Request.Body.CopyToAsync(raw);
            context.Request.Body.Position = 0;
            var form = await context.Request.ReadFormAsync();
            lock (_received)
            {
                _received.Add((context.Request.Path + context.Request.QueryString, form));
                _raw.Add(raw.ToArray());
            }
            _arrived.TrySetResult();
            return Results.Content("<!DOCTYPE html><html lang=\"en\"><title>SAP</title><h1>Items received</h1></html>", "text/html");
        });
        // The SAP page that starts the punchout: a form posted by the browser, as SRM's catalog call does.
        _receiver.MapGet("/start", (string hook, string? function, string? product) => Results.Content($"""
            <!DOCTYPE html><html lang="en"><title>SAP SRM</title>
            <form method="post" action="{_apiBase}/punchout/oci">
            <input type="hidden" name="USERNAME" value="{Username}"><input type="hidden" name="PASSWORD" value="{Password}">
            <input type="hidden" name="HOOK_URL" value="{WebUtility.HtmlEncode(hook)}"><input type="hidden" name="OCI_VERSION" value="4.0">
            <input type="hidden" name="http_content_charset" value="ISO-8859-1"><input type="hidden" name="~TARGET" value="_top"><input type="hidden" name="~caller" value="CTLG">
            {(function is null ? "" : $"<input type=\"hidden\" name=\"FUNCTION\" value=\"{function}\"><input type=\"hidden\" name=\"PRODUCTID\" value=\"{WebUtility.HtmlEncode(product)}\"><input type=\"hidden\" name=\"QUANTITY\" value=\"3\">")}
            <button type="submit">Open supplier catalog</button></form></html>
            """, "text/html"));
        await _receiver.StartAsync();
        _receiverBase = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var port = FreePort();
        _apiBase = $"http://127.0.0.1:{port}";
        _api.With("Portal:PublicBaseUrl", _apiBase);
        _api.UseKestrel(port);
        _api.StartServer();

        var admin = await _api.CreateClientWithTokenAsync();
        var acme = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/customers?q=Acme")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var put = await admin.PutAsJsonAsync($"/api/v1/customers/{acme}/punchout", new
        {
            oci = new { username = Username, password = Password, allowedHookUrls = new[] { _receiverBase + "/sap/bc/" } },
            defaultBuyerEmail = "buyer@acme.example",
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
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

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(path), $"Chromium is needed for the browser tests at {path}.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    [Fact]
    public async Task An_oci_cart_arrives_at_the_allowlisted_hook_url_with_oci_4_fields_and_a_disallowed_hook_url_is_refused()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && page.Url.StartsWith(_apiBase, StringComparison.Ordinal)) consoleErrors.Add(message.Text + " " + page.Url); };

        // A HOOK_URL outside the allowlist: refused with a page, nothing reaches any hook.
        await page.GotoAsync($"{_receiverBase}/start?hook={Uri.EscapeDataString("http://127.0.0.1:9/evil/hook")}");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Open supplier catalog" }).ClickAsync(),
            response => response.Url.Contains("/punchout/oci", StringComparison.Ordinal));
        Assert.Equal(403, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("HOOK_URL is not one of the hook URLs allowed");
        Assert.Empty(_received);
        // Chromium reports the expected 403 as a console error; from here on there must be none.
        consoleErrors.Clear();

        // The allowlisted hook, with SAP's own parameters in its query string.
        var hook = $"{_receiverBase}/sap/bc/gui/oci_hook?sap-client=100&BBPCALLER=SRM";
        await page.GotoAsync($"{_receiverBase}/start?hook={Uri.EscapeDataString(hook)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open supplier catalog" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/punchout/session/catalog$"));

        await page.GetByLabel("Search products").FillAsync("FAS-1001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var card = page.Locator(".card").Filter(new() { HasText = "FAS-1001" }).First;
        await card.GetByLabel(new Regex("^Quantity of")).FillAsync("12");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/punchout/session/cart"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer cart to your procurement system" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Items received" })).ToBeVisibleAsync();

        await _arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (path, form) = Assert.Single(_received);
        Assert.StartsWith("/sap/bc/gui/oci_hook", path);
        Assert.Equal("100", form["sap-client"].ToString());
        Assert.Equal("SRM", form["BBPCALLER"].ToString());
        Assert.Equal("ADDI", form["~OkCode"].ToString());
        Assert.Equal("CTLG", form["~CALLER"].ToString());
        Assert.Equal("_top", form["~TARGET"].ToString());
        Assert.Equal("FAS-1001", form["NEW_ITEM-VENDORMAT[1]"].ToString());
        Assert.Equal("12", form["NEW_ITEM-QUANTITY[1]"].ToString());
        Assert.Equal("EUR", form["NEW_ITEM-CURRENCY[1]"].ToString());
        Assert.Matches(@"^\d{1,11}\.\d{2}$", form["NEW_ITEM-PRICE[1]"].ToString());
        Assert.Equal("1", form["NEW_ITEM-PRICEUNIT[1]"].ToString());
        Assert.InRange(form["NEW_ITEM-DESCRIPTION[1]"].ToString().Length, 1, 40);
        Assert.InRange(form["NEW_ITEM-UNIT[1]"].ToString().Length, 1, 3);
        Assert.InRange(form["NEW_ITEM-MATGROUP[1]"].ToString().Length, 1, 10);
        Assert.False(form.ContainsKey("NEW_ITEM-VENDORMAT[2]"));

        // The price is Acme's price for 12 as the REST API calculates it.
        var buyer = await _api.CreateDemoClientAsync("acme-buyer");
        var priced = await (await buyer.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku = "FAS-1001", quantity = 12 } } }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(Math.Round(priced.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal(), 2),
            decimal.Parse(form["NEW_ITEM-PRICE[1]"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_latin_1_buyer_gets_its_umlauts_in_latin_1_and_they_arrive_intact()
    {
        // A product whose manufacturer and long text carry umlauts (demo data: Würth, Böllhoff).
        var admin = await _api.CreateClientWithTokenAsync();
        var products = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/products?q=W%C3%BCrth&limit=1");
        var product = products.GetProperty("items")[0];
        var sku = product.GetProperty("sku").GetString()!;
        var description = Regex.Replace(product.GetProperty("description").GetString()!, @"\s+", " ").Trim();
        Assert.Contains("Würth", description);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        // SAP's VALIDATE: the item comes back at once, through a form Chromium submits in ISO-8859-1.
        var hook = $"{_receiverBase}/sap/bc/gui/oci_hook?sap-client=100";
        await page.GotoAsync($"{_receiverBase}/start?hook={Uri.EscapeDataString(hook)}&function=VALIDATE&product={Uri.EscapeDataString(sku)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open supplier catalog" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Items received" })).ToBeVisibleAsync();
        await _arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var raw = System.Text.Encoding.ASCII.GetString(Assert.Single(_raw));
        Assert.Contains("W%FCrth", raw); // ü as the single Latin-1 byte, not UTF-8's %C3%BC
        Assert.DoesNotContain("%C3%BC", raw, StringComparison.OrdinalIgnoreCase);
        var fields = System.Web.HttpUtility.ParseQueryString(raw, System.Text.Encoding.Latin1);
        Assert.Equal(description, fields["NEW_ITEM-LONGTEXT_1:132[]"]);
        Assert.StartsWith("Würth", fields["NEW_ITEM-MANUFACTCODE[1]"]);
        Assert.Equal(sku, fields["NEW_ITEM-VENDORMAT[1]"]);
        Assert.Equal("3", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("0000100234", fields["NEW_ITEM-VENDOR[1]"]);
        Assert.Equal("100", fields["sap-client"]);
    }
}
