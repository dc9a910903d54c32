namespace Portal.Api.Features.Pricing;

/// <summary>
/// The pricing core: prices lines for an account and returns them as <see cref="PricedLines"/> (domain
/// data). Cached entries where their version counters still match, one database round trip for the rest
/// (<see cref="PriceCandidateQuery"/>), real-time ERP prices where the account has them, then
/// <see cref="PriceResolver"/> in memory. Every caller uses it: the price endpoint (which validates and
/// renders, <see cref="V1.PriceCalculationsController"/>), carts, orders, CSV imports and punchout.
/// </summary>
public sealed class PriceCalculationService(
    IServiceProvider services,
    PriceCache cache,
    RequestVersions versions,
    ErpPriceSource erp,
    TimeProvider clock)
{
    /// <summary>Taken on the first cache miss only: a warm calculation never creates a database context.</summary>
    private PortalDbContext db => field ??= services.GetRequiredService<PortalDbContext>();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Prices any number of lines (skus as stored, i.e. trimmed) for an account in <paramref name="currency"/>
    /// (null: the account's) on <paramref name="date"/>. Callers cap the number of lines (the price endpoint
    /// at <see cref="PriceCalculationRequestValidator.MaxLines"/>). Real-time ERP prices apply where the
    /// account has them.
    /// </summary>
    public async Task<PricedLines> PriceLinesAsync(
        Guid customerId, string? currency, DateOnly date, IReadOnlyList<(string Sku, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var (customer, entries) = await LoadEntriesAsync(customerId, currency, lines.Select(l => l.Sku), cancellationToken);
        currency ??= customer.Currency;
        var erpPrices = customer.RealtimePricing && lines.Count > 0
            ? await erp.TryPriceAsync(customer, currency, date, lines, cancellationToken)
            : null;
        return new PricedLines(currency, date, customer, lines, entries, erpPrices);
    }

    /// <summary>The account's pricing profile and an entry per distinct sku, a thousand skus per database round trip.</summary>
    private async Task<(PricingCustomer Customer, Dictionary<string, PriceCache.Entry> Entries)> LoadEntriesAsync(
        Guid customerId, string? currency, IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var distinct = Distinct(skus);
        if (distinct.Count <= 1000)
        {
            // The usual case (a cart, a price request): one load, its dictionary is the answer.
            return await LoadAsync(customerId, currency, distinct, cancellationToken);
        }
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

    /// <summary>The skus without repeats, in order; sized up front (no rehashing on the hot path).</summary>
    private static List<string> Distinct(IEnumerable<string> skus)
    {
        var capacity = skus.TryGetNonEnumeratedCount(out var count) ? count : 16;
        var seen = new HashSet<string>(capacity, StringComparer.Ordinal);
        var distinct = new List<string>(capacity);
        foreach (var sku in skus)
        {
            if (seen.Add(sku))
            {
                distinct.Add(sku);
            }
        }
        return distinct;
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
                .Select(c => new PricingCustomer(c.Id, c.CustomerGroup, c.Currency, c.PricingStrategy, c.Groups, c.RealtimePricing, c.Number))
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
        var (loadedCustomer, loaded) = await PriceCandidateQuery.LoadAsync(db, customerId, customer, requestedCurrency, missing, cancellationToken);
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
}
