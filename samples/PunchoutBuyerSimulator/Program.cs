// Plays a procurement system (SAP Ariba or Coupa style) against a Portal instance:
//   1. sends a PunchOutSetupRequest and prints the StartPage URL (open it in a browser),
//   2. receives the PunchOutOrderMessage on a local return URL and shows the cart,
//   3. optionally sends the matching OrderRequest (--order) and shows Portal's answer.
// With --auto SKU=QTY[,SKU=QTY...] it also drives the catalog pages itself (no browser), as CI does.
// With --style oci it plays SAP SRM instead: an OCI 4.0 catalog call (USERNAME, PASSWORD, HOOK_URL, optional
// --function DETAIL|VALIDATE|BACKGROUND_SEARCH|SOURCING|QUANTITYCHECK with --product/--quantity/--search), and the
// NEW_ITEM fields arriving at the local hook. With --style receiver it plays the buyer's cXML endpoint for the
// documents Portal sends after an order (OutboundReceiver.cs).
//
//   dotnet run --project samples/PunchoutBuyerSimulator -- --portal http://localhost:5080 [--style coupa] [--order]
//   dotnet run --project samples/PunchoutBuyerSimulator -- --portal http://localhost:5080 --style oci [--auto FAS-1001=12]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Punchout.Cxml;

var options = Options.Parse(args);
var portal = new Uri(options.Get("--portal", "http://localhost:5080"));
var style = options.Get("--style", "ariba");
var identity = options.Get("--identity", "AN-DEMO-ACME");
var secret = options.Get("--secret", "acme-punchout-demo-secret");
var email = options.Get("--email", "buyer@acme.example");
var listen = options.Get("--listen", "http://127.0.0.1:5199/");
var auto = options.GetOrNull("--auto");
if (style == "receiver")
{
    return await OutboundReceiver.RunAsync(options);
}
using var http = new HttpClient { BaseAddress = portal, Timeout = TimeSpan.FromSeconds(70) };

// The return URL: where the browser posts the cart back to (the BrowserFormPost URL).
using var receiver = new HttpListener();
receiver.Prefixes.Add(listen);
receiver.Start();
var returnUrl = listen + "return";

if (style == "oci")
{
    return await OciAsync();
}

// 1. PunchOutSetupRequest
var header = Header(style, identity, secret);
var setup = new CxmlDocument
{
    PayloadId = CxmlPayloadId.New("buyer-simulator.local"),
    Timestamp = DateTimeOffset.Now,
    Version = CxmlVersion.Current,
    Header = header,
    DeploymentMode = "test",
    Request = new PunchOutSetupRequest
    {
        Operation = "create",
        BuyerCookie = "sim-" + Guid.NewGuid().ToString("N")[..12],
        Extrinsics = [new("UserEmail", email), new("CostCenter", "CC-1010")],
        BrowserFormPostUrl = returnUrl,
        Contacts = [new("endUser", "Simulated Buyer", email)],
    },
};
var setupAnswer = await SendAsync(setup);
if (setupAnswer.Response?.Body is not PunchOutSetupResponse started)
{
    return 1;
}
Console.WriteLine($"StartPage: {started.StartPageUrl}");
Console.WriteLine($"Open it in a browser within 5 minutes; the cart comes back to {returnUrl}");
if (auto is null && !options.Has("--no-open"))
{
    TryOpenBrowser(started.StartPageUrl);
}

// 2. Receive the PunchOutOrderMessage (the browser posts it; --auto posts it itself).
var receiving = ReceiveCartAsync(receiver);
if (auto is not null)
{
    await ShopAsync(started.StartPageUrl, auto);
}
var cartXml = await receiving.WaitAsync(TimeSpan.FromMinutes(30));
var message = CxmlReader.Read(cartXml).Message!;
Console.WriteLine($"Cart received (BuyerCookie {message.BuyerCookie}, operationAllowed {message.OperationAllowed}):");
foreach (var item in message.Items)
{
    Console.WriteLine($"  {item.Quantity,8} x {item.ItemId.SupplierPartId,-10} {item.Detail.Description,-40} {item.Detail.UnitPrice.Amount,10:0.00} {item.Detail.UnitPrice.Currency}  UNSPSC {item.Detail.Classifications.FirstOrDefault()?.Code}");
}
Console.WriteLine($"  Total {message.Total.Amount:0.00} {message.Total.Currency}");
if (message.Items.Count == 0)
{
    Console.WriteLine("The buyer cancelled the punchout (empty cart).");
    return 0;
}

