namespace Portal.Api.Infrastructure;

/// <summary>The <c>Portal</c> configuration section (ARCHITECTURE.md §3: the key names are a contract).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Seed the demo data set; defaults to true only in embedded (SQLite) mode.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Absolute base URL used in punchout StartPage links and e-mails.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Require HTTPS on the token endpoint. Off by default: deployments terminate TLS at the proxy.</summary>
    public bool RequireHttps { get; set; }

    public BootstrapClientOptions Bootstrap { get; set; } = new();

    public EmbeddedOptions Embedded { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public PunchoutOptions Punchout { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public SwaggerOptions Swagger { get; set; } = new();

    public ImportLimitOptions Imports { get; set; } = new();

    public DataProtectionSettings DataProtection { get; set; } = new();
}

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed. Empty (the
/// default): forwarded headers are ignored and the connection's address is the client's.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>IP addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are trusted (<c>ForwardLimit</c>); 1 by default.</summary>
    public int ForwardLimit { get; set; } = 1;
}

public sealed class SwaggerOptions
{
    /// <summary>Serve Swagger UI and the OpenAPI JSON outside Development and the embedded mode.</summary>
    public bool Enabled { get; set; }
}

/// <summary>Bounds on CSV uploads (cart imports, order imports, price conditions).</summary>
public sealed class ImportLimitOptions
{
    /// <summary>The longest record (a line, or a quoted field spanning lines) in characters.</summary>
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>Columns in the header row.</summary>
    public int MaxColumns { get; set; } = 64;

    /// <summary>Data rows in one cart import.</summary>
    public int MaxCartRows { get; set; } = 5_000;

    /// <summary>Data rows in one order import.</summary>
    public int MaxOrderRows { get; set; } = 100_000;

    /// <summary>Imports one API client may run at the same time on one instance (429 beyond).</summary>
    public int MaxConcurrentPerClient { get; set; } = 2;
}

public sealed class PunchoutOptions
{
    /// <summary>How long a StartPage URL can be used (once). Buyer systems open it at once; Infor documents 5 minutes.</summary>
    public TimeSpan StartPageLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a punchout shopping session lasts after it started.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>A supplier-admin OAuth client created (or updated) at start-up.</summary>
public sealed class BootstrapClientOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}

public sealed class EmbeddedOptions
{
    /// <summary>The SQLite file used when no PostgreSQL connection string is configured.</summary>
    public string? DatabasePath { get; set; }
}

public sealed class RateLimitOptions
{
    /// <summary>Requests per minute for one API client on /api.</summary>
    public int PermitPerMinute { get; set; } = 1200;

    /// <summary>Token requests per minute from one IP address.</summary>
    public int TokenPermitPerMinute { get; set; } = 300;

    /// <summary>cXML requests (punchout set-up, orders) per minute from one IP address.</summary>
    public int CxmlPermitPerMinute { get; set; } = 600;
}

public sealed class TokenOptions
{
    /// <summary>Access-token lifetime; at most one hour.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a signing key signs before an instance starting later replaces it with a new one (the old
    /// one keeps validating until its tokens have expired).
    /// </summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A PKCS#8 or PKCS#1 RSA private key in PEM to sign with instead of the database's keys (from a secret
    /// store); the database's keys still validate tokens they signed.
    /// </summary>
    public string? SigningKeyPem { get; set; }
}

/// <summary>Where the Data Protection key ring is kept and how it is protected (ADR 0007).</summary>
public sealed class DataProtectionSettings
{
    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the key ring at rest; absent: the ring is stored unencrypted in the database.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}
