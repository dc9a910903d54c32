using Portal.Api.Features.Catalog;
using Portal.Api.Features.Pricing;
using Portal.Punchout.Sessions;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The catalog port of src/Punchout (<see cref="IPunchoutCatalog"/>) over the catalog and pricing services: the
/// same products and the same account prices the pages show, for the protocol functions without a session.
/// </summary>
public sealed class PunchoutCatalogPort(CatalogService catalog, PriceCalculationService pricing) : IPunchoutCatalog
{
    public async Task<string> CurrencyAsync(Guid customerId, CancellationToken cancellationToken) =>
        (await pricing.PriceLinesAsync(customerId, null, pricing.Today, [], cancellationToken)).Currency;

    public async Task<IReadOnlyList<CatalogOffer>> SearchAsync(Guid customerId, string query, int limit, CancellationToken cancellationToken)
    {
        var page = await catalog.ListAsync(query, null, Math.Clamp(limit, 1, 100), null, cancellationToken, forCustomer: customerId);
        return await OffersAsync(customerId, page.Items.Select(p => (p, 1m)).ToList(), cancellationToken);
    }

    public async Task<CatalogOffer?> FindAsync(Guid customerId, string sku, decimal quantity, CancellationToken cancellationToken)
    {
        ProductDto product;
        try
        {
            (product, _) = await catalog.GetAsync(sku.Trim(), cancellationToken, forCustomer: customerId);
        }
        catch (NotFoundException)
        {
            return null;
        }
        return (await OffersAsync(customerId, [(product, quantity)], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<CatalogOffer>> OffersAsync(Guid customerId, IReadOnlyList<(ProductDto Product, decimal Quantity)> items, CancellationToken cancellationToken)
    {
        var priced = await pricing.PriceLinesAsync(customerId, null, pricing.Today, items.Select(i => (i.Product.Sku, i.Quantity)).ToList(), cancellationToken);
        return items.Select((item, i) =>
        {
            var price = priced.Lines[i].Price;
            var line = Line(item.Product, item.Quantity, price?.UnitPrice ?? 0, price?.ContractNo, quoteId: string.Empty) with
            {
                PriceSource = price?.Source,
                PriceValidTo = price?.ValidTo,
            };
            return new CatalogOffer(line, price is not null, priced.Lines[i].Error?.Message, item.Product.StockQuantity, item.Product.Description);
        }).ToList();
    }

    /// <summary>A product as a transfer line (the one mapping for every protocol).</summary>
    public static TransferLine Line(ProductDto product, decimal quantity, decimal unitPrice, string? contractNo, string quoteId) => new()
    {
        Sku = product.Sku,
        QuoteId = quoteId,
        Quantity = quantity,
        UnitPrice = unitPrice,
        Description = product.Name,
        Unit = product.Unit,
        Unspsc = product.Unspsc,
        ManufacturerPartId = product.ManufacturerPartNumber,
        ManufacturerName = product.Manufacturer,
        LeadTimeDays = product.LeadTimeDays,
        ContractNo = contractNo,
        LongText = product.Description,
        Gtin = product.Gtin,
    };
}