// 3. The purchase order, once "approved" in the procurement system.
if (options.Has("--order"))
{
    var orderId = "PO-SIM-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    var order = new CxmlDocument
    {
        PayloadId = CxmlPayloadId.New("buyer-simulator.local"),
        Timestamp = DateTimeOffset.Now,
        Version = CxmlVersion.Current,
        Header = header,
        Request = new OrderRequest
        {
            Header = new CxmlOrderRequestHeader
            {
                OrderId = orderId, OrderDate = DateTimeOffset.Now, Type = "new", OrderVersion = 1, Total = message.Total,
                Contacts = [new("endUser", "Simulated Buyer", email)], Comments = "Sent by the Portal buyer simulator",
            },
            Items = message.Items.Select((item, i) => new CxmlItemOut
            {
                Quantity = item.Quantity,
                LineNumber = i + 1,
                ItemId = item.ItemId, // SupplierPartAuxiliaryID refers Portal to its quote
                Detail = item.Detail,
                Distributions = [new CxmlDistribution("Cost Center", [new CxmlAccountingSegment("CC-1010", "Cost Center", "Maintenance")],
                    new CxmlMoney(Math.Round(item.Quantity * item.Detail.UnitPrice.Amount, 2), item.Detail.UnitPrice.Currency))],
            }).ToList(),
        },
    };
    var answer = await SendAsync(order);
    // A procurement system re-sends after a timeout: Portal answers 200 again and creates nothing new.
    var again = await SendAsync(order);
    return answer.Response?.Status.IsSuccess == true && again.Response?.Status.IsSuccess == true ? 0 : 1;
}
return 0;

async Task<CxmlDocument> SendAsync(CxmlDocument document)
{
    var kind = document.Request!.GetType().Name;
    using var content = new ByteArrayContent(CxmlWriter.WriteToUtf8Bytes(document));
    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
    using var response = await http.PostAsync("/punchout/cxml", content);
    var answer = CxmlReader.Read(await response.Content.ReadAsStringAsync());
    var status = answer.Response!.Status;
    Console.WriteLine($"{kind}: HTTP {(int)response.StatusCode}, cXML Status {status.Code} {status.Text}{(status.Message is null ? "" : " - " + status.Message)}");
    return answer;
}

static CxmlHeader Header(string style, string identity, string secret) => style switch
{
    // Ariba: the buyer's NetworkID in From, Ariba Network in Sender with the shared secret.
    "ariba" => new([new("NetworkID", identity)], [new("NetworkID", "AN-PORTAL-SUPPLIER")],
        [new("AribaNetworkUserId", "sysadmin@ariba.com", secret)], "Portal buyer simulator (Ariba style)"),
    // Coupa: the same credential in From and Sender, domain spelled NetworkId.
    "coupa" => new([new("NetworkId", identity)], [new("DUNS", "123456789")],
        [new("NetworkId", identity, secret)], "Portal buyer simulator (Coupa style)"),
    _ => throw new ArgumentException("--style is ariba or coupa"),
};

static async Task<string> ReceiveCartAsync(HttpListener listener)
{
    while (true)
    {
        var context = await listener.GetContextAsync();
        if (context.Request.HttpMethod != "POST")
        {
            context.Response.StatusCode = 405;
            context.Response.Close();
            continue;
        }
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var form = ParseForm(await reader.ReadToEndAsync());
        // Base64 first, as the standard recommends; urlencoded carries the XML itself.
        var xml = form.TryGetValue("cXML-base64", out var base64) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64))
            : form.TryGetValue("cXML-urlencoded", out var plain) ? plain : null;
        var page = Encoding.UTF8.GetBytes(xml is null ? "<h1>No cart in this post</h1>" : "<!DOCTYPE html><title>Buyer</title><h1>Cart received</h1><p>You can close this window.</p>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.OutputStream.WriteAsync(page);
        context.Response.Close();
        if (xml is not null)
        {
            return xml;
        }
    }
}

static Dictionary<string, string> ParseForm(string body) => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
    .Select(pair => pair.Split('=', 2))
    .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.Length > 1 ? p[1] : string.Empty));

// What a person does in the browser, through the same plain HTML forms.
async Task ShopAsync(string startPage, string wanted)
{
    using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = portal };
    var catalog = await browser.GetStringAsync(new Uri(startPage).PathAndQuery);
    var token = Regex.Match(catalog, "name=\"formToken\" value=\"([^\"]+)\"").Groups[1].Value;
    foreach (var line in wanted.Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var (sku, quantity) = (line.Split('=')[0], line.Split('=').ElementAtOrDefault(1) ?? "1");
        var added = await browser.PostAsync("/punchout/session/cart/lines", new FormUrlEncodedContent([new("formToken", token), new("sku", sku), new("quantity", quantity)]));
        Console.WriteLine($"Added {quantity} x {sku}: HTTP {(int)added.StatusCode}");
        added.EnsureSuccessStatusCode();
    }
    var transfer = await (await browser.PostAsync("/punchout/session/transfer", new FormUrlEncodedContent([new("formToken", token)]))).Content.ReadAsStringAsync();
    // The transfer page is an auto-submitting form to the return URL; post it as the browser would.
    var action = WebUtility.HtmlDecode(Regex.Match(transfer, "<form id=\"poom\" method=\"post\" action=\"([^\"]+)\"").Groups[1].Value);
    var field = Regex.Match(transfer, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
    using var post = new HttpClient();
    await post.PostAsync(action, new FormUrlEncodedContent([new(field.Groups[1].Value, WebUtility.HtmlDecode(field.Groups[2].Value))]));
}

