namespace Portal.Punchout.Oci;

/// <summary>
/// Port: what the OCI entry needs from the host. The host authenticates the account by its OCI credentials
/// (hashed, compared in constant time), checks the hook URL against the account's allowlist, and opens a
/// catalog session on the same sessions and pages as cXML; or answers a function without a session.
/// Every refusal is an <see cref="OciEntryException"/>.
/// </summary>
public interface IOciSessionOpener
{
    /// <summary>Authenticates the call and checks its HOOK_URL; the account as the host knows it.</summary>
    Task<OciAccount> AuthenticateAsync(OciEntry entry, CancellationToken cancellationToken);

    /// <summary>Opens a session and returns its single-use StartPage URL (<paramref name="start"/>: where it lands).</summary>
    Task<string> OpenSessionAsync(OciAccount account, OciEntry entry, OciStart start, string baseUrl, CancellationToken cancellationToken);
}

/// <summary>An authenticated OCI account.</summary>
/// <param name="CustomerId">The host's account id.</param>
/// <param name="Charset">The charset the cart goes back in (the call's http_content_charset, else the account's).</param>
/// <param name="VendorNumber">The supplier's vendor number in the buyer's SAP system (NEW_ITEM-VENDOR), if configured.</param>
public sealed record OciAccount(Guid CustomerId, string Charset, string? VendorNumber = null);

/// <summary>Where a new session lands: the catalog, a search, or a product's page.</summary>
/// <param name="Query">A search (SOURCING).</param>
/// <param name="ProductId">A product (DETAIL, cXML SelectedItem).</param>
public sealed record OciStart(string? Query = null, string? ProductId = null);
