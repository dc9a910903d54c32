namespace Portal.Api.Features.Quotes;

/// <summary>
/// The lifecycle of a quote: requested → in-progress → offered → accepted | declined | expired | withdrawn;
/// revise takes an offered quote back to in-progress for a new version.
/// </summary>
public static class QuoteStatuses
{
    public const string Requested = "requested";
    public const string InProgress = "in-progress";
    public const string Offered = "offered";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string Withdrawn = "withdrawn";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Requested, InProgress, Offered, Accepted, Declined, Expired, Withdrawn };

    /// <summary>No further transition is possible.</summary>
    public static bool IsFinal(string status) => status is Accepted or Declined or Expired or Withdrawn;
}
