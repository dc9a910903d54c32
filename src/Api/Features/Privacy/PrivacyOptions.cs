namespace Portal.Api.Features.Privacy;

/// <summary>
/// Section <c>Portal:Privacy</c>: how long personal data is kept when an account sets no retention of its own
/// (<c>PATCH /api/v1/customers/{id}</c> <c>retention</c>), and how often the retention job runs (docs/privacy.md).
/// </summary>
public sealed class PrivacyOptions
{
    /// <summary>Days an access-log entry is kept before it is deleted.</summary>
    public int AccessLogDays { get; set; } = 365;

    /// <summary>Days a deactivated user is kept before name and e-mail are replaced by a pseudonym.</summary>
    public int InactiveUserDays { get; set; } = 90;

    /// <summary>Days after which the people in orders, carts, punchout sessions and quotes are pseudonymised (orders and amounts stay).</summary>
    public int OrderPersonalDataDays { get; set; } = 730;

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The longest retention an account may set, in days (10 years: commercial and tax records).</summary>
    public const int MaxDays = 3650;
}

/// <summary>Section <c>Portal:Reports</c>.</summary>
public sealed class ReportOptions
{
    /// <summary>The target share of orders customers place themselves (0 to 1), shown beside the actual rate.</summary>
    public decimal SelfServiceTarget { get; set; } = 0.6m;
}
