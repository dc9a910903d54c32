using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;

namespace Portal.UnitTests;

public class PriceResolverTests
{
    private static readonly Guid Acme = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly PricingCustomer Customer = new(Acme, "industry", "EUR", PricingStrategies.Priority, Groups: null);
    private static readonly PricingProduct Screw = new("FAS-1", "fasteners", Regulated: false);

    private static PriceCondition List(decimal price, string currency = "EUR", decimal priceUnit = 1, DateOnly? from = null, DateOnly? to = null, string id = "L") =>
        new() { Id = id, Kind = ConditionKinds.List, Sku = "FAS-1", Currency = currency, Price = price, PriceUnit = priceUnit, ValidFrom = from, ValidTo = to };

    private static PriceCondition CustomerPrice(decimal price, Guid? customer = null, string id = "C") =>
        new() { Id = id, Kind = ConditionKinds.Customer, Sku = "FAS-1", CustomerId = customer ?? Acme, Currency = "EUR", Price = price };

    private static PriceCondition Contract(decimal price, decimal minQuantity, string id = "K") =>
        new() { Id = id, Kind = ConditionKinds.Contract, Sku = "FAS-1", CustomerId = Acme, ContractNo = "FA-1", Currency = "EUR", Price = price, MinQuantity = minQuantity };

    private static PriceCondition Tier(decimal price, decimal minQuantity, string? group = null, string id = "T") =>
        new() { Id = id + minQuantity + group, Kind = ConditionKinds.Tier, Sku = "FAS-1", CustomerGroup = group, Currency = "EUR", Price = price, MinQuantity = minQuantity };

    private static PriceCondition Group(decimal percent, string? category = null, string group = "industry", string id = "G") =>
        new() { Id = id + category, Kind = ConditionKinds.Group, CustomerGroup = group, Category = category, Currency = "EUR", DiscountPercent = percent };

    private static ResolvedPrice Price(IReadOnlyList<PriceCondition> conditions, decimal quantity = 1, PricingCustomer? customer = null, DateOnly? date = null, string currency = "EUR")
    {
        var (price, error) = PriceResolver.Resolve(customer ?? Customer, Screw, conditions, quantity, currency, date ?? Today);
        Assert.True(price is not null, error?.Message);
        return price;
    }

    [Fact]
    public void Priority_order_is_customer_contract_tier_group_list()
    {
        List<PriceCondition> all = [List(100), Group(10), Tier(85, 1), Contract(80, 1), CustomerPrice(95)];
        Assert.Equal(("customer", 95m), (Price(all).Source, Price(all).UnitPrice));
        all.RemoveAt(4);
        Assert.Equal(("contract", 80m), (Price(all).Source, Price(all).UnitPrice));
        all.RemoveAt(3);
        Assert.Equal(("tier", 85m), (Price(all).Source, Price(all).UnitPrice));
        all.RemoveAt(2);
        Assert.Equal(("group", 90m), (Price(all).Source, Price(all).UnitPrice));
        all.RemoveAt(1);
        Assert.Equal(("list", 100m), (Price(all).Source, Price(all).UnitPrice));
    }

    [Fact]
    public void Always_shows_list_price_and_saving()
    {
        var price = Price([List(100), CustomerPrice(80)], quantity: 3);
        Assert.Equal(100m, price.ListPrice);
        Assert.Equal(20m, price.Saving);
        Assert.Equal(60m, price.LineSaving);
        Assert.Equal(20m, price.SavingPercent);
        Assert.Equal(240m, price.LineTotal);
        Assert.Equal("C", price.ConditionId);
    }

