// --style receiver: plays the buyer system's cXML endpoint for the documents Portal sends after an order
// (ConfirmationRequest, ShipNoticeRequest, InvoiceDetailRequest). Each document is read safely, checked, printed,
// and answered with a cXML Status: 200 when it is a well-formed cXML request of a known kind (and, with
// --dtd-dir, DTD-valid per xmllint), 400 otherwise. A signed invoice's signature is checked with SignedXml.
//
//   dotnet run --project samples/PunchoutBuyerSimulator -- --style receiver [--listen http://127.0.0.1:5198/] [--dtd-dir ../shared/cxml/dtd] [--count 3]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Portal.Punchout.Outbound;
using Portal.Punchout.Xml;

static class OutboundReceiver
{
    private static readonly string[] Known = ["ConfirmationRequest", "ShipNoticeRequest", "InvoiceDetailRequest"];

    public static async Task<int> RunAsync(Options options)
    {
        var listen = options.Get("--listen", "http://127.0.0.1:5198/");
        var dtdDir = options.GetOrNull("--dtd-dir");
        var count = int.Parse(options.Get("--count", "0"), CultureInfo.InvariantCulture);
        using var listener = new HttpListener();
        listener.Prefixes.Add(listen);
        listener.Start();
        Console.WriteLine($"Receiving cXML documents on {listen}cxml (set it as the account's cxml.outboundUrl). Ctrl+C stops.");
        var received = 0;
        while (count == 0 || received < count)
        {
            var context = await listener.GetContextAsync();
            if (context.Request.HttpMethod != "POST" || context.Request.ContentLength64 > 10 * 1024 * 1024)
            {
                context.Response.StatusCode = context.Request.HttpMethod != "POST" ? 405 : 413;
                context.Response.Close();
                continue;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var (code, text) = Check(body, dtdDir);
            received++;
            Console.WriteLine($"  -> answered cXML {code} {text}");
            var answer = $"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd"><cXML payloadID="{DateTime.UtcNow.Ticks}.{Environment.ProcessId}@buyer-simulator.local" timestamp="{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:sszzz}"><Response><Status code="{code}" text="{SecurityElementEscape(text)}"/></Response></cXML>""";
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = code == 200 ? 200 : 400;
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        return 0;
    }

    private static (int Code, string Text) Check(string body, string? dtdDir)
    {
        XDocument doc;
        try
        {
            doc = SafeXml.Parse(body);
        }
        catch (Exception e)
        {
            Console.WriteLine($"Not readable XML: {e.Message}");
            return (400, "Not readable XML");
        }
        var request = doc.Root?.Element("Request")?.Elements().FirstOrDefault();
        var kind = request?.Name.LocalName ?? "(none)";
        Console.WriteLine($"{kind} payloadID={(string?)doc.Root?.Attribute("payloadID")}");
        if (doc.Root?.Name.LocalName != "cXML" || !Known.Contains(kind))
        {
            return (400, $"Not a cXML {string.Join(", ", Known)}");
        }
        var order = request!.Descendants("OrderReference").FirstOrDefault();
        Console.WriteLine($"  order {(string?)order?.Attribute("orderID")} of {(string?)order?.Attribute("orderDate")}");
        switch (kind)
        {
            case "ConfirmationRequest":
                var header = request.Element("ConfirmationHeader")!;
                Console.WriteLine($"  confirmation {(string?)header.Attribute("type")} {(string?)header.Attribute("confirmID")} total {header.Element("Total")?.Value.Trim()}");
                break;
            case "ShipNoticeRequest":
                Console.WriteLine($"  shipment {(string?)request.Element("ShipNoticeHeader")?.Attribute("shipmentID")} carrier {request.Descendants("CarrierIdentifier").FirstOrDefault()?.Value} tracking {request.Descendants("ShipmentIdentifier").FirstOrDefault()?.Value}");
                foreach (var item in request.Descendants("ShipNoticeItem"))
                {
                    Console.WriteLine($"    line {(string?)item.Attribute("lineNumber")}: {(string?)item.Attribute("quantity")} {item.Element("UnitOfMeasure")?.Value} {item.Descendants("SupplierPartID").FirstOrDefault()?.Value}");
                }
                break;
            default:
                Console.WriteLine($"  invoice {(string?)request.Element("InvoiceDetailRequestHeader")?.Attribute("invoiceID")} due {request.Descendants("DueAmount").FirstOrDefault()?.Value.Trim()} {(string?)request.Descendants("DueAmount").FirstOrDefault()?.Element("Money")?.Attribute("currency")}");
                if (doc.Root.Attribute("signatureVersion") is not null)
                {
                    var valid = CxmlSignature.Verify(body);
                    Console.WriteLine($"  signature: {(valid ? "valid" : "INVALID")} (SignedXml, with the certificate it carries)");
                    if (!valid)
                    {
                        return (475, "Signature not valid");
                    }
                }
                break;
        }
        if (dtdDir is not null && Validate(body, kind, dtdDir) is { Length: > 0 } errors)
        {
            Console.WriteLine("  not DTD-valid:\n" + errors);
            return (400, "Not valid against the DTD");
        }
        return (200, "OK");
    }

    /// <summary>xmllint against Fulfill.dtd (1.2.063) or InvoiceDetail.dtd (1.2.037), the document's DOCTYPE stripped so nothing is fetched.</summary>
    private static string Validate(string body, string kind, string dtdDir)
    {
        var dtd = kind == "InvoiceDetailRequest" ? Path.Combine(dtdDir, "1.2.037", "InvoiceDetail.dtd") : Path.Combine(dtdDir, "1.2.063", "Fulfill.dtd");
        var start = new ProcessStartInfo("xmllint") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--noout", "--nonet", "--dtdvalid", dtd, "-" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var start0 = body.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        process.StandardInput.Write(start0 < 0 ? body : body.Remove(start0, body.IndexOf('>', start0) - start0 + 1));
        process.StandardInput.Close();
        process.WaitForExit(60_000);
        return process.ExitCode == 0 ? string.Empty : stderr.Result + stdout.Result;
    }

    private static string SecurityElementEscape(string text) => System.Security.SecurityElement.Escape(text) ?? string.Empty;
}
