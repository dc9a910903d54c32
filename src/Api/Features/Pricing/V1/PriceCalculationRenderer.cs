using Microsoft.Extensions.Caching.Memory;

namespace Portal.Api.Features.Pricing.V1;

/// <summary>
/// Turns the pricing core's <see cref="PricedLines"/> into the price endpoint's answer. It keeps a memo of
/// rendered lines per <see cref="PricedLines.BasisOf">basis</see> (the cache entry a line is priced from):
/// a line whose basis already rendered the same sku text, quantity (and scale) and date is neither
/// resolved nor serialised again. A changed condition, product or profile gives the line a new basis, so
/// the memo never outlives what it was made from. Lines of accounts on real-time ERP prices have no basis
/// and are always rendered afresh.
/// </summary>
public sealed class PriceCalculationRenderer : IDisposable
{
    /// <summary>Bases with a memo at most (the warm set of carts; the least recently used go first).</summary>
    public const int MemoSize = 200_000;

    private static readonly MemoryCacheEntryOptions MemoOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private readonly MemoryCache _memo = new(new MemoryCacheOptions { SizeLimit = MemoSize });

    /// <summary>The answer for <paramref name="requested"/> (the request's lines, as sent) priced as <paramref name="priced"/>.</summary>
    internal PriceCalculationResponse Render(IReadOnlyList<PriceCalculationLineRequest> requested, PricedLines priced)
    {
        var rendered = new RenderedLine[requested.Count];
        decimal total = 0, saving = 0;
        for (var i = 0; i < requested.Count; i++)
        {
            var (sku, quantity) = (requested[i].Sku!, requested[i].Quantity!.Value);
            var basis = priced.BasisOf(i);
            RenderedLineMemo? memo = null;
            if (basis is null || !_memo.TryGetValue(basis, out memo) || !memo!.TryGet(sku, quantity, priced.Date, out var line))
            {
                var (price, error) = priced.Lines[i];
                line = RenderedLine.Render(sku, quantity, priced.Date, price is null
                    ? new PriceCalculationLine(sku, quantity, null, null, null, null, null, null, null, null, null, null, null, new PriceLineError(error!.Code, error.Message))
                    : new PriceCalculationLine(sku, quantity, price.UnitPrice, price.ListPrice, price.Saving, price.SavingPercent,
                        price.LineSaving, price.LineTotal, price.Source, price.ConditionId, price.ContractNo, price.ValidTo, price.PriceUnit, null));
                if (basis is not null)
                {
                    if (memo is null)
                    {
                        memo = new RenderedLineMemo();
                        _memo.Set(basis, memo, MemoOptions);
                    }
                    memo.Add(line);
                }
            }
            rendered[i] = line;
            total += line.LineTotal;
            saving += line.LineSaving;
        }
        return new PriceCalculationResponse(priced.Currency, priced.Date, rendered, total, saving);
    }

    public void Dispose() => _memo.Dispose();
}

/// <summary>The last few lines rendered from one basis (the four most recent: a cart's quantities, not every quantity ever asked).</summary>
internal sealed class RenderedLineMemo
{
    private readonly RenderedLine?[] _rendered = new RenderedLine?[4];
    private int _next;

    public bool TryGet(string sku, decimal quantity, DateOnly date, out RenderedLine line)
    {
        for (var i = 0; i < _rendered.Length; i++)
        {
            if (Volatile.Read(ref _rendered[i]) is { } candidate && candidate.Matches(sku, quantity, date))
            {
                line = candidate;
                return true;
            }
        }
        line = null!;
        return false;
    }

    public void Add(RenderedLine line) => Volatile.Write(ref _rendered[Interlocked.Increment(ref _next) & 3], line);
}

/// <summary>One priced line as the price endpoint answers it, serialised once (UTF-8 JSON), with its totals.</summary>
internal sealed record RenderedLine(string Sku, decimal Quantity, DateOnly Date, byte[] Json, decimal LineTotal, decimal LineSaving)
{
    public static RenderedLine Render(string sku, decimal quantity, DateOnly date, PriceCalculationLine line) =>
        new(sku, quantity, date, JsonSerializer.SerializeToUtf8Bytes(line, PricingJsonContext.Default.PriceCalculationLine),
            line.LineTotal ?? 0, line.LineSaving ?? 0);

    // The quantity is echoed as sent, so 5 and 5.0 are different renderings.
    public bool Matches(string sku, decimal quantity, DateOnly date) =>
        Date == date && Quantity == quantity && Quantity.Scale == quantity.Scale && string.Equals(Sku, sku, StringComparison.Ordinal);
}
