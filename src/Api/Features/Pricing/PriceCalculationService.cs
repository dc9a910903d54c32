using Microsoft.EntityFrameworkCore;
using Portal.Api.Features.Accounts;
using Portal.Api.Infrastructure.Caching;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Infrastructure.Tenancy;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// Prices lines for the caller's account: cached entries where their version counters still match, one
/// database round trip for the rest, then <see cref="PriceResolver"/> in memory.
/// </summary>
public sealed class PriceCalculationService(
    IServiceProvider services,
    TenantScope tenant,
    PriceCache cache,
    RequestVersions versions,
    ErpPriceSource erp,
    TimeProvider clock)
{
    public const int MaxLines = 500;

    /// <summary>Taken on the first cache miss only: a warm calculation never creates a database context.</summary>
    private PortalDbContext db => field ??= services.GetRequiredService<PortalDbContext>();

    /// <summary>
    /// The price calculation endpoint's work: validates, prices and renders the answer. A line whose cache
    /// entry already rendered the same sku text, quantity and date is not resolved or serialised again
    /// (<see cref="PriceCache.Entry"/> keeps a few rendered lines; they go with the entry when its version
    /// counters change). Accounts on real-time ERP prices are always resolved afresh.
    /// </summary>
    internal async Task<PriceCalculationResponse> CalculateAsync(PriceCalculationRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new ValidationErrors();
        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            errors.Add("lines", "At least one line is required.");
        }
        else if (lines.Count > MaxLines)
        {
            errors.Add("lines", $"At most {MaxLines} lines can be priced at once; this request has {lines.Count}.");
        }
        string? currency = null;
        if (request.Currency is not null)
        {
            currency = request.Currency.Trim().ToUpperInvariant();
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            {
                errors.Add("currency", "The currency is an ISO 4217 code of three letters, such as EUR.");
            }
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is null || string.IsNullOrWhiteSpace(lines[i].Sku))
            {
                errors.Add($"lines[{i}].sku", "The sku is required.");
            }
            if (lines[i]?.Quantity is null)
            {
                errors.Add($"lines[{i}].quantity", "The quantity is required.");
            }
        }
        errors.ThrowIfAny();

        var date = request.Date ?? Today;
        var (customer, entries) = await LoadEntriesAsync(customerId, currency, lines.Select(l => l.Sku!.Trim()), cancellationToken);
        currency ??= customer.Currency;
        var erpPrices = customer.RealtimePricing
            ? await erp.TryPriceAsync(customer, currency, date, lines.Select(l => (l.Sku!.Trim(), l.Quantity!.Value)).ToList(), cancellationToken)
            : null;

        var rendered = new PriceCache.RenderedLine[lines.Count];
        decimal total = 0, saving = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var (sku, quantity) = (lines[i].Sku!, lines[i].Quantity!.Value);
            var trimmed = sku.Trim();
            var entry = entries[trimmed];
            if (customer.RealtimePricing || !entry.TryGetRendered(sku, quantity, date, out var line))
            {
                var (price, error) = PriceResolver.Resolve(customer, entry.Product, entry.Conditions, quantity, currency, date);
                if (price is not null && erpPrices is not null && erpPrices.TryGetValue((trimmed, quantity), out var fromErp))
                {
                    price = ErpPriceSource.Apply(price, fromErp, quantity);
                }
                line = PriceCache.RenderedLine.Render(sku, quantity, date, price is null
                    ? new PriceCalculationLine(sku, quantity, null, null, null, null, null, null, null, null, null, null, null, new PriceLineError(error!.Code, error.Message))
                    : new PriceCalculationLine(sku, quantity, price.UnitPrice, price.ListPrice, price.Saving, price.SavingPercent,
                        price.LineSaving, price.LineTotal, price.Source, price.ConditionId, price.ContractNo, price.ValidTo, price.PriceUnit, null));
                if (!customer.RealtimePricing)
                {
                    entry.AddRendered(line);
                }
            }
            rendered[i] = line;
            total += line.LineTotal;
            saving += line.LineSaving;
        }
        return new PriceCalculationResponse(currency, date, rendered, total, saving);
    }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The result of pricing any number of lines: the currency used and one outcome per line, in order.</summary>
    public sealed record PricedLines(string Currency, PricingCustomer Customer, IReadOnlyList<(ResolvedPrice? Price, PriceError? Error)> Lines);

    /// <summary>
    /// Prices any number of lines for an account (carts, orders and imports use it; the API endpoint caps
    /// requests at <see cref="MaxLines"/>). Real-time ERP prices apply as for calculations.
    /// </summary>
    public async Task<PricedLines> PriceLinesAsync(
        Guid customerId, string? currency, DateOnly date, IReadOnlyList<(string Sku, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var (customer, entries) = await LoadEntriesAsync(customerId, currency, lines.Select(l => l.Sku), cancellationToken);
        currency ??= customer.Currency;

        var erpPrices = customer.RealtimePricing && lines.Count > 0
            ? await erp.TryPriceAsync(customer, currency, date, lines, cancellationToken)
            : null;
        var results = new List<(ResolvedPrice?, PriceError?)>(lines.Count);
        foreach (var (sku, quantity) in lines)
        {
            var entry = entries[sku];
            var (price, error) = PriceResolver.Resolve(customer, entry.Product, entry.Conditions, quantity, currency, date);
            if (price is not null && erpPrices is not null && erpPrices.TryGetValue((sku, quantity), out var fromErp))
            {
                price = ErpPriceSource.Apply(price, fromErp, quantity);
            }
            results.Add((price, error));
        }
        return new PricedLines(currency, customer, results);
    }

    /// <summary>The account's pricing profile and an entry per distinct sku, a thousand skus per database round trip.</summary>
    private async Task<(PricingCustomer Customer, Dictionary<string, PriceCache.Entry> Entries)> LoadEntriesAsync(
        Guid customerId, string? currency, IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var distinct = skus.Distinct(StringComparer.Ordinal).ToList();
        PricingCustomer? customer = null;
        var entries = new Dictionary<string, PriceCache.Entry>(distinct.Count, StringComparer.Ordinal);
        foreach (var chunk in distinct.Chunk(1000))
        {
            var (c, loaded) = await LoadAsync(customerId, currency, chunk, cancellationToken);
            customer = c;
            foreach (var (sku, entry) in loaded)
            {
                entries[sku] = entry;
            }
        }
        customer ??= (await LoadAsync(customerId, currency, [], cancellationToken)).Customer;
        return (customer, entries);
    }

    /// <summary>
    /// The account's pricing profile and an entry per sku. Version counters are synced (once per request)
    /// and read before the database,
    /// so an entry built from data that a concurrent change replaced is recorded under the old counters
    /// and never used after the change's bump.
    /// </summary>
    internal async Task<(PricingCustomer Customer, Dictionary<string, PriceCache.Entry> Entries)> LoadAsync(
        Guid customerId, string? requestedCurrency, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var store = await versions.SyncedAsync(cancellationToken);
        var profileVersion = store.Get(PriceCache.CustomerScope(customerId));
        if (!cache.TryGetProfile(customerId, profileVersion, out var customer))
        {
            customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
                .Select(c => new PricingCustomer(c.Id, c.CustomerGroup, c.Currency, c.PricingStrategy, c.RegulatedGoodsApproved, c.RealtimePricing, c.Number))
                .FirstAsync(cancellationToken);
            cache.SetProfile(customer, profileVersion);
        }
        var currency = requestedCurrency ?? customer.Currency;
        if (skus.Count == 0)
        {
            return (customer, []);
        }

        var groupVersion = store.Get(PriceCache.GroupScope(customer.CustomerGroup));
        var entries = new Dictionary<string, PriceCache.Entry>(skus.Count, StringComparer.Ordinal);
        var misses = new List<(string Sku, long[] Versions)>();
        Span<long> current = stackalloc long[5];
        var prefixes = PriceCache.ScopePrefixes.For(customer);
        foreach (var sku in skus)
        {
            cache.CurrentVersions(prefixes, sku, groupVersion, profileVersion, current);
            if (cache.TryGet(customerId, sku, currency, current, out var entry))
            {
                entries[sku] = entry;
            }
            else
            {
                misses.Add((sku, current.ToArray()));
            }
        }
        if (misses.Count == 0)
        {
            return (customer, entries);
        }

        var missing = misses.Select(m => m.Sku).ToList();
        var loaded = await LoadFromDatabaseAsync(customer, currency, missing, cancellationToken);
        foreach (var (sku, versions) in misses)
        {
            loaded.TryGetValue(sku, out var found);
            var entry = new PriceCache.Entry(found.Product, found.Conditions ?? [], versions);
            cache.Set(customerId, sku, currency, entry);
            entries[sku] = entry;
        }
        return (customer, entries);
    }

    /// <summary>Products and candidate conditions of <paramref name="skus"/> in one statement (UNION ALL).</summary>
    private async Task<Dictionary<string, (PricingProduct? Product, PriceCondition[]? Conditions)>> LoadFromDatabaseAsync(
        PricingCustomer customer, string currency, List<string> skus, CancellationToken cancellationToken)
    {
        var customerId = customer.Id;
        var group = customer.CustomerGroup;
        var productRows = db.Products.AsNoTracking()
            .Where(p => skus.Contains(p.Sku))
            .Select(p => new CandidateRow
            {
                IsProduct = true, Sku = p.Sku, Category = p.Category, Regulated = p.Regulated,
                ConditionId = null, Kind = null, CustomerId = null, CustomerGroup = null, ContractNo = null, Price = null,
                DiscountPercent = null, MinQuantity = 0m, PriceUnit = 1m, ValidFrom = null, ValidTo = null,
            });
        var conditionRows = db.PriceConditions.AsNoTracking()
            .Where(c => c.Currency == currency && (
                (c.Sku != null && skus.Contains(c.Sku) && (
                    c.Kind == ConditionKinds.List
                    || (c.Kind == ConditionKinds.Tier && (c.CustomerGroup == null || c.CustomerGroup == group))
                    || ((c.Kind == ConditionKinds.Customer || c.Kind == ConditionKinds.Contract) && c.CustomerId == customerId)))
                || (c.Kind == ConditionKinds.Group && c.CustomerGroup == group)))
            .Select(c => new CandidateRow
            {
                IsProduct = false, Sku = c.Sku, Category = c.Category, Regulated = false,
                ConditionId = c.Id, Kind = c.Kind, CustomerId = c.CustomerId, CustomerGroup = c.CustomerGroup, ContractNo = c.ContractNo, Price = c.Price,
                DiscountPercent = c.DiscountPercent, MinQuantity = c.MinQuantity, PriceUnit = c.PriceUnit, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo,
            });
        var rows = await productRows.Concat(conditionRows).ToListAsync(cancellationToken);

        var products = new Dictionary<string, PricingProduct>(StringComparer.Ordinal);
        var bySku = new Dictionary<string, List<PriceCondition>>(StringComparer.Ordinal);
        var groupConditions = new List<PriceCondition>();
        foreach (var row in rows)
        {
            if (row.IsProduct)
            {
                products[row.Sku!] = new PricingProduct(row.Sku!, row.Category!, row.Regulated);
                continue;
            }
            var condition = new PriceCondition
            {
                Id = row.ConditionId!, Kind = row.Kind!, Sku = row.Sku, CustomerId = row.CustomerId, CustomerGroup = row.CustomerGroup,
                ContractNo = row.ContractNo, Category = row.Category, Currency = currency, Price = row.Price, DiscountPercent = row.DiscountPercent,
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
        return result;
    }

    /// <summary>One row of the candidate query: a product (IsProduct) or a condition.</summary>
    private sealed class CandidateRow
    {
        public bool IsProduct { get; init; }
        public string? Sku { get; init; }
        public string? Category { get; init; }
        public bool Regulated { get; init; }
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
    }
}
