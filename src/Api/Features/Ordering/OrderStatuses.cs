namespace Portal.Api.Features.Ordering;

public static class OrderStatuses
{
    public const string Submitted = "submitted";
    public const string PendingApproval = "pending-approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Submitted, PendingApproval, Approved, Rejected, Confirmed, Shipped, Delivered, Cancelled };

    /// <summary>Before the supplier confirms, the buyer may still change or cancel the order.</summary>
    public static bool OpenForBuyer(string status) => status is Submitted or PendingApproval or Approved;

    /// <summary>The lifecycle: which status may follow which.</summary>
    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (Submitted, PendingApproval or Confirmed or Cancelled) => true,
        (PendingApproval, Approved or Rejected or Cancelled) => true,
        (Approved, Confirmed or Cancelled) => true,
        (Confirmed, Shipped or Cancelled) => true,
        (Shipped, Delivered) => true,
        _ => false,
    };
}
