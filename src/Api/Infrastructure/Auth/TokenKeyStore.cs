using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Portal.Api.Infrastructure.Data;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Gives OpenIddict the token keys kept in the database (created on first use), so all instances share
/// them. Runs when OpenIddict's options are first built, after <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class TokenKeyStore(IServiceScopeFactory scopes) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var signingPem = GetOrCreate(db, TokenKey.SigningKind, () =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKeyPem();
        });
        var rsaKey = RSA.Create();
        rsaKey.ImportFromPem(signingPem);
        var signingKey = new RsaSecurityKey(rsaKey) { KeyId = KeyId(rsaKey.ExportSubjectPublicKeyInfo()) };
        options.SigningCredentials.Add(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256));

        var encryptionMaterial = GetOrCreate(db, TokenKey.EncryptionKind, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var keyBytes = Convert.FromBase64String(encryptionMaterial);
        var encryptionKey = new SymmetricSecurityKey(keyBytes) { KeyId = KeyId(SHA256.HashData(keyBytes)) };
        options.EncryptionCredentials.Add(new EncryptingCredentials(encryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static string GetOrCreate(PortalDbContext db, string kind, Func<string> create)
    {
        var existing = db.TokenKeys.AsNoTracking().Where(k => k.Kind == kind).Select(k => k.Material).FirstOrDefault();
        if (existing is not null)
        {
            return existing;
        }
        db.TokenKeys.Add(new TokenKey { Kind = kind, Material = create() });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another instance created the key first (unique index on kind): use that one.
            db.ChangeTracker.Clear();
        }
        return db.TokenKeys.AsNoTracking().Where(k => k.Kind == kind).Select(k => k.Material).First();
    }

    private static string KeyId(byte[] material) => Convert.ToHexString(SHA256.HashData(material))[..16];
}
