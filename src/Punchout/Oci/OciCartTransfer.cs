using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Punchout.Sessions;

namespace Portal.Punchout.Oci;

/// <summary>
/// SAP OCI's cart transfer: the browser posts <c>NEW_ITEM-*[n]</c> fields (OCI 4.0 lengths and formats, see
/// <see cref="OciFields"/>) with <c>~OkCode=ADDI</c>, <c>~TARGET</c> and <c>~CALLER=CTLG</c> to the HOOK_URL. The
/// HOOK_URL's own query parameters are re-posted as hidden fields (a form post drops the action's query string in
/// some buyer systems, and SAP expects them as fields). The form's accept-charset is the charset the buyer asked.
/// </summary>
public sealed partial class OciCartTransfer : ICartTransfer
{
    /// <inheritdoc />
    public string Protocol => PunchoutProtocols.Oci;

    /// <inheritdoc />
    public CartTransferForm BuildForm(TransferCart cart, TimeProvider clock) => Build(cart, autoSubmit: true);

    /// <summary>The form for <paramref name="cart"/>; BACKGROUND_SEARCH answers it without submitting it.</summary>
    public static CartTransferForm Build(TransferCart cart, bool autoSubmit)
    {
        var session = cart.Session;
        var charset = OciFields.NormalizeCharset(session.Charset);
        var (action, fields) = SplitHookUrl(session.ReturnUrl);
        var target = Target(session.Target);
        fields.Add(new("~OkCode", "ADDI"));
        fields.Add(new("~TARGET", target ?? "_top"));
        fields.Add(new("~CALLER", "CTLG"));
        if (!cart.Cancelled)
        {
            for (var i = 0; i < cart.Lines.Count; i++)
            {
                fields.AddRange(LineFields(cart.Lines[i], i + 1, cart.Currency, charset, session.VendorNumber));
            }
        }
        return new CartTransferForm(action, fields, cart.Cancelled ? 0 : cart.Lines.Count, charset, target ?? "_top", autoSubmit);
    }

    /// <summary>
    /// The NEW_ITEM fields of one line (<paramref name="n"/> from 1); empty values are left out. CUST_FIELD1 is the cost
    /// center, 2 the last day of the price (YYYYMMDD), 3 the price source, 4 the GTIN, 5 the contract number.
    /// </summary>
    public static IEnumerable<CartTransferField> LineFields(TransferLine line, int n, string currency, string charset, string? vendor = null)
    {
        var (price, priceUnit) = OciFields.Price(line.UnitPrice, currency);
        var values = new (string Field, string? Value)[]
        {
            ("DESCRIPTION", OciFields.Text(line.Description, 40, charset)),
            ("QUANTITY", OciFields.Number(line.Quantity)),
            ("UNIT", OciFields.Id(line.Unit?.ToUpperInvariant(), 3)),
            ("PRICE", price),
            ("PRICEUNIT", priceUnit),
            ("CURRENCY", OciFields.Id(currency, 5)),
            ("VENDOR", OciFields.Id(vendor, 10)),
            ("LEADTIME", line.LeadTimeDays is { } lead and >= 0 and <= 99999 ? lead.ToString(CultureInfo.InvariantCulture) : null),
            ("VENDORMAT", OciFields.Id(line.Sku, 40)),
            ("MANUFACTMAT", OciFields.Id(line.ManufacturerPartId, 40)),
            ("MANUFACTCODE", OciFields.Text(line.ManufacturerName, 10, charset)),
            ("MATGROUP", OciFields.Id(line.Unspsc, 10)),
            ("EXT_PRODUCT_ID", OciFields.Id(line.Sku, 40)),
            ("CONTRACT", OciFields.Id(line.ContractNo, 10)),
            ("EXT_QUOTE_ID", OciFields.Id(line.QuoteNumber ?? line.QuoteId, 35)),
            ("EXT_QUOTE_ITEM", line.QuoteItem is { } item ? OciFields.Id(item.ToString(CultureInfo.InvariantCulture), 10) : null),
            ("CUST_FIELD1", OciFields.Id(line.CostCenter, 10)),
            ("CUST_FIELD2", line.PriceValidTo?.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
            ("CUST_FIELD3", OciFields.Id(line.PriceSource, 10)),
            ("CUST_FIELD4", OciFields.Id(line.Gtin, 20)),
            ("CUST_FIELD5", OciFields.Id(line.ContractNo, 50)),
        };
        foreach (var (field, value) in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return new CartTransferField($"NEW_ITEM-{field}[{n}]", value);
            }
        }
        var longText = OciFields.Text(line.LongText, 4000, charset);
        if (!string.IsNullOrEmpty(longText))
        {
            yield return new CartTransferField($"NEW_ITEM-LONGTEXT_{n}:132[]", longText);
        }
    }

    /// <summary>The HOOK_URL without its query, and its query parameters as fields (in order).</summary>
    public static (string Action, List<CartTransferField> Fields) SplitHookUrl(string hookUrl)
    {
        var question = hookUrl.IndexOf('?');
        var fields = new List<CartTransferField>();
        if (question < 0)
        {
            return (hookUrl, fields);
        }
        var fragment = hookUrl.IndexOf('#', question);
        var query = fragment < 0 ? hookUrl[question..] : hookUrl[question..fragment];
        foreach (var pair in new QueryStringEnumerable(query))
        {
            fields.Add(new(pair.DecodeName().ToString(), pair.DecodeValue().ToString()));
        }
        return (hookUrl[..question], fields);
    }

    /// <summary>A frame name the page may use as the form's target (_top, _parent, _self, _blank or a plain name).</summary>
    private static string? Target(string? target) => target is not null && TargetPattern().IsMatch(target) ? target : null;

    [GeneratedRegex("^[A-Za-z0-9_]{1,40}$")]
    private static partial Regex TargetPattern();
}
