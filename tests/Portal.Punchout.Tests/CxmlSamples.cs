using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

/// <summary>One fully populated document of every kind Portal reads or writes.</summary>
public static class CxmlSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static CxmlHeader Header(string? secret = "s3cr3t") => new(
        From: [new CxmlCredential("NetworkID", "AN01000000001"), new CxmlCredential("DUNS", "123456789")],
        To: [new CxmlCredential("DUNS", "987654321")],
        Sender: [new CxmlCredential("NetworkID", "AN01000000001", secret)],
        UserAgent: "Buyer Simulator 1.0");

    public static CxmlAddress Address(string id = "SHIP-1") => new()
    {
        AddressId = id,
        Name = "Acme Plant 1",
        DeliverTo = ["Jane Doe", "Building 4"],
        Street = ["1 Main Street", "Dock 3"],
        City = "Springfield",
        State = "IL",
        PostalCode = "62701",
        CountryCode = "US",
        Country = "United States",
        Email = "receiving@acme.example",
    };

    public static CxmlItemDetail Detail(decimal price = 12.5m) => new()
    {
        UnitPrice = new CxmlMoney(price, "USD"),
        Description = "Copy paper A4 80 g/m², 500 sheets & more <ream>",
        DescriptionLang = "en-US",
        UnitOfMeasure = "PK",
        PriceBasisQuantity = 5m,
        Classifications = [new CxmlClassification("UNSPSC", "14111507"), new CxmlClassification("eCl@ss", "24-33-03-01")],
        ManufacturerPartId = "MP-77",
        ManufacturerName = "PaperCo",
        Url = "https://portal.example/products/P-1?x=1&y=2",
        LeadTimeDays = 3,
        Extrinsics = [new CxmlExtrinsic("Color", "white")],
    };

    public static CxmlItemOut ItemOut(int line = 1) => new()
    {
        Quantity = 2.5m,
        LineNumber = line,
        RequestedDeliveryDate = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        ItemId = new CxmlItemId("P-1", "session-42/line-" + line, "BUY-9"),
        Detail = Detail(),
        ShipTo = Address("LINE-SHIP"),
        Distributions =
        [
            new CxmlDistribution("CostCenter", [new CxmlAccountingSegment("4711", "Cost Center", "Marketing")], new CxmlMoney(31.25m, "USD")),
            new CxmlDistribution("GLAccount", [new CxmlAccountingSegment("6000", "G/L Account", "Office supplies"), new CxmlAccountingSegment("PRJ-1", "Project", "Launch")], new CxmlMoney(0.0125m, "USD")),
        ],
        Comments = "Leave at dock 3",
    };

    private static CxmlDocument Envelope(string id) => new()
    {
        PayloadId = id + "@buyer.example",
        Timestamp = new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.FromHours(1)),
        Version = CxmlVersion.Current,
        Lang = "en-US",
    };

    public static CxmlDocument SetupRequest(string operation = "create") => Envelope("posr-" + operation) with
    {
        Header = Header(),
        DeploymentMode = "test",
        Request = new PunchOutSetupRequest
        {
            Operation = operation,
            BuyerCookie = "cookie-1234",
            Extrinsics = [new CxmlExtrinsic("UserEmail", "jane@acme.example"), new CxmlExtrinsic("CostCenter", "4711")],
            BrowserFormPostUrl = "https://buyer.example/punchout/return?session=1&x=2",
            Contacts = [new CxmlContact("endUser", "Jane Doe", "jane@acme.example"), new CxmlContact(null, "Purchasing", null)],
            SupplierSetupUrl = "https://portal.example/cxml/setup",
            ShipTo = Address(),
            SelectedItem = operation == "create" ? new CxmlItemId("P-1") : null,
            Items = operation == "create" ? [] : [ItemOut(1), ItemOut(2) with { Detail = null, ShipTo = null, Distributions = [], Comments = null, RequestedDeliveryDate = null }],
        },
    };

    public static CxmlDocument SetupResponse() => Envelope("posres") with
    {
        Response = new CxmlResponse(CxmlStatus.Ok, new PunchOutSetupResponse("https://portal.example/punchout/start/abc?t=1&u=2")),
    };

    public static CxmlDocument OrderMessage() => Envelope("poom") with
    {
        Header = Header(secret: null),
        Message = new PunchOutOrderMessage
        {
            BuyerCookie = "cookie-1234",
            OperationAllowed = "edit",
            Total = new CxmlMoney(1234.5678m, "EUR"),
            Items =
            [
                new CxmlItemIn { Quantity = 3m, LineNumber = 1, ItemId = new CxmlItemId("P-1", "session-42/line-1"), Detail = Detail(0.0125m) },
                new CxmlItemIn
                {
                    Quantity = 1.5m,
                    ItemId = new CxmlItemId("P-2"),
                    Detail = new CxmlItemDetail
                    {
                        UnitPrice = new CxmlMoney(100m, "EUR"),
                        Description = "Stapler",
                        DescriptionLang = "de",
                        UnitOfMeasure = "EA",
                        Classifications = [new CxmlClassification("UNSPSC", "44121615")],
                    },
                },
            ],
        },
    };

    public static CxmlDocument OrderRequest() => Envelope("order") with
    {
        Header = Header(),
        DeploymentMode = "production",
        Request = new OrderRequest
        {
            Header = new CxmlOrderRequestHeader
            {
                OrderId = "PO-2026-0001",
                OrderDate = new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.FromHours(-5)),
                Type = "update",
                OrderVersion = 2,
                Total = new CxmlMoney(62.50m, "USD"),
                ShipTo = Address(),
                BillTo = Address("BILL-1") with { DeliverTo = [], Email = null, State = null },
                Contacts = [new CxmlContact("buyer", "John Buyer", "john@acme.example")],
                Comments = "Please deliver before Christmas",
                DocumentReferencePayloadId = "order-v1@buyer.example",
                Extrinsics = [new CxmlExtrinsic("CompanyCode", "1000")],
            },
            Items = [ItemOut(1), ItemOut(2) with { Quantity = 1m }],
        },
    };

    public static CxmlDocument ProfileRequest() => Envelope("profile") with
    {
        Header = Header(),
        Request = new ProfileRequest(),
    };

    public static CxmlDocument ProfileResponse() => Envelope("profile-res") with
    {
        Response = new CxmlResponse(CxmlStatus.Ok, new ProfileResponse(
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            [
                new CxmlProfileTransaction("PunchOutSetupRequest", "https://portal.example/cxml"),
                new CxmlProfileTransaction("OrderRequest", "https://portal.example/cxml"),
                new CxmlProfileTransaction("ProfileRequest", "https://portal.example/cxml"),
            ])),
    };

    public static CxmlDocument ErrorResponse() => Envelope("error") with
    {
        Response = new CxmlResponse(new CxmlStatus(401, "Unauthorized", "Shared secret does not match for NetworkID AN01000000001 & co.")),
    };

    public static IEnumerable<(string Name, CxmlDocument Document)> All() =>
    [
        ("PunchOutSetupRequest create", SetupRequest("create")),
        ("PunchOutSetupRequest edit", SetupRequest("edit")),
        ("PunchOutSetupResponse", SetupResponse()),
        ("PunchOutOrderMessage", OrderMessage()),
        ("OrderRequest", OrderRequest()),
        ("ProfileRequest", ProfileRequest()),
        ("ProfileResponse", ProfileResponse()),
        ("Status error", ErrorResponse()),
        ("Status OK only", ErrorResponse() with { Response = new CxmlResponse(CxmlStatus.Ok) }),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in All())
        {
            data.Add(name);
        }
        return data;
    }

    public static CxmlDocument ByName(string name) => All().Single(d => d.Name == name).Document;
}
