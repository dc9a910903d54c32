using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Punchout;

/// <summary>
/// Demo data on PostgreSQL and Redis with cXML punchout set up for Acme (NetworkID AN-ACME-TEST, users
/// created on first punchout) and Nordwind (DUNS 111111111, no auto-created users).
/// </summary>
public sealed partial class PunchoutWorld : PortalApiFactory
{
    public const string AcmeIdentity = "AN-ACME-TEST";
    public const string AcmeSecret = "acme-punchout-secret";
    public const string NordwindIdentity = "111111111";
    public const string NordwindSecret = "nordwind-punchout-secret";
    public const string ReturnUrl = "http://127.0.0.1:9/buyer/return";

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient AcmeBuyer { get; private set; } = null!;
    public Guid Acme { get; private set; }
    public Guid Nordwind { get; private set; }

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        AcmeBuyer = await CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId);
        Acme = (await HttpAssert.OkJsonAsync(await Admin.GetAsync("/api/v1/customers?q=Acme"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        Nordwind = (await HttpAssert.OkJsonAsync(await Admin.GetAsync("/api/v1/customers?q=Nordwind"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync($"/api/v1/customers/{Acme}/punchout", new
        {
            cxml = new
            {
                credentials = new[] { new { domain = "NetworkID", identity = AcmeIdentity } },
                sharedSecret = AcmeSecret,
                allowedReturnUrls = new[] { "http://127.0.0.1:9/buyer", "https://buyer.example/punchout" },
                autoCreateUsers = true,
            },
        }));
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync($"/api/v1/customers/{Nordwind}/punchout", new
        {
            cxml = new
            {
                credentials = new[] { new { domain = "DUNS", identity = NordwindIdentity } },
                sharedSecret = NordwindSecret,
                allowedReturnUrls = new[] { "https://nordwind-buyer.example/" },
                autoCreateUsers = false,
            },
        }));
    });

    /// <summary>A browser: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<(HttpStatusCode Http, CxmlDocument Answer)> PostCxmlAsync(string xml, string contentType = "text/xml")
    {
        using var client = CreateClient();
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        var response = await client.PostAsync("/punchout/cxml", content);
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Empty(CxmlDtdValidator.Validate(text));
        return (response.StatusCode, CxmlReader.Read(text));
    }

    public static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    /// <summary>A setup request as SAP Ariba sends it (DTD order, NetworkID, Ariba Network as Sender).</summary>
    public static string AribaSetup(string operation = "create", string email = "buyer@acme.example", string secret = AcmeSecret,
        string identity = AcmeIdentity, string returnUrl = ReturnUrl, string cookie = "ariba-cookie-1", string items = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
        <cXML payloadID="{Guid.NewGuid():N}@ariba.example" timestamp="2026-11-30T10:15:00-08:00" xml:lang="en-US">
          <Header>
            <From><Credential domain="NetworkID"><Identity>{Escape(identity)}</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>AN-PORTAL-SUPPLIER</Identity></Credential></To>
            <Sender><Credential domain="AribaNetworkUserId"><Identity>sysadmin@ariba.com</Identity><SharedSecret>{Escape(secret)}</SharedSecret></Credential><UserAgent>Ariba Buyer 9r</UserAgent></Sender>
          </Header>
          <Request deploymentMode="test">
            <PunchOutSetupRequest operation="{operation}">
              <BuyerCookie>{Escape(cookie)}</BuyerCookie>
              <Extrinsic name="UserEmail">{Escape(email)}</Extrinsic>
              <Extrinsic name="CostCenter">CC-1010</Extrinsic>
              <Extrinsic name="UniqueName">jdoe</Extrinsic>
              <BrowserFormPost><URL>{Escape(returnUrl)}</URL></BrowserFormPost>
              <Contact role="endUser"><Name xml:lang="en">Jamie Doe</Name><Email>{Escape(email)}</Email></Contact>
              <SupplierSetup><URL>http://localhost/punchout/cxml</URL></SupplierSetup>
              <ShipTo><Address addressID="1000"><Name xml:lang="en">Acme Plant</Name><PostalAddress><Street>1 Main St</Street><City>Stuttgart</City><Country isoCountryCode="DE">Germany</Country></PostalAddress></Address></ShipTo>
              {items}
            </PunchOutSetupRequest>
          </Request>
        </cXML>
        """;

    /// <summary>
    /// A setup request as Coupa sends it: lower-case domain, a timestamp without a colon in the offset,
    /// BrowserFormPost and Contact before BuyerCookie (against the DTD's order), extra extrinsics.
    /// </summary>
    public static string CoupaSetup(string email = "buyer@acme.example", string returnUrl = "https://buyer.example/punchout/return?session=42") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cXML.org/schemas/cXML/1.2.021/cXML.dtd">
        <cXML version="1.2.021" xml:lang="en-US" payloadID="{Guid.NewGuid():N}@coupahost.com" timestamp="2026-11-30T18:15:00+0000">
          <Header>
            <From><Credential domain="networkid"><Identity>an-acme-test</Identity></Credential></From>
            <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
            <Sender><Credential domain="networkid"><Identity>an-acme-test</Identity><SharedSecret>{AcmeSecret}</SharedSecret></Credential><UserAgent>Coupa Procurement 1.0</UserAgent></Sender>
          </Header>
          <Request>
            <PunchOutSetupRequest operation="create">
              <BrowserFormPost><URL>{Escape(returnUrl)}</URL></BrowserFormPost>
              <Contact role="endUser"><Name xml:lang="en-US">coupa.user</Name><Email>{Escape(email)}</Email></Contact>
              <BuyerCookie>coupa-cookie-7f</BuyerCookie>
              <Extrinsic name="FirstName">Coupa</Extrinsic>
              <Extrinsic name="LastName">User</Extrinsic>
              <Extrinsic name="User">coupa.user</Extrinsic>
              <Extrinsic name="BusinessUnit">Maintenance</Extrinsic>
              <Extrinsic name="buysense_org">ACME-1</Extrinsic>
            </PunchOutSetupRequest>
          </Request>
        </cXML>
        """;

    public static string ProfileRequest(string secret = AcmeSecret) => $"""
        <?xml version="1.0"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">
        <cXML payloadID="{Guid.NewGuid():N}@buyer.example" timestamp="2026-11-30T10:00:00Z">
          <Header>
            <From><Credential domain="NetworkID"><Identity>{AcmeIdentity}</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>portal</Identity></Credential></To>
            <Sender><Credential domain="NetworkID"><Identity>{AcmeIdentity}</Identity><SharedSecret>{secret}</SharedSecret></Credential><UserAgent>test</UserAgent></Sender>
          </Header>
          <Request><ProfileRequest/></Request>
        </cXML>
        """;

    /// <summary>An OrderRequest as Coupa sends it, with cost centers in Distribution/Accounting.</summary>
    public static string OrderRequest(string orderId, IEnumerable<(string Sku, string? Aux, decimal Quantity, decimal Price, string CostCenter)> lines,
        string type = "new", int version = 1, string? payloadId = null, string identity = AcmeIdentity, string secret = AcmeSecret,
        string domain = "NetworkID", string currency = "EUR")
    {
        var items = new StringBuilder();
        var number = 0;
        decimal total = 0;
        foreach (var (sku, aux, quantity, price, costCenter) in lines)
        {
            number++;
            total += price * quantity;
            items.Append($"""
                <ItemOut quantity="{quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}" lineNumber="{number}" requestedDeliveryDate="2026-12-10">
                  <ItemID><SupplierPartID>{sku}</SupplierPartID>{(aux is null ? "" : $"<SupplierPartAuxiliaryID>{aux}</SupplierPartAuxiliaryID>")}</ItemID>
                  <ItemDetail>
                    <UnitPrice><Money currency="{currency}">{price.ToString(System.Globalization.CultureInfo.InvariantCulture)}</Money></UnitPrice>
                    <Description xml:lang="en">Line {number}</Description>
                    <UnitOfMeasure>EA</UnitOfMeasure>
                    <Classification domain="UNSPSC">31161500</Classification>
                  </ItemDetail>
                  <Distribution>
                    <Accounting name="Cost Center"><AccountingSegment id="{costCenter}"><Name xml:lang="en">Cost Center</Name><Description xml:lang="en">Maintenance</Description></AccountingSegment></Accounting>
                    <Charge><Money currency="{currency}">{(price * quantity).ToString(System.Globalization.CultureInfo.InvariantCulture)}</Money></Charge>
                  </Distribution>
                  <Comments>Line comment {number}</Comments>
                </ItemOut>
                """);
        }
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.020/cXML.dtd">
            <cXML payloadID="{payloadId ?? Guid.NewGuid().ToString("N") + "@coupahost.com"}" timestamp="2026-11-30T19:00:00+01:00" xml:lang="en-US">
              <Header>
                <From><Credential domain="{domain}"><Identity>{identity}</Identity></Credential></From>
                <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
                <Sender><Credential domain="{domain}"><Identity>{identity}</Identity><SharedSecret>{secret}</SharedSecret></Credential><UserAgent>Coupa Procurement 1.0</UserAgent></Sender>
              </Header>
              <Request deploymentMode="production">
                <OrderRequest>
                  <OrderRequestHeader orderID="{orderId}" orderDate="2026-11-30T19:00:00+01:00" type="{type}" orderVersion="{version}">
                    <Total><Money currency="{currency}">{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}</Money></Total>
                    <ShipTo><Address addressID="PLANT-1"><Name xml:lang="en">Acme Plant 1</Name><PostalAddress name="default"><DeliverTo>Receiving</DeliverTo><Street>Industriestrasse 5</Street><City>Stuttgart</City><PostalCode>70173</PostalCode><Country isoCountryCode="DE">Germany</Country></PostalAddress></Address></ShipTo>
                    <BillTo><Address addressID="HQ"><Name xml:lang="en">Acme HQ</Name><PostalAddress><Street>Hauptstrasse 1</Street><City>Stuttgart</City><PostalCode>70173</PostalCode><Country isoCountryCode="DE">Germany</Country></PostalAddress></Address></BillTo>
                    <Contact role="endUser"><Name xml:lang="en">Robin</Name><Email>buyer@acme.example</Email></Contact>
                    <Comments xml:lang="en">Deliver to gate 2</Comments>
                    <Extrinsic name="Requisition">REQ-77</Extrinsic>
                  </OrderRequestHeader>
                  {items}
                </OrderRequest>
              </Request>
            </cXML>
            """;
    }

    /// <summary>Follows a StartPage URL in a browser; returns the browser with its session cookie.</summary>
    public async Task<HttpClient> EnterAsync(string startPage)
    {
        var browser = Browser();
        var response = await browser.GetAsync(new Uri(startPage).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/punchout/session/catalog", response.Headers.Location?.OriginalString);
        return browser;
    }

    public static async Task<string> FormTokenAsync(HttpClient browser)
    {
        var html = await browser.GetStringAsync("/punchout/session/cart");
        return FormTokenPattern().Match(html).Groups[1].Value;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, params (string Name, string Value)[] fields) =>
        await browser.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    /// <summary>Transfers the cart; returns the form field name and the cXML it carries.</summary>
    public static async Task<(string Field, string Xml, string Html)> TransferAsync(HttpClient browser, string path = "/punchout/session/transfer")
    {
        var token = await FormTokenAsync(browser);
        var response = await PostFormAsync(browser, path, ("formToken", token));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var match = HiddenCxmlPattern().Match(html);
        Assert.True(match.Success, html);
        var value = System.Net.WebUtility.HtmlDecode(match.Groups[2].Value);
        var xml = match.Groups[1].Value == "cXML-base64" ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : value;
        return (match.Groups[1].Value, xml, html);
    }

    public async Task<JsonElement> PriceForAcmeAsync(string sku, decimal quantity)
    {
        var result = await HttpAssert.OkJsonAsync(await AcmeBuyer.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku, quantity } } }));
        return result.GetProperty("lines")[0];
    }

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(cXML-base64|cXML-urlencoded)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenCxmlPattern();
}
