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
}
