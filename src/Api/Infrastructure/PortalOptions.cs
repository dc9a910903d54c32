namespace Portal.Api.Infrastructure;

/// <summary>The <c>Portal</c> configuration section (docs/architecture.md, "Configuration contract": the key names are a contract).</summary>
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

    public OutboxOptions Outbox { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public OutboundOptions Outbound { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Approvals (docs/approvals.md).</summary>
    public Features.Approvals.ApprovalOptions Approvals { get; set; } = new();

    /// <summary>Retention defaults of personal data (docs/privacy.md).</summary>
    public Features.Privacy.PrivacyOptions Privacy { get; set; } = new();

    /// <summary>Reports: the self-service target rate.</summary>
    public Features.Privacy.ReportOptions Reports { get; set; } = new();
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

public sealed class OutboxOptions
{
    /// <summary>How often the dispatcher looks for new events and due deliveries (it is also woken at once by a commit on its own instance).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long dispatched events, finished deliveries and sent mails are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}

public sealed class WebhookOptions
{
    /// <summary>Delays before the 2nd, 3rd, ... attempt: <c>5s,5m,30m,2h,5h,10h,10h</c> (Standard Webhooks); units ms, s, m, h, d or a TimeSpan.</summary>
    public string RetrySchedule { get; set; } = "5s,5m,30m,2h,5h,10h,10h";

    /// <summary>Attempts before a delivery is dead-lettered; default: one more than the schedule has delays.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the previous secret keeps signing after a rotation (both signatures are sent).</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Webhooks per customer account (and for the supplier side).</summary>
    public int MaxPerAccount { get; set; } = 20;
}

public sealed class OutboundOptions
{
    /// <summary>Allow outbound calls to loopback, private and link-local addresses (development, tests, on-premise receivers).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Refuse plain-HTTP targets; default true in the Production environment, false elsewhere.</summary>
    public bool? RequireHttps { get; set; }
}

public sealed class SmtpOptions
{
    /// <summary>The SMTP server; absent: mails are written to the log instead of sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, <c>Portal &lt;noreply@example.com&gt;</c> or a bare address.</summary>
    public string From { get; set; } = "Portal <noreply@portal.invalid>";

    /// <summary>TLS: true requires it (implicit TLS on port 465, STARTTLS otherwise), false sends in clear (test servers only), null uses STARTTLS when offered.</summary>
    public bool? UseTls { get; set; }
}

public sealed class SchedulerOptions
{
    /// <summary>Run the Quartz scheduler in this instance (clustered on PostgreSQL; in-memory in embedded mode).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a clustered instance checks in (a dead instance's jobs are recovered after about this long).</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);
}

public sealed class PunchoutOptions
{
    /// <summary>How long a StartPage URL can be used (once). Buyer systems open it at once; Infor documents 5 minutes.</summary>
    public TimeSpan StartPageLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a punchout shopping session lasts after it started.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>SAP OCI defaults of the installation.</summary>
    public PunchoutOciOptions Oci { get; set; } = new();

    /// <summary>The certificate that signs cXML InvoiceDetailRequests of accounts with <c>cxml.signInvoices</c>.</summary>
    public InvoiceSigningOptions InvoiceSigning { get; set; } = new();

    /// <summary>Delivery of cXML documents to buyer systems (<c>cxml.outboundUrl</c>).</summary>
    public CxmlOutboundOptions Outbound { get; set; } = new();
}

/// <summary>SAP OCI defaults (<c>Portal:Punchout:Oci</c>).</summary>
public sealed class PunchoutOciOptions
{
    /// <summary>This supplier's vendor number in buyers' SAP systems (OCI NEW_ITEM-VENDOR), for accounts that name none.</summary>
    public string? VendorNumber { get; set; }
}

public sealed class InvoiceSigningOptions
{
    /// <summary>A PEM file with the certificate and its (unencrypted) RSA private key, or a PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX password.</summary>
    public string? Password { get; set; }
}

public sealed class CxmlOutboundOptions
{
    /// <summary>How long to wait for the buyer system's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delays between attempts after 5xx, timeouts and connection errors (±10 % jitter); after the last the document is failed.</summary>
    public string RetrySchedule { get; set; } = "30s, 2m, 10m, 30m, 1h, 2h, 4h, 8h, 8h, 8h, 8h, 8h";
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

    /// <summary>Sign-in requests of people (/connect/authorize, /sso/*, /shop) per minute from one IP address.</summary>
    public int LoginPermitPerMinute { get; set; } = 120;
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
