namespace Portal.Api.Features.Pricing;

/// <summary>
/// The pricing core's one database statement for whatever the price cache misses: products, candidate
/// conditions and, when not cached, the account's pricing profile (<see cref="PriceCalculationService"/>).
/// </summary>
internal static class PriceCandidateQuery
{
    /// <summary>
    /// Products and candidate conditions of <paramref name="skus"/> in one statement (UNION ALL); when
    /// <paramref name="known"/> is null, the account's profile too, with its group and currency read by
    /// subqueries of the same statement. Returns the loaded profile (null when it was known).
    /// </summary>
    public static async Task<(PricingCustomer? Customer, Dictionary<string, (PricingProduct? Product, PriceCondition[]? Conditions)> Candidates)> LoadAsync(
        PortalDbContext db, Guid customerId, PricingCustomer? known, string? requestedCurrency, List<string> skus, CancellationToken cancellationToken)
    {
        var group = known?.CustomerGroup;
        var currency = requestedCurrency ?? known?.Currency;
        var account = db.Customers.AsNoTracking().Where(c => c.Id == customerId);
        var productRows = db.Products.AsNoTracking()
            .Where(p => skus.Contains(p.Sku))
            .Select(p => new CandidateRow
            {
                Row = CandidateRow.Product, Sku = p.Sku, Category = p.Category, Regulated = p.Regulated, Groups = p.RestrictedGroups, Unit = p.Unit,
                ConditionId = null, Kind = null, CustomerId = null, CustomerGroup = null, ContractNo = null, Price = null,
                DiscountPercent = null, MinQuantity = 0m, PriceUnit = 1m, ValidFrom = null, ValidTo = null,
                Currency = null, Strategy = null, Realtime = false, Number = null,
            });
        var conditionRows = db.PriceConditions.AsNoTracking()
            .Where(c => c.Currency == (currency ?? account.Select(a => a.Currency).FirstOrDefault()) && (
                (c.Sku != null && skus.Contains(c.Sku) && (
                    c.Kind == ConditionKinds.List
                    || (c.Kind == ConditionKinds.Tier && (c.CustomerGroup == null || c.CustomerGroup == (group ?? account.Select(a => a.CustomerGroup).FirstOrDefault())))
                    || ((c.Kind == ConditionKinds.Customer || c.Kind == ConditionKinds.Contract) && c.CustomerId == customerId)))
                || (c.Kind == ConditionKinds.Group && c.CustomerGroup == (group ?? account.Select(a => a.CustomerGroup).FirstOrDefault()))))
            .Select(c => new CandidateRow
            {
                Row = CandidateRow.Condition, Sku = c.Sku, Category = c.Category, Regulated = false, Groups = null, Unit = null,
                ConditionId = c.Id, Kind = c.Kind, CustomerId = c.CustomerId, CustomerGroup = c.CustomerGroup, ContractNo = c.ContractNo, Price = c.Price,
                DiscountPercent = c.DiscountPercent, MinQuantity = c.MinQuantity, PriceUnit = c.PriceUnit, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo,
                Currency = c.Currency, Strategy = null, Realtime = false, Number = null,
            });
        var query = productRows.Concat(conditionRows);
        if (known is null)
        {
            query = query.Concat(account.Select(a => new CandidateRow
            {
                Row = CandidateRow.Profile, Sku = null, Category = null, Regulated = false, Groups = a.Groups, Unit = null,
                ConditionId = null, Kind = null, CustomerId = a.Id, CustomerGroup = a.CustomerGroup, ContractNo = null, Price = null,
                DiscountPercent = null, MinQuantity = 0m, PriceUnit = 1m, ValidFrom = null, ValidTo = null,
                Currency = a.Currency, Strategy = a.PricingStrategy, Realtime = a.RealtimePricing, Number = a.Number,
            }));
        }
        var rows = await query.ToListAsync(cancellationToken);

        var products = new Dictionary<string, PricingProduct>(StringComparer.Ordinal);
        var bySku = new Dictionary<string, List<PriceCondition>>(StringComparer.Ordinal);
        var groupConditions = new List<PriceCondition>();
        PricingCustomer? loaded = null;
        foreach (var row in rows)
        {
            if (row.Row == CandidateRow.Product)
            {
                products[row.Sku!] = new PricingProduct(row.Sku!, row.Category!, row.Regulated, row.Groups, row.Unit);
                continue;
            }
            if (row.Row == CandidateRow.Profile)
            {
                loaded = new PricingCustomer(row.CustomerId!.Value, row.CustomerGroup!, row.Currency!, row.Strategy!, row.Groups, row.Realtime, row.Number);
                continue;
            }
            var condition = new PriceCondition
            {
                Id = row.ConditionId!, Kind = row.Kind!, Sku = row.Sku, CustomerId = row.CustomerId, CustomerGroup = row.CustomerGroup,
                ContractNo = row.ContractNo, Category = row.Category, Currency = row.Currency!, Price = row.Price, DiscountPercent = row.DiscountPercent,
                MinQuantity = row.MinQuantity, PriceUnit = row.PriceUnit, ValidFrom = row.ValidFrom, ValidTo = row.ValidTo,
            };
            if (condition.Kind == ConditionKinds.Group)
            {
                groupConditions.Add(condition);
            }
            else
            {
                if (!bySku.TryGetValue(condition.Sku!, out var list))
                {
                    bySku[condition.Sku!] = list = [];
                }
                list.Add(condition);
            }
        }

        var result = new Dictionary<string, (PricingProduct?, PriceCondition[]?)>(StringComparer.Ordinal);
        foreach (var sku in skus)
        {
            products.TryGetValue(sku, out var product);
            var own = bySku.TryGetValue(sku, out var list) ? list : [];
            var applicableGroup = product is null ? [] : groupConditions.Where(g => g.Category is null || g.Category == product.Category);
            result[sku] = (product, [.. own, .. applicableGroup]);
        }
        if (known is null && loaded is null)
        {
            throw new InvalidOperationException($"The account {customerId} of the tenant scope does not exist.");
        }
        return (loaded, result);
    }

    /// <summary>One row of the candidate query: a product, a condition or the account's profile.</summary>
    private sealed class CandidateRow
    {
        public const int Product = 0;
        public const int Condition = 1;
        public const int Profile = 2;

        public int Row { get; init; }
        public string? Sku { get; init; }
        public string? Category { get; init; }
        public bool Regulated { get; init; }
        public string? Groups { get; init; }
        public string? Unit { get; init; }
        public string? ConditionId { get; init; }
        public string? Kind { get; init; }
        public Guid? CustomerId { get; init; }
        public string? CustomerGroup { get; init; }
        public string? ContractNo { get; init; }
        public decimal? Price { get; init; }
        public decimal? DiscountPercent { get; init; }
        public decimal MinQuantity { get; init; }
        public decimal PriceUnit { get; init; }
        public DateOnly? ValidFrom { get; init; }
        public DateOnly? ValidTo { get; init; }
        public string? Currency { get; init; }
        public string? Strategy { get; init; }
        public bool Realtime { get; init; }
        public string? Number { get; init; }
    }
}
