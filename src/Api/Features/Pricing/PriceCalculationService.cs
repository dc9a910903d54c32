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
    /// The account's pricing profile and an entry per sku: cached ones where their counters still match,
    /// the rest (and the profile, when not cached) in one database statement. Counters are synced once per
    /// request; an entry is never recorded under counters newer than its data, so one built from data a
    /// concurrent change replaced is never used after the change's bump.
    /// </summary>
    internal async Task<(PricingCustomer Customer, Dictionary<string, PriceCache.Entry> Entries)> LoadAsync(
        Guid customerId, string? requestedCurrency, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var store = await versions.SyncedAsync(cancellationToken);
        var profileVersion = store.Get(PriceCache.CustomerScope(customerId));
        cache.TryGetProfile(customerId, profileVersion, out var customer);
        if (customer is null && skus.Count == 0)
        {
            customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
                .Select(c => new PricingCustomer(c.Id, c.CustomerGroup, c.Currency, c.PricingStrategy, c.RegulatedGoodsApproved, c.RealtimePricing, c.Number))
                .FirstAsync(cancellationToken);
            cache.SetProfile(customer, profileVersion);
        }
        if (skus.Count == 0)
        {
            return (customer!, []);
        }

        var entries = new Dictionary<string, PriceCache.Entry>(skus.Count, StringComparer.Ordinal);
        List<string> missing;
        if (customer is not null)
        {
            var currency = requestedCurrency ?? customer.Currency;
            var groupVersion = store.Get(PriceCache.GroupScope(customer.CustomerGroup));
            var prefixes = PriceCache.ScopePrefixes.For(customer);
            Span<long> current = stackalloc long[5];
            missing = [];
            foreach (var sku in skus)
            {
                cache.CurrentVersions(prefixes, sku, groupVersion, profileVersion, current);
                if (cache.TryGet(customerId, sku, currency, current, out var entry))
                {
                    entries[sku] = entry;
                }
                else
                {
                    missing.Add(sku);
                }
            }
            if (missing.Count == 0)
            {
                return (customer, entries);
            }
        }
        else
        {
            missing = [.. skus];
        }

        // One statement for whatever is missing, the profile included when it is not cached (then the
        // account's group and currency are subqueries of that same statement). An entry's counters must
        // not be newer than its data; without the profile the group is only known after the statement,
        // so the counters are read afterwards and the entries cached only if no change was applied here
        // while the statement ran (then the counters now are the counters before it).
        var changesBefore = store.Changes;
        var (loadedCustomer, loaded) = await LoadFromDatabaseAsync(customerId, customer, requestedCurrency, missing, cancellationToken);
        if (customer is null)
        {
            customer = loadedCustomer!;
            cache.SetProfile(customer, profileVersion);
        }
        var entryCurrency = requestedCurrency ?? customer.Currency;
        var missGroupVersion = store.Get(PriceCache.GroupScope(customer.CustomerGroup));
        var missPrefixes = PriceCache.ScopePrefixes.For(customer);
        var built = new List<(string Sku, PriceCache.Entry Entry)>(missing.Count);
        foreach (var sku in missing)
        {
            var versionsOfEntry = new long[5];
            cache.CurrentVersions(missPrefixes, sku, missGroupVersion, profileVersion, versionsOfEntry);
            loaded.TryGetValue(sku, out var found);
            built.Add((sku, new PriceCache.Entry(found.Product, found.Conditions ?? [], versionsOfEntry)));
        }
        // Checked after the counters were read: a change applied meanwhile bumped this count first.
        var cacheable = store.Changes == changesBefore;
        foreach (var (sku, entry) in built)
        {
            if (cacheable)
            {
                cache.Set(customerId, sku, entryCurrency, entry);
            }
            entries[sku] = entry;
        }
        return (customer, entries);
    }

    /// <summary>
    /// Products and candidate conditions of <paramref name="skus"/> in one statement (UNION ALL); when
    /// <paramref name="known"/> is null, the account's profile too, with its group and currency read by
    /// subqueries of the same statement. Returns the loaded profile (null when it was known).
    /// </summary>
    private async Task<(PricingCustomer? Customer, Dictionary<string, (PricingProduct? Product, PriceCondition[]? Conditions)> Candidates)> LoadFromDatabaseAsync(
        Guid customerId, PricingCustomer? known, string? requestedCurrency, List<string> skus, CancellationToken cancellationToken)
    {
        var group = known?.CustomerGroup;
        var currency = requestedCurrency ?? known?.Currency;
        var account = db.Customers.AsNoTracking().Where(c => c.Id == customerId);
        var productRows = db.Products.AsNoTracking()
            .Where(p => skus.Contains(p.Sku))
            .Select(p => new CandidateRow
            {
                Row = CandidateRow.Product, Sku = p.Sku, Category = p.Category, Regulated = p.Regulated,
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
                Row = CandidateRow.Condition, Sku = c.Sku, Category = c.Category, Regulated = false,
                ConditionId = c.Id, Kind = c.Kind, CustomerId = c.CustomerId, CustomerGroup = c.CustomerGroup, ContractNo = c.ContractNo, Price = c.Price,
                DiscountPercent = c.DiscountPercent, MinQuantity = c.MinQuantity, PriceUnit = c.PriceUnit, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo,
                Currency = c.Currency, Strategy = null, Realtime = false, Number = null,
            });
        var query = productRows.Concat(conditionRows);
        if (known is null)
        {
            query = query.Concat(account.Select(a => new CandidateRow
            {
                Row = CandidateRow.Profile, Sku = null, Category = null, Regulated = a.RegulatedGoodsApproved,
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
                products[row.Sku!] = new PricingProduct(row.Sku!, row.Category!, row.Regulated);
                continue;
            }
            if (row.Row == CandidateRow.Profile)
            {
                loaded = new PricingCustomer(row.CustomerId!.Value, row.CustomerGroup!, row.Currency!, row.Strategy!, row.Regulated, row.Realtime, row.Number);
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
