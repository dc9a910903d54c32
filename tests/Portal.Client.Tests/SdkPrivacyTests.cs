using Portal.Client;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>Issue #22 through the SDK: orders it places record the channel sdk; the self-service report; the personal-data export.</summary>
public sealed class SdkPrivacyTests(PortalApiFactory api) : SdkTestBase(api), IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task An_order_through_the_sdk_counts_as_self_service_channel_sdk_and_shows_in_the_export()
    {
        var buyer = NewClient("acme-buyer", Api.DemoSecret("acme-buyer"));
        var me = await buyer.Me.GetAsync();
        var order = await buyer.Orders.CreateAsync(new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 2m }] }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(OrderChannel.Sdk, order.Channel);

        var supplier = NewClient(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var report = await supplier.Reports.SelfServiceAsync(from: today, to: today, customerId: me.Customer!.Id);
        Assert.True(report.ByChannel["sdk"] >= 1);
        Assert.Equal(report.Orders, report.SelfService + report.Assisted);
        Assert.Equal(0.6m, report.Target);

        var admin = NewClient("acme-admin", Api.DemoSecret("acme-admin"));
        var export = await admin.PersonalData.ExportAsync(me.User!.Id);
        Assert.Contains(export.Orders, o => o.Id == order.Id);
        Assert.Equal(me.User.Email, export.User.Email);
    }
}
