namespace Portal.Api.Features.Punchout;

public static class PunchoutSessionStatuses
{
    public const string Pending = "pending";
    public const string Open = "open";
    public const string Transferred = "transferred";
    public const string Cancelled = "cancelled";
}