// SAP OCI: the catalog call as SRM's browser makes it, and the NEW_ITEM fields at the hook.
async Task<int> OciAsync()
{
    var function = options.GetOrNull("--function")?.ToUpperInvariant();
    var query = new List<KeyValuePair<string, string>>
    {
        new("USERNAME", options.Get("--username", "SAP-DEMO-ACME")), new("PASSWORD", options.Get("--password", "acme-oci-demo-secret")),
        new("HOOK_URL", returnUrl + "?sap-client=100"), new("OCI_VERSION", "4.0"), new("~TARGET", "_top"), new("~caller", "CTLG"),
    };
    if (function is not null)
    {
        query.Add(new("FUNCTION", function));
        query.AddRange(new[] { ("PRODUCTID", options.GetOrNull("--product")), ("QUANTITY", options.GetOrNull("--quantity")), ("SEARCHSTRING", options.GetOrNull("--search")) }
            .Where(p => p.Item2 is not null).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2!)));
    }
    var url = new Uri(portal, "/punchout/oci?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
    Console.WriteLine($"OCI call: {url.GetLeftPart(UriPartial.Path)} (FUNCTION {function ?? "-"})");
    using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = portal };
    if (function is "QUANTITYCHECK" or "BACKGROUND_SEARCH" or "VALIDATE")
    {
        var answer = await browser.GetAsync(url);
        var body = await answer.Content.ReadAsStringAsync();
        Console.WriteLine($"HTTP {(int)answer.StatusCode}");
        if (function == "QUANTITYCHECK")
        {
            Console.WriteLine(body);
        }
        else
        {
            PrintOciFields(HiddenFields(body));
        }
        return answer.IsSuccessStatusCode ? 0 : 1;
    }
    if (auto is null)
    {
        Console.WriteLine($"Open in a browser: {url}");
        Console.WriteLine($"The cart comes back to {returnUrl}");
        if (!options.Has("--no-open"))
        {
            TryOpenBrowser(url.ToString());
        }
    }
    var receiving = ReceiveFormAsync(receiver);
    if (auto is not null)
    {
        var catalog = await browser.GetAsync(url);
        if (!catalog.IsSuccessStatusCode)
        {
            Console.WriteLine($"OCI call refused: HTTP {(int)catalog.StatusCode}");
            return 1;
        }
        var token = Regex.Match(await catalog.Content.ReadAsStringAsync(), "name=\"formToken\" value=\"([^\"]+)\"").Groups[1].Value;
        foreach (var line in auto.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (sku, quantity) = (line.Split('=')[0], line.Split('=').ElementAtOrDefault(1) ?? "1");
            (await browser.PostAsync("/punchout/session/cart/lines", new FormUrlEncodedContent([new("formToken", token), new("sku", sku), new("quantity", quantity)]))).EnsureSuccessStatusCode();
        }
        var transfer = await (await browser.PostAsync("/punchout/session/transfer", new FormUrlEncodedContent([new("formToken", token)]))).Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(Regex.Match(transfer, "<form id=\"poom\" method=\"post\" action=\"([^\"]+)\"").Groups[1].Value);
        using var post = new HttpClient();
        await post.PostAsync(action, new FormUrlEncodedContent(HiddenFields(transfer)));
    }
    PrintOciFields(await receiving.WaitAsync(TimeSpan.FromMinutes(30)));
    return 0;
}

static List<KeyValuePair<string, string>> HiddenFields(string html) =>
    Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
        .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
        .Where(f => f.Key != "formToken").ToList();

static void PrintOciFields(IEnumerable<KeyValuePair<string, string>> fields)
{
    foreach (var (name, value) in fields)
    {
        Console.WriteLine($"  {name,-32} {value}");
    }
}

static async Task<List<KeyValuePair<string, string>>> ReceiveFormAsync(HttpListener listener)
{
    while (true)
    {
        var context = await listener.GetContextAsync();
        if (context.Request.HttpMethod != "POST")
        {
            context.Response.StatusCode = 405;
            context.Response.Close();
            continue;
        }
        // OCI posts in the charset the call asked (UTF-8 here).
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var fields = (await reader.ReadToEndAsync()).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(WebUtility.UrlDecode(p[0]), WebUtility.UrlDecode(p.Length > 1 ? p[1] : string.Empty))).ToList();
        var page = Encoding.UTF8.GetBytes("<!DOCTYPE html><title>SAP</title><h1>Items received</h1><p>You can close this window.</p>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.OutputStream.WriteAsync(page);
        context.Response.Close();
        Console.WriteLine($"Hook received ({context.Request.Url?.PathAndQuery}):");
        return fields;
    }
}

static void TryOpenBrowser(string url)
{
    try
    {
        Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open", url) { UseShellExecute = false })?.Dispose();
    }
    catch (Exception)
    {
        // No desktop here: the URL is printed above.
    }
}

sealed class Options(Dictionary<string, string?> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            values[args[i]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        }
        return new Options(values);
    }

    public bool Has(string name) => values.ContainsKey(name);
    public string? GetOrNull(string name) => values.GetValueOrDefault(name);
    public string Get(string name, string fallback) => values.GetValueOrDefault(name) ?? fallback;
}