    [Theory]
    [InlineData(9, "group")]     // below the first break
    [InlineData(10, "tier")]     // exactly the minimum quantity
    [InlineData(99, "tier")]
    [InlineData(100, "tier")]
    public void Tiers_apply_from_their_minimum_quantity(decimal quantity, string source)
    {
        var price = Price([List(100), Group(5), Tier(95, 10), Tier(90, 100)], quantity);
        Assert.Equal(source, price.Source);
        if (quantity >= 100)
        {
            Assert.Equal(90m, price.UnitPrice);
        }
        else if (quantity >= 10)
        {
            Assert.Equal(95m, price.UnitPrice);
        }
    }

    [Fact]
    public void A_groups_own_tier_is_more_specific_than_the_general_one()
    {
        Assert.Equal(97m, Price([List(100), Tier(90, 10), Tier(97, 10, "industry")], 10).UnitPrice);
        // Another group's tier never applies.
        Assert.Equal(90m, Price([List(100), Tier(90, 10), Tier(80, 10, "retail")], 10).UnitPrice);
    }

    [Theory]
    [InlineData(49, "list")]
    [InlineData(50, "contract")]
    public void Contracts_apply_from_their_minimum_quantity(decimal quantity, string source) =>
        Assert.Equal(source, Price([List(100), Contract(70, 50)], quantity).Source);

    [Fact]
    public void A_category_discount_is_more_specific_than_the_all_products_one()
    {
        Assert.Equal(88m, Price([List(100), Group(5), Group(12, "fasteners")]).UnitPrice);
        Assert.Equal(95m, Price([List(100), Group(5), Group(12, "tools")]).UnitPrice);
        Assert.Equal(100m, Price([List(100), Group(30, group: "retail")]).UnitPrice);
    }

    [Fact]
    public void A_fraction_of_a_product_sold_in_whole_units_is_an_invalid_quantity()
    {
        var box = new PricingProduct("FAS-1", "fasteners", Regulated: false, Unit: "BX");
        var (price, error) = PriceResolver.Resolve(Customer, box, [List(100)], 0.5m, "EUR", Today);
        Assert.Null(price);
        Assert.Equal(PriceErrorCodes.InvalidQuantity, error!.Code);
        Assert.Equal(100m, PriceResolver.Resolve(Customer, box, [List(100)], 2m, "EUR", Today).Price!.UnitPrice);
        var litre = new PricingProduct("FAS-1", "fasteners", Regulated: false, Unit: "LTR");
        Assert.Equal(250m, PriceResolver.Resolve(Customer, litre, [List(100)], 2.5m, "EUR", Today).Price!.LineTotal);
    }

    [Fact]
    public void Within_a_kind_the_lowest_price_wins()
    {
        Assert.Equal(70m, Price([List(100), CustomerPrice(80, id: "C1"), CustomerPrice(70, id: "C2")]).UnitPrice);
    }

    [Fact]
    public void Another_accounts_customer_price_never_applies()
    {
        var price = Price([List(100), CustomerPrice(50, Other)]);
        Assert.Equal("list", price.Source);
    }

