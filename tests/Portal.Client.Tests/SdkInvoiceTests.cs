using Portal.Client;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>Invoices through the SDK: the ERP invoices a confirmed order; the order lists the invoice.</summary>
public sealed class SdkInvoiceTests(PortalApiFactory api) : SdkTestBase(api), IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task The_ERP_invoices_an_order_and_a_reused_number_with_other_content_is_a_conflict()
    {
        var buyerId = Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1].ClientId;
        var buyer = NewClient(buyerId, Api.DemoSecret(buyerId));
        var erp = NewClient(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        var order = await buyer.Orders.CreateAsync(body: new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 10m }], CustomerReference = "SDK-INVOICE" });
        await erp.Orders.ChangeStatusAsync(order.Id, new OrderStatusRequest { Status = OrderStatus.Confirmed });

        var invoice = await erp.Orders.InvoiceAsync(order.Id, new CreateInvoiceRequest
        {
            Number = "SDK-INV-1", Date = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero),
            Lines = [new InvoiceLineInput { LineNumber = 1, Quantity = 4m }], Tax = 1.50m,
        });
        Assert.Equal(4m, Assert.Single(invoice.Lines).Quantity);
        Assert.Equal(invoice.Subtotal + 1.50m, invoice.Total);

        var conflict = await Assert.ThrowsAnyAsync<PortalApiException>(() => erp.Orders.InvoiceAsync(order.Id, new CreateInvoiceRequest
        {
            Number = "SDK-INV-1", Date = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), Tax = 9m,
        }));
        Assert.Equal(409, conflict.Status);

        var read = await buyer.Orders.GetAsync(order.Id);
        Assert.Equal("SDK-INV-1", Assert.Single(read.Invoices!).Number);
        Assert.Empty(read.CxmlDocuments!); // not a cXML order
    }
}
