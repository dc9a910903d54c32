using Microsoft.EntityFrameworkCore.Storage;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Portal.Api.Features.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Features.ApiClients;

/// <summary>
/// API clients: created with a secret shown once, stored hashed (PBKDF2 by OpenIddict), rotated with a
/// grace period for the old secret, revoked at once (tokens already issued stop working too, because
/// every request re-reads the client).
/// </summary>
public sealed class ApiClientService(
    PortalDbContext db,
    PortalApplicationManager applications,
    CallerContext callers,
    TenantScope tenant,
    CallerCache callerCache,
    AccountAuthority authority,
    TimeProvider clock)
{
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromHours(24);

    public async Task<ApiClientCredentials> CreateAsync(CreateApiClientRequest request, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        var type = request.Type ?? ApiClientTypes.Machine;
        if (type != ApiClientTypes.Machine)
        {
            return await CreateAppAsync(request, type, cancellationToken);
        }
        var errors = new ValidationErrors();
        if (request.RedirectUris is { Count: > 0 })
        {
            errors.Add("redirectUris", "Only web and native apps have redirect URIs.");
        }
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        Guid? customerId = tenant.CustomerId;
        List<string> supplierRoles = [];
        if (customerId is null)
        {
            // Supplier-side client (only supplier admins reach this: customer callers always have an account).
            if (request.UserId is not null)
            {
                errors.Add("userId", $"A client acting as a user belongs to that user's account: select it with the {TenantScope.HeaderName} header.");
            }
            supplierRoles = request.SupplierRoles?.Distinct().ToList() ?? [];
            if (supplierRoles.Count == 0 || supplierRoles.Any(r => !Roles.Supplier.Contains(r)))
            {
                errors.Add("supplierRoles", "A supplier-side client needs one or more of: " + string.Join(", ", Roles.Supplier) + ".");
            }
        }
        else
        {
            if (request.UserId is null)
            {
                errors.Add("userId", "The userId of the user the client acts as is required.");
            }
            if (request.SupplierRoles is { Count: > 0 })
            {
                errors.Add("supplierRoles", "A customer account's client acts with its user's roles; supplier roles are not allowed.");
            }
        }
        errors.ThrowIfAny();

        User? user = null;
        if (customerId is not null)
        {
            user = await AccountValidation.FindAsync(db.Users.AsNoTracking().Include(u => u.Roles), request.UserId!.Value, "user", cancellationToken);
            if (!user.Active)
            {
                throw new BusinessRuleException("The user is deactivated.");
            }
            // The client gets the user's roles: only someone who administers every unit where the user
            // holds a role may hand them to a machine.
            await authority.RequireAdministratorOverUserAsync(user.Id, "create a client with this user's roles", cancellationToken);
        }

        await EnsureRoomAsync(customerId, cancellationToken);
        var clientId = "pc_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var secret = NewSecret();
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        await applications.CreateAsync(Descriptor(clientId, name!, secret), cancellationToken);
        var client = new ApiClient
        {
            ClientId = clientId,
            Name = name!,
            CustomerId = customerId,
            UserId = user?.Id,
            SupplierRoles = supplierRoles,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = caller.ClientId,
        };
        return await AddAsync(client, secret, transaction, cancellationToken);
    }

    /// <summary>
    /// A web (confidential) or native (public, PKCE only) app of the account: it signs the account's users in
    /// at /connect/authorize and acts as whoever signed in, so it needs the administrator at the account's top unit.
    /// </summary>
    private async Task<ApiClientCredentials> CreateAppAsync(CreateApiClientRequest request, string type, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        var errors = new ValidationErrors();
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        if (type is not (ApiClientTypes.Web or ApiClientTypes.Native))
        {
            errors.Add("type", "One of machine, web, native.");
        }
        if (tenant.CustomerId is null)
        {
            errors.Add("type", $"Apps sign in a customer account's users: select the account with the {TenantScope.HeaderName} header.");
        }
        if (request.UserId is not null || request.SupplierRoles is { Count: > 0 })
        {
            errors.Add("userId", "An app acts as the user who signs in: userId and supplierRoles are not allowed.");
        }
        var uris = request.RedirectUris?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (uris.Count is 0 or > 20)
        {
            errors.Add("redirectUris", "Send 1 to 20 redirect URIs.");
        }
        for (var i = 0; i < uris.Count && i < 20; i++)
        {
            if (!IsRedirectUri(uris[i], type))
            {
                errors.Add($"redirectUris[{i}]", "An absolute URI without fragment: https, http on loopback, or (native apps) a private-use scheme (com.example.app:/callback).");
            }
        }
        errors.ThrowIfAny();
        var customerId = tenant.CustomerId!.Value;
        var root = await db.OrgUnits.Where(o => o.ParentId == null).Select(o => o.Path).FirstAsync(cancellationToken);
        caller.RequireRoleAt(root, "register an app that signs in the account's users", Roles.Administrator);

        await EnsureRoomAsync(customerId, cancellationToken);
        var clientId = "pa_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var secret = type == ApiClientTypes.Web ? NewSecret() : null;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = name,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + "api", Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in uris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        await applications.CreateAsync(descriptor, cancellationToken);
        var client = new ApiClient
        {
            ClientId = clientId,
            Name = name!,
            CustomerId = customerId,
            Type = type,
            RedirectUris = uris,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = caller.ClientId,
        };
        return await AddAsync(client, secret, transaction, cancellationToken);
    }

    /// <summary>Stores the new client and commits the transaction begun here (if any); the credentials show the secret once.</summary>
    /// <summary>422 when the account (or the supplier, for its own clients) keeps the most clients that are not revoked.</summary>
    private Task EnsureRoomAsync(Guid? customerId, CancellationToken cancellationToken) =>
        Quotas.EnsureRoomAsync(db.ApiClients.Where(c => c.CustomerId == customerId && c.RevokedAt == null), Quotas.ApiClientsPerAccount,
            customerId is null ? "The supplier" : "An account", "API clients that are not revoked", cancellationToken);

    private async Task<ApiClientCredentials> AddAsync(ApiClient client, string? secret, IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new ApiClientCredentials(client.Id, client.ClientId, secret, null);
    }

    private static bool IsRedirectUri(string? value, string type)
    {
        if (value is not { Length: > 0 and <= 1000 } || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }
        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            || (type == ApiClientTypes.Native && uri.Scheme.Contains('.') && uri.Scheme is not ("javascript" or "data" or "file"));
    }

    public async Task<Page<ApiClientDto>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor);
        // Only the clients the caller has authority over: a department's administrator does not see the
        // clients of users whose roles reach above the department.
        var rows = new List<ApiClient>(take + 1);
        while (rows.Count <= take)
        {
            var query = Visible().AsNoTracking();
            if (after is not null)
            {
                query = query.Where(c => string.Compare(c.ClientId, after) > 0);
            }
            var chunk = await query.OrderBy(c => c.ClientId).Take(take + 1).ToListAsync(cancellationToken);
            foreach (var client in chunk)
            {
                if (rows.Count <= take && (client.UserId is not { } userId || await authority.IsAdministratorOverUserAsync(userId, cancellationToken)))
                {
                    rows.Add(client);
                }
            }
            if (chunk.Count <= take)
            {
                break;
            }
            after = chunk[^1].ClientId;
        }
        return KeysetPaging.Cut(rows, take, c => c.ClientId).Map(ToDto);
    }

    public async Task<ApiClientDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        ToDto(await FindAsync(id, "read this client", cancellationToken));

    public async Task<ApiClientCredentials> RotateAsync(Guid id, RotateApiClientRequest? request, CancellationToken cancellationToken)
    {
        var minutes = request?.GracePeriodMinutes ?? (int)DefaultGracePeriod.TotalMinutes;
        if (minutes is < 0 or > 10080)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["gracePeriodMinutes"] = ["The grace period is 0 to 10080 minutes (7 days)."] });
        }
        var client = await FindAsync(id, "rotate this client's secret", cancellationToken);
        if (client.RevokedAt is not null)
        {
            throw new BusinessRuleException("A revoked client cannot be rotated.");
        }
        if (client.Type == ApiClientTypes.Native)
        {
            throw new BusinessRuleException("A native app is a public client: it has no secret to rotate.");
        }
        var application = await applications.FindByClientIdAsync(client.ClientId, cancellationToken)
            ?? throw new NotFoundException($"No API client has the id '{id}'.");

        var now = clock.GetUtcNow();
        var secret = NewSecret();
        client.PreviousSecretHash = minutes > 0 ? await applications.GetClientSecretHashAsync(application, cancellationToken) : null;
        client.PreviousSecretValidUntil = minutes > 0 ? now.AddMinutes(minutes) : null;
        client.SecretRotatedAt = now;
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        await applications.UpdateAsync(application, secret, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        await callerCache.InvalidateClientAsync(client.ClientId, cancellationToken);
        return new ApiClientCredentials(client.Id, client.ClientId, secret, client.PreviousSecretValidUntil);
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var client = await FindAsync(id, "revoke this client", cancellationToken);
        if (client.RevokedAt is not null)
        {
            return;
        }
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is { } application)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }
        client.RevokedAt = clock.GetUtcNow();
        client.PreviousSecretHash = null;
        client.PreviousSecretValidUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        // Tokens already issued stop working on every instance's next request.
        await callerCache.InvalidateClientAsync(client.ClientId, cancellationToken);
    }

    /// <summary>The client that <paramref name="clientId"/> names, created or updated with these settings (start-up provisioning).</summary>
    internal static OpenIddictApplicationDescriptor Descriptor(string clientId, string name, string secret) => new()
    {
        ClientId = clientId,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        DisplayName = name,
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "api" },
    };

    /// <summary>Customer callers see their account's clients; supplier admins without Portal-Customer the supplier-side ones.</summary>
    private IQueryable<ApiClient> Visible() =>
        tenant.CustomerId is { } customerId ? db.ApiClients.Where(c => c.CustomerId == customerId) : db.ApiClients.Where(c => c.CustomerId == null);

    /// <summary>The client, when visible to the caller, and only when the caller has authority over the user it acts for.</summary>
    private async Task<ApiClient> FindAsync(Guid id, string what, CancellationToken cancellationToken)
    {
        var client = await Visible().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No API client has the id '{id}'.");
        if (client.UserId is { } userId)
        {
            await authority.RequireAdministratorOverUserAsync(userId, what, cancellationToken);
        }
        return client;
    }

    private static string NewSecret() => Base64UrlSecret(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlSecret(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static ApiClientDto ToDto(ApiClient c) => new(
        c.Id, c.ClientId, c.Name, c.CustomerId, c.UserId, c.SupplierRoles, c.CreatedAt, c.SecretRotatedAt, c.PreviousSecretValidUntil, c.RevokedAt, c.Type, c.RedirectUris);
}
