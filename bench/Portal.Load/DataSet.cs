using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Load;

/// <summary>A price condition as PUT /api/v1/pricing/conditions takes it (PriceConditionDto); nulls are left out.</summary>
public sealed record ConditionDto
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public string? Sku { get; init; }
    public Guid? CustomerId { get; init; }
    public string? CustomerGroup { get; init; }
    public string? ContractNo { get; init; }
    public string? Category { get; init; }
    public string Currency { get; init; } = "EUR";
    public decimal? Price { get; init; }
    public decimal? DiscountPercent { get; init; }
    public decimal? MinQuantity { get; init; }
    public decimal? PriceUnit { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}

/// <summary>A product of POST /api/v1/products/batch (ProductBatchItem).</summary>
public sealed record ProductDto(string Sku, string Name, string Category, string Unit, string? Manufacturer, decimal PackSize, decimal StockQuantity, bool Regulated);

/// <summary>A line of POST /api/v1/price-calculations.</summary>
public sealed record LineDto(string Sku, decimal Quantity);

/// <summary>What `seed` wrote, for `run` and `sample`.</summary>
public sealed record SeedManifest(int Products, int Accounts, int Conditions, int Groups, DateTimeOffset SeededAt);

/// <summary>
/// The synthetic data set, fully determined by its sizes: skus BENCH-000000.., categories, list prices,
/// tiers, group discounts and per-account customer and contract prices. The same sizes always give the
/// same rows, so a seed can be repeated (upserts by id) and carts always name existing skus.
/// </summary>
public sealed class DataSet(int products, int accounts, int conditions)
{
    public const int GroupCount = 20;

