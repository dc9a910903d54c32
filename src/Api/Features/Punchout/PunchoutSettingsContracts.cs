namespace Portal.Api.Features.Punchout;

/// <summary>An account's punchout set-up (supplier-admin). Only cXML for now; OCI will sit beside it.</summary>
public sealed record PutPunchoutSettingsRequest
{
    /// <summary>cXML punchout (SAP Ariba, Coupa, Jaggaer).</summary>
    public CxmlSettingsInput? Cxml { get; init; }
}

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

/// <summary>An account's punchout set-up as stored (the secret is never returned).</summary>
public sealed record PunchoutSettingsDto(Guid CustomerId, CxmlSettingsDto? Cxml);

/// <summary>cXML settings as stored, with the URL procurement systems are configured with.</summary>
public sealed record CxmlSettingsDto(
    IReadOnlyList<CxmlCredentialDto> Credentials, bool SharedSecretSet, IReadOnlyList<string> AllowedReturnUrls, bool AutoCreateUsers,
    Guid? DefaultOrgUnitId, string FormEncoding, string EndpointUrl, DateTimeOffset UpdatedAt);

/// <summary>A cXML credential (lower-cased as stored).</summary>
public sealed record CxmlCredentialDto(string Domain, string Identity);
