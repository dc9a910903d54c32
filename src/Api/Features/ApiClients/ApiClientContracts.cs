namespace Portal.Api.Features.ApiClients;

/// <summary>
/// A new API client. For a customer account (the caller's, or the one selected with Portal-Customer):
/// <c>name</c> and <c>userId</c>, the user it acts as. Supplier admins without Portal-Customer create a
/// supplier-side client with <c>name</c> and <c>supplierRoles</c>.
/// </summary>
public sealed record CreateApiClientRequest
{
    public string? Name { get; init; }

    public Guid? UserId { get; init; }

    /// <summary>supplier-admin, sales or integration (supplier-side clients only).</summary>
    [ContractEnum("SupplierRole")]
    public IReadOnlyList<string>? SupplierRoles { get; init; }

    /// <summary><c>machine</c> (default: client credentials, acting as <c>userId</c>), <c>web</c> (confidential app) or <c>native</c> (public app, no secret): apps sign the account's users in with authorization code + PKCE at /connect/authorize.</summary>
    [ContractEnum("ApiClientType")]
    public string? Type { get; init; }

    /// <summary>The redirect URIs of a web or native app (exact match; https, or http on loopback; custom schemes for native apps).</summary>
    public IReadOnlyList<string>? RedirectUris { get; init; }
}

/// <summary>The credentials of a new or rotated client. The secret is shown only in this answer.</summary>
/// <param name="Id">The registration's id (for rotate and revoke).</param>
/// <param name="ClientId">OAuth client_id.</param>
/// <param name="ClientSecret">OAuth client_secret; stored hashed, never shown again. Null for native apps (public clients).</param>
/// <param name="PreviousSecretValidUntil">After a rotation: until when the replaced secret still works.</param>
public sealed record ApiClientCredentials(Guid Id, string ClientId, string? ClientSecret, DateTimeOffset? PreviousSecretValidUntil);

/// <summary>An API client registration (never with its secret).</summary>
public sealed record ApiClientDto(
    Guid Id, string ClientId, string Name, Guid? CustomerId, Guid? UserId, [property: ContractEnum("SupplierRole")] IReadOnlyList<string> SupplierRoles,
    DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt, DateTimeOffset? PreviousSecretValidUntil, DateTimeOffset? RevokedAt,
    [property: ContractEnum("ApiClientType")] string Type, IReadOnlyList<string> RedirectUris);

/// <summary>Options of a secret rotation.</summary>
/// <param name="GracePeriodMinutes">How long the replaced secret keeps working (0 to 10080; default 1440 = 24 h).</param>
public sealed record RotateApiClientRequest(int? GracePeriodMinutes);
