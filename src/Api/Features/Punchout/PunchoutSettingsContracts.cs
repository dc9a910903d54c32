namespace Portal.Api.Features.Punchout;

/// <summary>
/// An account's punchout set-up (supplier-admin): cXML, SAP OCI or both. A protocol left out keeps its current
/// settings; the first PUT sends at least one.
/// </summary>
public sealed record PutPunchoutSettingsRequest
{
    /// <summary>cXML punchout (SAP Ariba, Coupa, Jaggaer).</summary>
    public CxmlSettingsInput? Cxml { get; init; }

    /// <summary>SAP OCI 4.0/5.0 punchout (SAP SRM, S/4HANA, Jaggaer, ERP-based buyers).</summary>
    public OciSettingsInput? Oci { get; init; }

    /// <summary>
    /// The e-mail of the Portal user a buyer punches out as when the buyer system names none (cXML without an
    /// e-mail address; every OCI session, since OCI carries no user). Send "" to remove it; omit to keep it.
    /// </summary>
    public string? DefaultBuyerEmail { get; init; }
}

/// <summary>SAP OCI settings.</summary>
public sealed record OciSettingsInput
{
    /// <summary>The USERNAME the buyer system sends (compared case-insensitively; unique across accounts).</summary>
    [RequiredInContract]
    public string? Username { get; init; }

    /// <summary>The PASSWORD. Stored hashed; required the first time, omit to keep the current one.</summary>
    public string? Password { get; init; }

    /// <summary>URL prefixes a HOOK_URL must start with (https; http only for localhost).</summary>
    [RequiredInContract]
    public IReadOnlyList<string>? AllowedHookUrls { get; init; }

    /// <summary>The charset the cart goes back in when the call has no <c>http_content_charset</c> (default UTF-8), e.g. ISO-8859-1.</summary>
    public string? Charset { get; init; }

    /// <summary>
    /// This supplier's vendor number in the buyer's SAP system (OCI <c>NEW_ITEM-VENDOR</c>, at most 10 letters or digits);
    /// omit to keep the current one, "" to fall back to the installation's <c>Portal:Punchout:Oci:VendorNumber</c>.
    /// </summary>
    public string? VendorNumber { get; init; }
}

/// <summary>SAP OCI settings as stored (the password is never returned), with the URL buyer systems call.</summary>
public sealed record OciSettingsDto(string Username, bool PasswordSet, IReadOnlyList<string> AllowedHookUrls, string Charset, string EndpointUrl, string? VendorNumber = null);

/// <summary>cXML settings.</summary>
public sealed record CxmlSettingsInput
{
    /// <summary>The From (or Sender) credentials that identify this account, e.g. <c>{ "domain": "NetworkID", "identity": "AN01000000001" }</c>. Compared case-insensitively.</summary>
    public IReadOnlyList<CxmlCredentialInput>? Credentials { get; init; }

    /// <summary>The shared secret the buyer system sends in Sender/Credential. Stored hashed; required the first time, omit to keep the current one.</summary>
    public string? SharedSecret { get; init; }

    /// <summary>URL prefixes a BrowserFormPost URL must start with (https; http only for localhost).</summary>
    public IReadOnlyList<string>? AllowedReturnUrls { get; init; }

    /// <summary>Create a requester on first punchout of an unknown buyer e-mail (default false: unknown buyers are refused).</summary>
    public bool? AutoCreateUsers { get; init; }

    /// <summary>Where new users land (default: the account's root unit).</summary>
    public Guid? DefaultOrgUnitId { get; init; }

    /// <summary><c>cxml-base64</c> (default) or <c>cxml-urlencoded</c>: the form field the cart goes back in.</summary>
    public string? FormEncoding { get; init; }

    /// <summary>
    /// The buyer system's cXML endpoint for order confirmations, ship notices and invoices (https; a query string is
    /// kept). Omit to keep the current one, send "" to stop sending documents.
    /// </summary>
    public string? OutboundUrl { get; init; }

    /// <summary>The shared secret the buyer system expects from the supplier (sent in Sender/Credential). Stored protected, never returned; omit to keep, "" to remove.</summary>
    public string? OutboundSharedSecret { get; init; }

    /// <summary>Sign InvoiceDetailRequests with the installation's invoice-signing certificate (<c>Portal:Punchout:InvoiceSigning</c>). Omit to keep.</summary>
    public bool? SignInvoices { get; init; }
}

/// <summary>A cXML credential.</summary>
public sealed record CxmlCredentialInput
{
    /// <summary>Credential@domain, e.g. NetworkID, DUNS.</summary>
    [RequiredInContract]
    public string? Domain { get; init; }

    /// <summary>Credential/Identity.</summary>
    [RequiredInContract]
    public string? Identity { get; init; }
}

/// <summary>An account's punchout set-up as stored (secrets are never returned).</summary>
public sealed record PunchoutSettingsDto(Guid CustomerId, CxmlSettingsDto? Cxml, OciSettingsDto? Oci = null, string? DefaultBuyerEmail = null);

/// <summary>cXML settings as stored, with the URL procurement systems are configured with.</summary>
public sealed record CxmlSettingsDto(
    IReadOnlyList<CxmlCredentialDto> Credentials, bool SharedSecretSet, IReadOnlyList<string> AllowedReturnUrls, bool AutoCreateUsers,
    Guid? DefaultOrgUnitId, string FormEncoding, string EndpointUrl, DateTimeOffset UpdatedAt,
    string? OutboundUrl = null, bool OutboundSharedSecretSet = false, bool SignInvoices = false);

/// <summary>A cXML credential (lower-cased as stored).</summary>
public sealed record CxmlCredentialDto(string Domain, string Identity);
