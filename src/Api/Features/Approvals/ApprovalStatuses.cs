namespace Portal.Api.Features.Approvals;

public static class ApprovalStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>Shown for a pending approval whose order was cancelled meanwhile.</summary>
    public const string Cancelled = "cancelled";
}