    public static readonly string[] Categories =
    [
        "fasteners", "hand-tools", "power-tools", "abrasives", "adhesives", "safety", "workwear", "electrical",
        "cables", "lighting", "plumbing", "hvac", "hydraulics", "pneumatics", "bearings", "drive-technology",
        "welding", "lubricants", "cleaning", "packaging", "office", "storage", "lab-supplies", "measuring",
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Products { get; } = products;

    public int Accounts { get; } = accounts;

    public int Conditions { get; } = conditions;

    public static string Sku(int i) => $"BENCH-{i:D6}";

    public static string Group(int account) => $"GRP-{account % GroupCount:D2}";

    public static string Category(int i) => Categories[(int)((uint)(i * 2654435761u) % (uint)Categories.Length)];

    private static uint Hash(int i) => (uint)i * 2654435761u ^ 0x9E3779B9u;

    /// <summary>List price per price unit, 0.50 to 500.49; every 20th product is priced per 100.</summary>
    public static decimal ListPrice(int i) => (50 + Hash(i) % 50_000) / 100m * (PriceUnit(i) == 100 ? 40 : 1);

    public static int PriceUnit(int i) => i % 20 == 7 ? 100 : 1;

    public static bool Regulated(int i) => i % 200 == 199;

    public ProductDto Product(int i) => new(
        Sku(i), $"Bench product {i}", Category(i), i % 20 == 7 ? "PK" : "EA", $"Maker {i % 97:D2}",
        PackSize: i % 20 == 7 ? 100 : 1, StockQuantity: i % 13 * 10, Regulated: Regulated(i));

    /// <summary>
    /// All conditions, catalog-wide first (list prices, group discounts, tiers), then the accounts'
    /// customer and contract prices, which need the account ids. Sizes: one EUR list price per product;
    /// two quantity tiers (from 10 and from 50) for up to 60% of the products and a group's own tier
    /// for a sixth of those (at most 30% of the condition budget); per group one all-products discount
    /// and up to two category discounts; the rest are customer prices (70%) and framework-contract
    /// prices (30%) spread evenly over the accounts.
    /// </summary>
    public IEnumerable<ConditionDto> AllConditions(IReadOnlyList<Guid> accountIds, DateOnly today)
    {
        var emitted = 0;
        for (var i = 0; i < Products && emitted < Conditions; i++, emitted++)
        {
            yield return new ConditionDto
            {
                Id = "L-" + Sku(i), Kind = "list", Sku = Sku(i), Price = ListPrice(i),
                PriceUnit = PriceUnit(i) == 1 ? null : PriceUnit(i),
            };
        }
        for (var g = 0; g < GroupCount && emitted < Conditions; g++)
        {
            var group = $"GRP-{g:D2}";
            yield return new ConditionDto { Id = $"GD-{group}-ALL", Kind = "group", CustomerGroup = group, DiscountPercent = 2 + g % 7 };
            emitted++;
            for (var c = 0; c < g % 3 && emitted < Conditions; c++, emitted++)
            {
                var category = Categories[(g * 5 + c * 11) % Categories.Length];
                yield return new ConditionDto { Id = $"GD-{group}-{category}", Kind = "group", CustomerGroup = group, Category = category, DiscountPercent = 8 + c * 4 };
            }
        }
        // Tiers: per tiered product 2 general tiers plus, for one in six, a group's own tier.
        var tierBudget = Math.Max(0, (Conditions - emitted) * 0.3);
        var tieredShare = Math.Min(0.6, tierBudget / (2 + 1.0 / 6) / Math.Max(1, Products));
        var tieredPerMille = (int)(tieredShare * 1000);
        for (var i = 0; i < Products && emitted < Conditions; i++)
        {
            if (i * 7 % 1000 >= tieredPerMille)
            {
                continue;
            }
            var list = ListPrice(i);
            var unit = PriceUnit(i) == 1 ? (decimal?)null : PriceUnit(i);
            yield return new ConditionDto { Id = $"T10-{Sku(i)}", Kind = "tier", Sku = Sku(i), Price = Math.Round(list * 0.95m, 2), MinQuantity = 10, PriceUnit = unit };
            emitted++;
            if (emitted < Conditions)
            {
                yield return new ConditionDto { Id = $"T50-{Sku(i)}", Kind = "tier", Sku = Sku(i), Price = Math.Round(list * 0.90m, 2), MinQuantity = 50, PriceUnit = unit };
                emitted++;
            }
            if (i % 6 == 0 && emitted < Conditions)
            {
                var group = $"GRP-{i / 6 % GroupCount:D2}";
                yield return new ConditionDto { Id = $"TG-{group}-{Sku(i)}", Kind = "tier", Sku = Sku(i), CustomerGroup = group, Price = Math.Round(list * 0.92m, 2), MinQuantity = 20, PriceUnit = unit };
                emitted++;
            }
        }
        // The rest: the accounts' own prices.
        var remaining = Conditions - emitted;
        if (accountIds.Count == 0 || remaining <= 0)
        {
            yield break;
        }
        var perAccount = remaining / accountIds.Count;
        var extra = remaining % accountIds.Count;
        for (var a = 0; a < accountIds.Count; a++)
        {
            var count = Math.Min(Products, perAccount + (a < extra ? 1 : 0));
            var random = new Random(1_000_003 * (a + 1));
            var skus = new HashSet<int>();
            while (skus.Count < count)
            {
                skus.Add(random.Next(Products));
            }
            var k = 0;
            foreach (var i in skus)
            {
                var list = ListPrice(i);
                var unit = PriceUnit(i) == 1 ? (decimal?)null : PriceUnit(i);
                if (k % 10 < 3)
                {
                    yield return new ConditionDto
                    {
                        Id = $"CT-{a:D6}-{Sku(i)}", Kind = "contract", Sku = Sku(i), CustomerId = accountIds[a], ContractNo = $"RV-{a:D6}-{k % 3 + 1}",
                        Price = Math.Round(list * 0.80m, 2), MinQuantity = 1 + k % 24, PriceUnit = unit, ValidFrom = today.AddDays(-180), ValidTo = today.AddDays(180),
                    };
                }
                else
                {
                    yield return new ConditionDto
                    {
                        Id = $"CP-{a:D6}-{Sku(i)}", Kind = "customer", Sku = Sku(i), CustomerId = accountIds[a],
                        Price = Math.Round(list * (0.78m + random.Next(18) / 100m), 2), MinQuantity = k % 4 == 0 ? 5 : null, PriceUnit = unit,
                        ValidFrom = k % 3 == 0 ? today.AddDays(-90) : null, ValidTo = k % 3 == 0 ? today.AddDays(365) : null,
                    };
                }
                k++;
            }
        }
    }

    /// <summary>A cart of <paramref name="lines"/> distinct random skus with quantities 1 to 100 (tier breaks included).</summary>
    public List<LineDto> Cart(Random random, int lines)
    {
        var picked = new HashSet<int>();
        var cart = new List<LineDto>(lines);
        while (cart.Count < Math.Min(lines, Products))
        {
            var i = random.Next(Products);
            if (picked.Add(i))
            {
                int[] breaks = [1, 2, 5, 10, 12, 20, 24, 50, 60, 100];
                cart.Add(new LineDto(Sku(i), random.Next(4) == 0 ? breaks[random.Next(breaks.Length)] : 1 + random.Next(100)));
            }
        }
        return cart;
    }

    public static byte[] CalculationBody(List<LineDto> lines) =>
        JsonSerializer.SerializeToUtf8Bytes(new { lines }, Json);
}
