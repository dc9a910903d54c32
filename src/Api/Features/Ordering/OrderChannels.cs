namespace Portal.Api.Features.Ordering;

/// <summary>
/// How an order was placed (issue #22, docs/privacy.md is unrelated; see docs/adr/0016): every channel but
/// <see cref="SalesAssisted"/> is self-service, the customer placing the order itself.
/// </summary>
public static class OrderChannels
{
    public const string Api = "api";
    public const string Sdk = "sdk";
    public const string PunchoutCxml = "punchout-cxml";
    public const string PunchoutOci = "punchout-oci";
    public const string Csv = "csv";
    public const string Reorder = "reorder";
    public const string Template = "template";
    public const string Schedule = "schedule";
    public const string Quote = "quote";
    public const string SalesAssisted = "sales-assisted";

    public static readonly IReadOnlyList<string> All = [Api, Sdk, PunchoutCxml, PunchoutOci, Csv, Reorder, Template, Schedule, Quote, SalesAssisted];

    /// <summary>The product token the C# SDK sends in its User-Agent (sdk/csharp/PortalClient.cs).</summary>
    public const string SdkUserAgent = "Portal.Client/";

    public static bool IsSelfService(string channel) => channel != SalesAssisted;

    /// <summary>
    /// The channel of an order from where it came (<paramref name="source"/>: api, csv, template, replenishment,
    /// quote, cxml), the cart it empties and who places it: a supplier-side caller placing an order interactively
    /// for the account is sales-assisted; automated intake (schedules, cXML purchase orders) keeps its channel.
    /// </summary>
    public static string Of(string source, Caller caller, string? userAgent, string? cartOrigin, string? punchoutProtocol = null)
    {
        var channel = source switch
        {
            "csv" => Csv,
            "template" => Template,
            "replenishment" => Schedule,
            "quote" => Quote,
            "cxml" => punchoutProtocol == "oci" ? PunchoutOci : PunchoutCxml,
            _ => cartOrigin ?? (userAgent?.StartsWith(SdkUserAgent, StringComparison.Ordinal) == true ? Sdk : Api),
        };
        return caller.IsSupplier && channel is not (Schedule or PunchoutCxml or PunchoutOci) ? SalesAssisted : channel;
    }
}
