using Microsoft.Extensions.Caching.Memory;

namespace Portal.Api.Features.Pricing;

/// <summary>Settings of the ERP's real-time price endpoint (<c>Portal:Pricing:Erp</c>).</summary>
public sealed class ErpPricingOptions
{
    public const string Section = "Portal:Pricing:Erp";

    /// <summary>The ERP's price endpoint; unset disables real-time pricing for every account.</summary>
    public Uri? Url { get; set; }

    /// <summary>How long one ERP call may take before stored conditions are used instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>How long an ERP price is reused.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures within <see cref="BreakSampling"/> that open the circuit.</summary>
    public int BreakAfterFailures { get; set; } = 5;

    public TimeSpan BreakSampling { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit sends no calls to the ERP.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The ERP's answer for one line.</summary>
public sealed record ErpPrice(string Sku, decimal Quantity, decimal UnitPrice, string? Source, string? ConditionId);

/// <summary>
/// Real-time prices from the ERP for accounts with <c>realtimePricing</c>: one call per calculation for
/// the lines not priced by the ERP within the last minute, with a timeout and a circuit breaker. When the
/// ERP is slow, failing or the circuit is open, the stored conditions price the line (never an error).
/// The list price and saving still come from the stored list price.
/// </summary>
public sealed class ErpPriceSource(IHttpClientFactory httpClients, IOptions<ErpPricingOptions> options, IMemoryCache memory, ILogger<ErpPriceSource> logger)
{
    public const string HttpClientName = "erp-prices";

    private readonly object _gate = new();
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    public bool CircuitOpen => DateTimeOffset.UtcNow < _openUntil;

    public async Task<Dictionary<(string Sku, decimal Quantity), ErpPrice>?> TryPriceAsync(
        PricingCustomer customer, string currency, DateOnly date, IReadOnlyList<(string Sku, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Url is null)
        {
            return null;
        }
        var result = new Dictionary<(string, decimal), ErpPrice>();
        var missing = new List<(string Sku, decimal Quantity)>();
        foreach (var line in lines.Distinct())
        {
            if (memory.TryGetValue(Key(customer, currency, date, line), out ErpPrice? cached) && cached is not null)
            {
                result[line] = cached;
            }
            else
            {
                missing.Add(line);
            }
        }
        if (missing.Count == 0 || CircuitOpen)
        {
            return result;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.PostAsJsonAsync(settings.Url, new
            {
                customerId = customer.Id,
                customerNumber = customer.Number,
                currency,
                date,
                lines = missing.Select(l => new { sku = l.Sku, quantity = l.Quantity }),
            }, timeout.Token);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<ErpResponse>(timeout.Token);
            foreach (var price in body?.Lines ?? [])
            {
                if (price.UnitPrice < 0)
                {
                    continue;
                }
                var key = (price.Sku, price.Quantity);
                result[key] = price;
                memory.Set(Key(customer, currency, date, key), price, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = settings.CacheDuration });
            }
            lock (_gate)
            {
                _failures.Clear();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or NotSupportedException
                                   && !cancellationToken.IsCancellationRequested)
        {
            RecordFailure(settings);
            logger.LogWarning("The ERP price endpoint failed ({Error}); stored conditions price these lines.", ex.GetType().Name);
        }
        return result;
    }

    /// <summary>The stored resolution with the ERP's unit price.</summary>
    internal static ResolvedPrice Apply(ResolvedPrice stored, ErpPrice erp, decimal quantity)
    {
        var unit = Math.Round(erp.UnitPrice, 4, MidpointRounding.AwayFromZero);
        return stored with
        {
            UnitPrice = unit,
            Saving = Math.Round(stored.ListPrice - unit, 4, MidpointRounding.AwayFromZero),
            LineSaving = Math.Round((stored.ListPrice - unit) * quantity, 2, MidpointRounding.AwayFromZero),
            SavingPercent = stored.ListPrice == 0 ? 0 : Math.Round((stored.ListPrice - unit) / stored.ListPrice * 100m, 2, MidpointRounding.AwayFromZero),
            LineTotal = Math.Round(unit * quantity, 2, MidpointRounding.AwayFromZero),
            Source = erp.Source is ConditionKinds.Customer or ConditionKinds.Contract or ConditionKinds.Tier or ConditionKinds.Group or ConditionKinds.List
                ? erp.Source
                : ConditionKinds.Customer,
            ConditionId = erp.ConditionId ?? "erp",
            ContractNo = null,
            ValidTo = null,
            PriceUnit = 1,
        };
    }

    private void RecordFailure(ErpPricingOptions settings)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _failures.Enqueue(now);
            while (_failures.Count > 0 && _failures.Peek() < now - settings.BreakSampling)
            {
                _failures.Dequeue();
            }
            if (_failures.Count >= settings.BreakAfterFailures)
            {
                _openUntil = now + settings.BreakDuration;
                _failures.Clear();
                logger.LogWarning("The ERP price endpoint failed {Count} times; not calling it for {Duration}.", settings.BreakAfterFailures, settings.BreakDuration);
            }
        }
    }

    private static string Key(PricingCustomer customer, string currency, DateOnly date, (string Sku, decimal Quantity) line) =>
        $"erp:{customer.Id:N}:{currency}:{date:yyyyMMdd}:{line.Sku}:{line.Quantity}";

    private sealed record ErpResponse(IReadOnlyList<ErpPrice>? Lines);
}
