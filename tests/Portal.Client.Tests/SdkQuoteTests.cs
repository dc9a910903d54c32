using Portal.Client;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>The quote round trip through the SDK against the real API (PostgreSQL, demo account Acme): request → offer → accept.</summary>
public sealed class SdkQuoteTests(PortalApiFactory api) : SdkTestBase(api), IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task A_buyer_requests_the_sales_desk_offers_and_the_buyer_accepts_through_the_sdk()
    {
        var buyer = NewClient("acme-buyer", Api.DemoSecret("acme-buyer"));
        var desk = NewClient(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        var acme = (await buyer.Me.GetAsync()).Customer!.Id;

        var quote = await buyer.Quotes.RequestQuoteAsync(new CreateQuoteRequest
        {
            Lines = [new QuoteLineInput { Sku = "FAS-1001", Quantity = 1000m, TargetPrice = 0.05m }], Message = "SDK quote",
        });
        Assert.Equal("requested", quote.Status);
        Assert.Equal(0, quote.Version);

        var queue = await desk.Quotes.ListAsync(status: "requested");
        Assert.Contains(queue.Items, q => q.Id == quote.Id);
        var forAcme = new PortalRequestOptions { CustomerId = acme.ToString() };
        await desk.Quotes.ClaimAsync(quote.Id, options: forAcme);
        await desk.Quotes.UpdateAsync(quote.Id, new UpdateQuoteRequest
        {
            Lines = [new QuoteOfferLineInput { Sku = "FAS-1001", Quantity = 1000m, UnitPrice = 0.061m, LeadTimeDays = 4 }],
            ValidUntil = DateTimeOffset.UtcNow.AddDays(10),
        }, options: forAcme);
        var offered = await desk.Quotes.SendAsync(quote.Id, options: forAcme);
        Assert.Equal("offered", offered.Status);
        Assert.Equal(1, offered.Version);

        var seen = await buyer.Quotes.GetAsync(quote.Id);
        var line = Assert.Single(seen.Lines);
        Assert.Equal(0.061m, line.UnitPrice);
        Assert.Equal(line.ListPrice - line.UnitPrice, line.Saving);
        using (var pdf = await buyer.Quotes.PdfAsync(quote.Id, 1))
        {
            var head = new byte[5];
            await pdf.Stream.ReadExactlyAsync(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }

        var key = Guid.NewGuid().ToString();
        var accepted = await buyer.Quotes.AcceptAsync(quote.Id, idempotencyKey: key, body: new AcceptQuoteRequest { Version = 1 });
        var again = await buyer.Quotes.AcceptAsync(quote.Id, idempotencyKey: key, body: new AcceptQuoteRequest { Version = 1 });
        Assert.Equal(accepted.OrderId, again.OrderId);
        var order = await buyer.Orders.GetAsync(accepted.OrderId);
        Assert.Equal(0.061m, Assert.Single(order.Lines).UnitPrice);
        Assert.Equal(61m, order.Total);

        var twice = await Assert.ThrowsAnyAsync<PortalApiException>(() => buyer.Quotes.AcceptAsync(quote.Id, idempotencyKey: Guid.NewGuid().ToString(), body: new AcceptQuoteRequest()));
        Assert.Equal(409, twice.Status);
        Assert.Equal("urn:portal:problem:conflict", twice.Type);
        Assert.Equal("accepted", (await buyer.Quotes.GetAsync(quote.Id)).Status);
    }
}
