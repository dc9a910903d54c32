using System.Collections;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// The pricing core's result (<see cref="PriceCalculationService.PriceLinesAsync"/>): the currency and
/// date used, the account's pricing profile and one outcome per requested line, in request order. Pure
/// domain data, no API shape: the price endpoint, carts, orders, imports and punchout each present it
/// their own way.
/// </summary>
/// <remarks>
/// Each line is resolved (<see cref="PriceResolver"/>, then the real-time ERP price where the account has
/// one) when it is first read, so a presenter that already holds its rendering of a line for the same
/// <see cref="BasisOf">basis</see>, quantity and date skips the resolution.
/// </remarks>
public sealed class PricedLines
{
    private readonly IReadOnlyList<(string Sku, decimal Quantity)> _requested;
    private readonly Dictionary<string, PriceCache.Entry> _entries;
    private readonly Dictionary<(string Sku, decimal Quantity), ErpPrice>? _erpPrices;
    private readonly (ResolvedPrice? Price, PriceError? Error)[] _resolved;
    private readonly bool[] _done;

    internal PricedLines(
        string currency, DateOnly date, PricingCustomer customer, IReadOnlyList<(string Sku, decimal Quantity)> requested,
        Dictionary<string, PriceCache.Entry> entries, Dictionary<(string Sku, decimal Quantity), ErpPrice>? erpPrices)
    {
        Currency = currency;
        Date = date;
        Customer = customer;
        _requested = requested;
        _entries = entries;
        _erpPrices = erpPrices;
        _resolved = new (ResolvedPrice?, PriceError?)[requested.Count];
        _done = new bool[requested.Count];
        Lines = new LineList(this);
    }

    /// <summary>The currency of every amount: the requested one or the account's.</summary>
    public string Currency { get; }

    /// <summary>The pricing date.</summary>
    public DateOnly Date { get; }

    /// <summary>The account's pricing profile the lines were priced for.</summary>
    public PricingCustomer Customer { get; }

    /// <summary>One outcome per requested line, in request order: a price, or why the line has none.</summary>
    public IReadOnlyList<(ResolvedPrice? Price, PriceError? Error)> Lines { get; }

    /// <summary>
    /// What line <paramref name="index"/> is priced from: the cached product facts and candidate conditions
    /// of its sku for this account and currency. The same object in two results means the same facts (a
    /// change to any of them makes a new one), so the line's outcome for a given quantity and date is the
    /// same too. Null when the outcome is not fixed by those facts (accounts on real-time ERP prices).
    /// </summary>
    public object? BasisOf(int index) => Customer.RealtimePricing ? null : _entries[_requested[index].Sku];

    private (ResolvedPrice? Price, PriceError? Error) Resolve(int index)
    {
        if (_done[index])
        {
            return _resolved[index];
        }
        var (sku, quantity) = _requested[index];
        var entry = _entries[sku];
        var (price, error) = PriceResolver.Resolve(Customer, entry.Product, entry.Conditions, quantity, Currency, Date);
        if (price is not null && _erpPrices is not null && _erpPrices.TryGetValue((sku, quantity), out var fromErp))
        {
            price = ErpPriceSource.Apply(price, fromErp, quantity);
        }
        _resolved[index] = (price, error);
        _done[index] = true;
        return (price, error);
    }

    /// <summary>The lines, each resolved on first read and kept.</summary>
    private sealed class LineList(PricedLines owner) : IReadOnlyList<(ResolvedPrice? Price, PriceError? Error)>
    {
        public (ResolvedPrice? Price, PriceError? Error) this[int index] => owner.Resolve(index);

        public int Count => owner._requested.Count;

        public IEnumerator<(ResolvedPrice? Price, PriceError? Error)> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return owner.Resolve(i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
