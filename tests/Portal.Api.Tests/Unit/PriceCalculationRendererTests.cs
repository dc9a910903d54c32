using System.Text;
using System.Text.Json;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;
using Portal.Api.Features.Pricing.V1;

namespace Portal.Api.Tests.Unit;

/// <summary>
/// The pricing core returns domain lines; the endpoint's renderer memoises what it rendered per basis (the
/// cache entry a line is priced from). The memo is keyed by the basis object: the same object answers from
/// the memo without resolving the line again, a new object (what any change produces) is resolved afresh,
/// and accounts on real-time ERP prices are never memoised.
/// </summary>
public class PriceCalculationRendererTests
{
    private static readonly DateOnly Date = new(2026, 12, 15);
    private static readonly PriceCalculationLineRequest[] Request = [new(" FAS-1 ", 2.0m)];

    private static PricingCustomer Customer(bool realtime = false) =>
        new(Guid.NewGuid(), "industry", "EUR", PricingStrategies.Priority, Groups: null, RealtimePricing: realtime);

    private static PriceCondition List(decimal price) =>
        new() { Id = "L", Kind = ConditionKinds.List, Sku = "FAS-1", Currency = "EUR", Price = price, PriceUnit = 1 };

    private static PriceCache.Entry Entry(decimal listPrice) =>
        new(new PricingProduct("FAS-1", "fasteners", Regulated: false), [List(listPrice)], new long[5]);

    private static PricedLines Priced(PricingCustomer customer, PriceCache.Entry entry) =>
        new("EUR", Date, customer, [("FAS-1", 2.0m)], new(StringComparer.Ordinal) { ["FAS-1"] = entry }, erpPrices: null);

    private static JsonElement Line(PriceCalculationResponse response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            response.Write(writer);
        }
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.GetProperty("lines")[0].Clone();
    }

    [Fact]
    public void The_core_result_resolves_each_line_with_the_cached_facts()
    {
        var priced = Priced(Customer(), Entry(10m));

        var (price, error) = priced.Lines[0];
        Assert.Null(error);
        Assert.Equal((10m, 20.00m, "list"), (price!.UnitPrice, price.LineTotal, price.Source));
        Assert.Same(priced.BasisOf(0), priced.BasisOf(0));
    }

    [Fact]
    public void A_line_rendered_from_the_same_basis_is_answered_from_the_memo_and_a_new_basis_is_rendered_afresh()
    {
        using var renderer = new PriceCalculationRenderer();
        var customer = Customer();
        var entry = Entry(10m);
        var first = Line(renderer.Render(Request, Priced(customer, entry)));
        Assert.Equal((" FAS-1 ", "2.0", 10m), (first.GetProperty("sku").GetString(), first.GetProperty("quantity").GetRawText(), first.GetProperty("unitPrice").GetDecimal()));

        // The same basis object: the memo answers (the line is not resolved, so a change made behind the
        // basis's back does not show; the price cache never does that, it makes a new entry instead).
        entry.Conditions[0] = List(12m);
        Assert.Equal(10m, Line(renderer.Render(Request, Priced(customer, entry))).GetProperty("unitPrice").GetDecimal());

        // A new basis (what a change of a condition, the product or the profile produces): resolved afresh.
        Assert.Equal(12m, Line(renderer.Render(Request, Priced(customer, Entry(12m)))).GetProperty("unitPrice").GetDecimal());

        // The quantity is echoed as sent: 2 and 2.0 are different renderings of the same basis.
        var two = Line(renderer.Render([new(" FAS-1 ", 2m)], Priced(customer, entry)));
        Assert.Equal(("2", 12m), (two.GetProperty("quantity").GetRawText(), two.GetProperty("unitPrice").GetDecimal()));
    }

    [Fact]
    public void Lines_of_an_account_on_realtime_prices_have_no_basis_and_are_never_memoised()
    {
        using var renderer = new PriceCalculationRenderer();
        var customer = Customer(realtime: true);
        var entry = Entry(10m);
        Assert.Null(Priced(customer, entry).BasisOf(0));

        Assert.Equal(10m, Line(renderer.Render(Request, Priced(customer, entry))).GetProperty("unitPrice").GetDecimal());
        entry.Conditions[0] = List(12m);
        Assert.Equal(12m, Line(renderer.Render(Request, Priced(customer, entry))).GetProperty("unitPrice").GetDecimal());
    }
}
