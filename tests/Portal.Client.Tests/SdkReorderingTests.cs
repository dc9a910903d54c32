using Portal.Client;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>The SDK's reordering operations (templates, favorites, suggestions, replenishment) against the real API (PostgreSQL, demo account Acme).</summary>
public sealed class SdkReorderingTests(PortalApiFactory api) : SdkTestBase(api), IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task A_buyer_keeps_a_template_and_favorites_and_schedules_replenishment_through_the_sdk()
    {
        var buyer = NewClient("acme-buyer");
        var template = await buyer.OrderTemplates.CreateAsync(new CreateOrderTemplateRequest
        {
            Name = "SDK weekly", Lines = [new TemplateLineInput { Sku = "FAS-1001", Quantity = 3m }, new TemplateLineInput { Sku = "OFF-1001", Quantity = 1m }],
        });
        Assert.Equal("user", template.Scope);
        Assert.True(template.CanManage);
        Assert.Contains((await buyer.OrderTemplates.ListAsync()).Items, t => t.Id == template.Id);

        var cart = await buyer.OrderTemplates.CartAsync(template.Id);
        Assert.Equal(2, cart.Cart.LineCount);
        Assert.Empty(cart.Skipped);
        Assert.All(cart.Cart.Lines, l => Assert.True(l.UnitPrice > 0m));

        var order = await buyer.OrderTemplates.OrderAsync(template.Id, idempotencyKey: Guid.NewGuid().ToString(), body: new TemplateOrderRequest { CustomerReference = "SDK-TEMPLATE" });
        Assert.Equal(2, order.Lines.Count);

        var list = await buyer.FavoriteLists.CreateAsync(new CreateFavoriteListRequest { Name = "SDK favorites" });
        list = await buyer.FavoriteLists.AddItemAsync(list.Id, new AddFavoriteItemRequest { Sku = "FAS-1001", Quantity = 10m });
        var item = Assert.Single(list.Items);
        Assert.True(item.UnitPrice > 0m);
        Assert.NotNull(item.Stock);
        list = await buyer.FavoriteLists.RemoveItemAsync(list.Id, "FAS-1001");
        Assert.Empty(list.Items);

        var suggestions = await buyer.ReorderSuggestions.GetAsync(limit: 5);
        Assert.Equal(3, suggestions.MinOrders);

        var schedule = await buyer.ReplenishmentSchedules.CreateAsync(new CreateReplenishmentScheduleRequest
        {
            TemplateId = template.Id, Interval = "P1M", NextRunAt = DateTimeOffset.UtcNow.AddDays(7), Mode = "suggest",
        });
        Assert.True(schedule.Active);
        var paused = await buyer.ReplenishmentSchedules.UpdateAsync(schedule.Id, new UpdateReplenishmentScheduleRequest { Active = false });
        Assert.False(paused.Active);
        await buyer.ReplenishmentSchedules.DeleteAsync(schedule.Id);
        Assert.DoesNotContain((await buyer.ReplenishmentSchedules.ListAsync()).Items, s => s.Id == schedule.Id);
        var suggestedCarts = await buyer.Carts.ListAsync(kind: "suggested");
        Assert.All(suggestedCarts.Items, c => Assert.Equal("suggested", c.Kind));
        await buyer.OrderTemplates.DeleteAsync(template.Id);
    }
}
