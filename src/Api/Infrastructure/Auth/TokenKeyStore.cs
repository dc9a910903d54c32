using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Gives OpenIddict the token keys kept in the database (created on first use), so all instances share
/// them. The key material is protected at rest with ASP.NET Core Data Protection, whose key ring lives in
/// the database too (encrypted with a certificate when one is configured; ADR 0007). Signing keys rotate:
/// an instance starting when the active key is older than <c>Portal:Tokens:SigningKeyLifetime</c> retires
/// it and creates a new one; a retired key is still published and validates until the tokens it signed
/// have expired. Runs when OpenIddict's options are first built, after <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class TokenKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<TokenKeyStore> logger) : IConfigureOptions<OpenIddictServerOptions>
{
    /// <summary>Tokens live at most an hour (AuthSetup); a retired key is published this long after it stopped signing.</summary>
    internal static readonly TimeSpan RetiredKeyPublished = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5);

    private const string ProtectedPrefix = "dp:";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Portal.TokenKeys.v1");

    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        ProtectLegacyRows(db);

        // The first credentials sign; every one of them validates (OpenIddict keeps the order of RSA keys).
        if (portal.Value.Tokens.SigningKeyPem is { Length: > 0 } configured)
        {
            options.SigningCredentials.Add(Signing(configured));
        }
        var active = GetOrCreateActive(db, TokenKey.SigningKind, portal.Value.Tokens.SigningKeyLifetime, now, () =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKeyPem();
        });
        options.SigningCredentials.Add(Signing(active));
        var retired = db.TokenKeys.AsNoTracking().Where(k => k.Kind == TokenKey.SigningKind && k.RetiredAt != null).ToList()
            .Where(k => k.RetiredAt!.Value + RetiredKeyPublished > now)
            .OrderByDescending(k => k.CreatedAt);
        foreach (var key in retired)
        {
            options.SigningCredentials.Add(Signing(_protector.Unprotect(key.Material[ProtectedPrefix.Length..])));
        }

        var encryptionMaterial = GetOrCreateActive(db, TokenKey.EncryptionKind, rotateAfter: null, now, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var keyBytes = Convert.FromBase64String(encryptionMaterial);
        var encryptionKey = new SymmetricSecurityKey(keyBytes) { KeyId = KeyId(SHA256.HashData(keyBytes)) };
        options.EncryptionCredentials.Add(new EncryptingCredentials(encryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static SigningCredentials Signing(string pem)
    {
        var rsaKey = RSA.Create();
        rsaKey.ImportFromPem(pem);
        var signingKey = new RsaSecurityKey(rsaKey) { KeyId = KeyId(rsaKey.ExportSubjectPublicKeyInfo()) };
        return new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>The active key's material in clear: created when there is none, replaced when older than <paramref name="rotateAfter"/>.</summary>
    private string GetOrCreateActive(PortalDbContext db, string kind, TimeSpan? rotateAfter, DateTimeOffset now, Func<string> create)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var active = db.TokenKeys.AsNoTracking().Where(k => k.Kind == kind && k.RetiredAt == null).FirstOrDefault();
            if (active is not null && (rotateAfter is null || active.CreatedAt + rotateAfter.Value > now))
            {
                return _protector.Unprotect(active.Material[ProtectedPrefix.Length..]);
            }
            using var transaction = db.Database.BeginTransaction();
            try
            {
                if (active is not null
                    && db.TokenKeys.Where(k => k.Id == active.Id && k.RetiredAt == null).ExecuteUpdate(s => s.SetProperty(k => k.RetiredAt, now)) == 0)
                {
                    transaction.Rollback();
                    continue; // another instance rotated it just now: take its key
                }
                var material = create();
                db.TokenKeys.Add(new TokenKey { Kind = kind, Material = ProtectedPrefix + _protector.Protect(material), CreatedAt = now });
                db.SaveChanges();
                transaction.Commit();
                if (active is not null)
                {
                    logger.LogInformation("Rotated the {Kind} token key; the previous one validates for {Window} more.", kind, RetiredKeyPublished);
                }
                return material;
            }
            catch (DbUpdateException)
            {
                // Another instance created the key first (unique index on the active kind): use that one.
                transaction.Rollback();
                db.ChangeTracker.Clear();
            }
        }
        throw new InvalidOperationException($"No active {kind} token key could be read or created.");
    }

    /// <summary>Rows written before keys were protected at rest hold plain material: protect them in place.</summary>
    private void ProtectLegacyRows(PortalDbContext db)
    {
        var plain = db.TokenKeys.Where(k => !k.Material.StartsWith(ProtectedPrefix)).ToList();
        foreach (var key in plain)
        {
            key.Material = ProtectedPrefix + _protector.Protect(key.Material);
        }
        if (plain.Count > 0)
        {
            db.SaveChanges();
            logger.LogInformation("Protected {Count} token key(s) stored in plain text by an earlier version.", plain.Count);
        }
    }

    private static string KeyId(byte[] material) => Convert.ToHexString(SHA256.HashData(material))[..16];
}
