using BenchmarkDotNet.Attributes;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;

namespace Portal.Benchmarks;

/// <summary>The pure resolver: one line with mixed candidates, and a 50-line cart (the warm calculation's CPU work per line).</summary>
[MemoryDiagnoser]
public class PriceResolverBenchmarks
{
    private PricingCustomer _customer = null!;
    private PricingProduct _product = null!;
    private PriceCondition[] _oneLine = [];
    private List<CartLine> _cart = [];

    [Params(PricingStrategies.Priority, PricingStrategies.LowestPrice)]
    public string Strategy { get; set; } = PricingStrategies.Priority;

    [GlobalSetup]
    public void Setup()
    {
        _customer = SampleData.Customer(Strategy);
        _product = new PricingProduct("SKU-000123", "fasteners", Regulated: false);
        _oneLine = SampleData.OneLine(_product.Sku, _product.Category);
        _cart = SampleData.Cart(50);
        // Fail fast (in setup, not in the measurement) if the inputs stop producing prices.
        if (ResolveOneLine() is null || ResolveCart50() <= 0)
        {
            throw new InvalidOperationException("The sample inputs no longer resolve to prices.");
        }
    }

    [Benchmark(Description = "Resolve 1 line, 8 candidates")]
    public ResolvedPrice? ResolveOneLine() =>
        PriceResolver.Resolve(_customer, _product, _oneLine, 60m, "EUR", SampleData.Date).Price;

    [Benchmark(Description = "Resolve 50-line cart")]
    public decimal ResolveCart50()
    {
        decimal total = 0;
        foreach (var line in _cart)
        {
            var (price, _) = PriceResolver.Resolve(_customer, line.Product, line.Conditions, line.Quantity, "EUR", SampleData.Date);
            if (price is not null)
            {
                total += price.LineTotal;
            }
        }
        return total;
    }
}
