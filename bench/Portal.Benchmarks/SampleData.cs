using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;

namespace Portal.Benchmarks;

/// <summary>
/// Realistic resolver inputs, shaped like the entries the price cache holds: per sku the list prices,
/// general and group tiers, the account's customer and contract prices, plus every discount of the
/// account's group (those are appended to every entry by PriceCalculationService).
/// </summary>
public static class SampleData
{
    public const string Group = "G07";
    public static readonly DateOnly Date = new(2026, 12, 1);
    public static readonly Guid CustomerId = Guid.Parse("0b9f3a52-6a86-4d52-9a39-5c1f0e2b7d11");
    public static readonly string[] Categories = ["fasteners", "tools", "safety", "electrical", "plumbing", "adhesives", "abrasives", "packaging"];

    public static PricingCustomer Customer(string strategy) =>
        new(CustomerId, Group, "EUR", strategy, Groups: ",regulated,");

    public static string Sku(int i) => $"SKU-{i:D6}";

    /// <summary>The discounts of the account's group: one on all products, one per category for half the categories.</summary>
    public static List<PriceCondition> GroupDiscounts()
    {
        var list = new List<PriceCondition>
        {
            new() { Id = $"GRP-{Group}-ALL", Kind = ConditionKinds.Group, CustomerGroup = Group, Currency = "EUR", DiscountPercent = 4m },
        };
        for (var c = 0; c < Categories.Length; c += 2)
        {
            list.Add(new() { Id = $"GRP-{Group}-{Categories[c]}", Kind = ConditionKinds.Group, CustomerGroup = Group, Category = Categories[c], Currency = "EUR", DiscountPercent = 6m + c });
        }
        return list;
    }

    /// <summary>
    /// One line's candidates, six applicable kinds mixed: EUR list price (and a USD one that does not
    /// apply), a general and a group tier, the group's discounts, a contract price and a customer price.
    /// </summary>
    public static PriceCondition[] OneLine(string sku, string category) =>
    [
        new() { Id = $"L-{sku}-EUR", Kind = ConditionKinds.List, Sku = sku, Currency = "EUR", Price = 12.40m },
        new() { Id = $"L-{sku}-USD", Kind = ConditionKinds.List, Sku = sku, Currency = "USD", Price = 13.90m },
        new() { Id = $"T-{sku}-10", Kind = ConditionKinds.Tier, Sku = sku, Currency = "EUR", Price = 11.80m, MinQuantity = 10 },
        new() { Id = $"T-{sku}-{Group}-50", Kind = ConditionKinds.Tier, Sku = sku, CustomerGroup = Group, Currency = "EUR", Price = 10.90m, MinQuantity = 50 },
        new() { Id = $"GRP-{Group}-ALL", Kind = ConditionKinds.Group, CustomerGroup = Group, Currency = "EUR", DiscountPercent = 4m },
        new() { Id = $"GRP-{Group}-{category}", Kind = ConditionKinds.Group, CustomerGroup = Group, Category = category, Currency = "EUR", DiscountPercent = 9m },
        new() { Id = $"K-{sku}-4711", Kind = ConditionKinds.Contract, Sku = sku, CustomerId = CustomerId, ContractNo = "RV-2026-4711", Currency = "EUR", Price = 10.20m, MinQuantity = 20, ValidFrom = new(2026, 1, 1), ValidTo = new(2026, 12, 31) },
        new() { Id = $"C-{sku}", Kind = ConditionKinds.Customer, Sku = sku, CustomerId = CustomerId, Currency = "EUR", Price = 10.75m, ValidFrom = new(2026, 7, 1) },
    ];

    /// <summary>A 50-line cart: every line has a list price; about half tiers, a fifth customer prices, a seventh contracts; all lines see the group's discounts.</summary>
    public static List<CartLine> Cart(int lines = 50)
    {
        var groupDiscounts = GroupDiscounts();
        var cart = new List<CartLine>(lines);
        for (var i = 0; i < lines; i++)
        {
            var sku = Sku(1000 + i * 37);
            var category = Categories[i % Categories.Length];
            var list = 2m + (i * 7919 % 20000) / 100m;
            var conditions = new List<PriceCondition>
            {
                new() { Id = $"L-{sku}", Kind = ConditionKinds.List, Sku = sku, Currency = "EUR", Price = list * 10, PriceUnit = i % 9 == 0 ? 10 : 1 },
            };
            if (i % 2 == 0)
            {
                conditions.Add(new() { Id = $"T-{sku}-10", Kind = ConditionKinds.Tier, Sku = sku, Currency = "EUR", Price = list * 0.95m, MinQuantity = 10 });
                conditions.Add(new() { Id = $"T-{sku}-50", Kind = ConditionKinds.Tier, Sku = sku, Currency = "EUR", Price = list * 0.90m, MinQuantity = 50 });
            }
            if (i % 5 == 0)
            {
                conditions.Add(new() { Id = $"C-{sku}", Kind = ConditionKinds.Customer, Sku = sku, CustomerId = CustomerId, Currency = "EUR", Price = list * 0.88m });
            }
            if (i % 7 == 0)
            {
                conditions.Add(new() { Id = $"K-{sku}", Kind = ConditionKinds.Contract, Sku = sku, CustomerId = CustomerId, ContractNo = "RV-2026-4711", Currency = "EUR", Price = list * 0.85m, MinQuantity = 20, ValidTo = new(2026, 12, 31) });
            }
            conditions.AddRange(groupDiscounts.Where(g => g.Category is null || g.Category == category));
            cart.Add(new CartLine(new PricingProduct(sku, category, Regulated: i % 25 == 24), [.. conditions], 1 + (i * 13 % 120)));
        }
        return cart;
    }
}

/// <summary>One line of a cart with the candidates the cache would hold for it.</summary>
public sealed record CartLine(PricingProduct Product, PriceCondition[] Conditions, decimal Quantity);
