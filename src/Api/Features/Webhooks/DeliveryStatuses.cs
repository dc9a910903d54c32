namespace Portal.Api.Features.Webhooks;

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";

    /// <summary>The receiver answered 4xx (other than 408/429): it refused the event; not retried.</summary>
    public const string Failed = "failed";

    /// <summary>Every attempt failed: dead-lettered, redeliver with POST .../retry.</summary>
    public const string Dead = "dead";
}
