namespace Portal.Punchout.Sessions;

/// <summary>
/// Port: the supplier's catalog with one account's prices, for the protocol functions that answer without a
/// browser session (OCI VALIDATE, BACKGROUND_SEARCH, QUANTITYCHECK). Implemented by the host over its catalog and
/// pricing services, acting as the account.
/// </summary>
public interface IPunchoutCatalog
{
    /// <summary>The account's currency.</summary>
    Task<string> CurrencyAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>The products matching <paramref name="query"/> (at most <paramref name="limit"/>), priced for one unit.</summary>
    Task<IReadOnlyList<CatalogOffer>> SearchAsync(Guid customerId, string query, int limit, CancellationToken cancellationToken);

    /// <summary>The product with article number <paramref name="sku"/> priced for <paramref name="quantity"/>, or null when unknown.</summary>
    Task<CatalogOffer?> FindAsync(Guid customerId, string sku, decimal quantity, CancellationToken cancellationToken);
}

/// <summary>A product with the account's price for a quantity (or why there is none) and its availability.</summary>
/// <param name="Line">The line as a cart would carry it (no quote id: nothing was recorded).</param>
/// <param name="Priced">Whether the account has a price for it.</param>
/// <param name="Error">Why there is no price.</param>
/// <param name="StockQuantity">Units in stock.</param>
/// <param name="LongText">The product's description.</param>
public sealed record CatalogOffer(TransferLine Line, bool Priced, string? Error, decimal StockQuantity, string? LongText);
