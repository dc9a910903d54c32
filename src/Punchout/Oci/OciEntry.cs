using System.Globalization;

namespace Portal.Punchout.Oci;

/// <summary>The OCI functions a catalog call may ask for (none: the catalog's start page).</summary>
public static class OciFunctions
{
    /// <summary>PRODUCTID: the product's page (transfer possible).</summary>
    public const string Detail = "DETAIL";
    /// <summary>PRODUCTID, QUANTITY: the item transferred at once with its current price.</summary>
    public const string Validate = "VALIDATE";
    /// <summary>SEARCHSTRING: the matches as OCI fields, no browser session.</summary>
    public const string BackgroundSearch = "BACKGROUND_SEARCH";
    /// <summary>SEARCHSTRING: a session opened on the search results.</summary>
    public const string Sourcing = "SOURCING";
    /// <summary>PRODUCTID, QUANTITY: availability as JSON (OCI 5.0).</summary>
    public const string QuantityCheck = "QUANTITYCHECK";

    /// <summary>Every function Portal serves.</summary>
    public static readonly IReadOnlyList<string> All = [Detail, Validate, BackgroundSearch, Sourcing, QuantityCheck];
}

/// <summary>
/// A SAP OCI catalog call (GET query or POST form) as read: the credentials, the hook URL the cart goes back to
/// and the function with its parameters. Field names are compared case-insensitively (SAP sends upper case,
/// some buyer systems lower case); values are trimmed and bounded.
/// </summary>
public sealed record OciEntry
{
    /// <summary>The largest field value accepted (HOOK_URL included).</summary>
    public const int MaxFieldLength = 2000;

    /// <summary>The most fields a call may carry.</summary>
    public const int MaxFields = 100;

    /// <summary>USERNAME.</summary>
    public required string? Username { get; init; }
    /// <summary>PASSWORD (never logged).</summary>
    public required string? Password { get; init; }
    /// <summary>HOOK_URL: where the cart goes back to.</summary>
    public required string? HookUrl { get; init; }
    /// <summary>The function, upper case; null for a plain catalog call.</summary>
    public string? Function { get; init; }
    /// <summary>PRODUCTID (DETAIL, VALIDATE, QUANTITYCHECK).</summary>
    public string? ProductId { get; init; }
    /// <summary>QUANTITY as sent.</summary>
    public string? QuantityText { get; init; }
    /// <summary>SEARCHSTRING (BACKGROUND_SEARCH, SOURCING).</summary>
    public string? SearchString { get; init; }
    /// <summary>OCI_VERSION.</summary>
    public string? OciVersion { get; init; }
    /// <summary>OCI_INTERFACE.</summary>
    public string? OciInterface { get; init; }
    /// <summary>The frame the buyer system wants the cart posted into (<c>~TARGET</c>, or <c>returntarget</c>).</summary>
    public string? Target { get; init; }
    /// <summary>The caller the buyer system named (<c>~caller</c>); the cart always goes back with <c>~CALLER=CTLG</c>.</summary>
    public string? Caller { get; init; }
    /// <summary>The charset the buyer system asked the cart in (<c>http_content_charset</c>).</summary>
    public string? Charset { get; init; }

    /// <summary>Reads a call from its fields (query string or form; the first value of each name).</summary>
    /// <exception cref="OciEntryException">Too many fields or a value too long.</exception>
    public static OciEntry Read(IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        foreach (var (name, value) in fields)
        {
            if (++count > MaxFields)
            {
                throw new OciEntryException(400, $"An OCI call has at most {MaxFields} fields.");
            }
            var text = value?.Trim();
            if (text is null || map.ContainsKey(name))
            {
                continue;
            }
            if (text.Length > MaxFieldLength)
            {
                throw new OciEntryException(400, $"The field {name} is longer than {MaxFieldLength} characters.");
            }
            map[name] = text;
        }
        string? Get(params string[] names) => names.Select(n => map.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        // Some catalog calls name the item of a VALIDATE or DETAIL as the first of a list (PRODUCTID[1], QUANTITY[1]),
        // as OpusCapita's OCI templates do. One item is read that way; a second is refused, never dropped unseen.
        if (!string.IsNullOrEmpty(map.GetValueOrDefault("PRODUCTID[2]")))
        {
            throw new OciEntryException(400, "An OCI call names one item: PRODUCTID (or PRODUCTID[1]), not PRODUCTID[2].");
        }
        return new OciEntry
        {
            Username = Get("USERNAME"),
            Password = map.GetValueOrDefault("PASSWORD"),
            HookUrl = Get("HOOK_URL"),
            Function = Get("FUNCTION")?.ToUpperInvariant(),
            ProductId = Get("PRODUCTID", "PRODUCTID[1]"),
            QuantityText = Get("QUANTITY", "QUANTITY[1]"),
            SearchString = Get("SEARCHSTRING"),
            OciVersion = Get("OCI_VERSION"),
            OciInterface = Get("OCI_INTERFACE"),
            Target = Get("~TARGET", "returntarget"),
            Caller = Get("~caller"),
            Charset = Get("http_content_charset"),
        };
    }

    /// <summary>The QUANTITY of a VALIDATE or QUANTITYCHECK call: a decimal point or comma, default 1.</summary>
    public decimal Quantity()
    {
        if (string.IsNullOrEmpty(QuantityText))
        {
            return 1;
        }
        return decimal.TryParse(QuantityText.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity) && quantity > 0
            ? quantity
            : throw new OciEntryException(400, $"QUANTITY '{QuantityText}' is not a quantity above 0.");
    }
}

/// <summary>An OCI call that cannot be served: shown to the buyer's browser as a page with this status.</summary>
public sealed class OciEntryException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status of the page.</summary>
    public int Status { get; } = status;
}
