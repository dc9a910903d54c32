namespace Portal.Api.Features.Approvals;

/// <summary><c>Portal:Approvals:*</c>.</summary>
public sealed class ApprovalOptions
{
    /// <summary>How often the escalation job looks for approvals waiting too long (default 1 minute).</summary>
    public TimeSpan EscalationCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an e-mailed decision link is valid (default 72 hours).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(72);
}
