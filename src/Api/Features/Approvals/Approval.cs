namespace Portal.Api.Features.Approvals;

/// <summary>The approval an order waits for: its levels in order, decisions and escalations.</summary>
public sealed class Approval : ICustomerScoped, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    public required string OrderNumber { get; set; }

    public Guid? RequesterId { get; set; }

    public Guid? OrgUnitId { get; set; }

    public decimal Total { get; set; }

    public required string Currency { get; set; }

    /// <summary><c>pending</c>, <c>approved</c> or <c>rejected</c> (<see cref="ApprovalStatuses"/>).</summary>
    public string Status { get; set; } = ApprovalStatuses.Pending;

    public List<ApprovalLevelState> Levels { get; set; } = [];

    public List<ApprovalEscalation> Escalations { get; set; } = [];

    /// <summary>Why approval is needed (rules, budgets).</summary>
    public List<string> Reasons { get; set; } = [];

    public TimeSpan? EscalateAfter { get; set; }

    /// <summary>When the open level becomes due for escalation (null: never); indexed for the job.</summary>
    public DateTimeOffset? EscalateAt { get; set; }

    public string? RejectionReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public int Version { get; set; } = 1;

    public ApprovalLevelState? Current => Status == ApprovalStatuses.Pending ? Levels.FirstOrDefault(l => l.Decision is null) : null;
}