    [Theory]
    [InlineData("2026-11-30", "customer")] // first day (inclusive)
    [InlineData("2026-12-31", "customer")] // last day (inclusive)
    [InlineData("2026-11-29", "list")]     // the day before
    [InlineData("2027-01-01", "list")]     // the day after
    public void Validity_windows_include_both_boundaries(string date, string source)
    {
        var limited = CustomerPrice(80);
        limited.ValidFrom = new DateOnly(2026, 11, 30);
        limited.ValidTo = new DateOnly(2026, 12, 31);
        Assert.Equal(source, Price([List(100), limited], date: DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Source);
    }

    [Fact]
    public void An_expired_list_price_gives_way_to_the_current_one()
    {
        var price = Price([List(90, to: new DateOnly(2026, 11, 29), id: "OLD"), List(100, from: new DateOnly(2026, 11, 30), id: "NEW")]);
        Assert.Equal(100m, price.ListPrice);
    }

    [Fact]
    public void Price_units_divide_the_price()
    {
        var price = Price([List(12.5m, priceUnit: 100)], quantity: 250);
        Assert.Equal(0.125m, price.UnitPrice);
        Assert.Equal(31.25m, price.LineTotal);
        Assert.Equal(100m, price.PriceUnit);
    }

    [Fact]
    public void Currencies_never_mix()
    {
        List<PriceCondition> conditions = [List(100, "EUR"), List(86, "GBP", id: "LG")];
        Assert.Equal(86m, Price(conditions, currency: "GBP").UnitPrice);
        var (price, error) = PriceResolver.Resolve(Customer, Screw, conditions, 1, "USD", Today);
        Assert.Null(price);
        Assert.Equal(PriceErrorCodes.NoListPrice, error!.Code);
    }

    [Fact]
    public void Lines_without_a_price_say_why()
    {
        Assert.Equal(PriceErrorCodes.UnknownSku, PriceResolver.Resolve(Customer, null, [], 1, "EUR", Today).Error!.Code);
        Assert.Equal(PriceErrorCodes.NoListPrice, PriceResolver.Resolve(Customer, Screw, [CustomerPrice(10)], 1, "EUR", Today).Error!.Code);
        Assert.Equal(PriceErrorCodes.InvalidQuantity, PriceResolver.Resolve(Customer, Screw, [List(1)], 0, "EUR", Today).Error!.Code);
        var regulated = Screw with { Regulated = true, RestrictedGroups = ",medical,regulated," };
        Assert.Equal(PriceErrorCodes.Restricted, PriceResolver.Resolve(Customer, regulated, [List(1)], 1, "EUR", Today).Error!.Code);
        Assert.Equal(PriceErrorCodes.Restricted, PriceResolver.Resolve(Customer with { Groups = ",regulatedx,med," }, regulated, [List(1)], 1, "EUR", Today).Error!.Code);
        Assert.NotNull(PriceResolver.Resolve(Customer with { Groups = ",a,regulated," }, regulated, [List(1)], 1, "EUR", Today).Price);
        // The account's pricing group counts as a membership too.
        Assert.NotNull(PriceResolver.Resolve(Customer, Screw with { RestrictedGroups = ",industry," }, [List(1)], 1, "EUR", Today).Price);
    }

    [Fact]
    public void Lowest_price_strategy_takes_the_cheapest_applicable_condition()
    {
        var cheapest = Customer with { Strategy = PricingStrategies.LowestPrice };
        List<PriceCondition> conditions = [List(100), CustomerPrice(95), Group(10), Tier(92, 5)];
        Assert.Equal(("group", 90m), (Price(conditions, 1, cheapest).Source, Price(conditions, 1, cheapest).UnitPrice));
        Assert.Equal(("customer", 95m), (Price(conditions, 1).Source, Price(conditions, 1).UnitPrice));
        conditions.Add(Tier(85, 5));
        Assert.Equal(("tier", 85m), (Price(conditions, 5, cheapest).Source, Price(conditions, 5, cheapest).UnitPrice));
    }

    [Fact]
    public void Scopes_affected_by_a_change_are_exactly_the_keys_it_can_change()
    {
        Assert.Equal([PriceCache.SkuScope("FAS-1")], PriceCache.ScopesAffectedBy(List(1)));
        Assert.Equal([PriceCache.SkuScope("FAS-1")], PriceCache.ScopesAffectedBy(Tier(1, 10)));
        Assert.Equal([PriceCache.GroupSkuScope("industry", "FAS-1")], PriceCache.ScopesAffectedBy(Tier(1, 10, "industry")));
        Assert.Equal([PriceCache.CustomerSkuScope(Acme, "FAS-1")], PriceCache.ScopesAffectedBy(CustomerPrice(1)));
        Assert.Equal([PriceCache.CustomerSkuScope(Acme, "FAS-1")], PriceCache.ScopesAffectedBy(Contract(1, 5)));
        Assert.Equal([PriceCache.GroupScope("industry")], PriceCache.ScopesAffectedBy(Group(5, "tools")));
    }
}
