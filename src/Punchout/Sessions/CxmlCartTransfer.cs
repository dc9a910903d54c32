using System.Text;
using Portal.Punchout.Cxml;
using Portal.Punchout.Money;

namespace Portal.Punchout.Sessions;

/// <summary>
/// cXML's cart transfer: a PunchOutOrderMessage (buyer as To, supplier as From and Sender, no secret — it travels
/// through the browser) in the field <c>cXML-base64</c>, or <c>cXML-urlencoded</c> (US-ASCII, other characters as
/// numeric character references) where the account asks for it.
/// </summary>
public sealed class CxmlCartTransfer : ICartTransfer
{
    /// <summary>The form encoding that sends the document URL-encoded instead of base64.</summary>
    public const string UrlEncoded = "cxml-urlencoded";

    /// <summary>The UNSPSC code for products without one (the DTD requires a Classification).</summary>
    public const string UnclassifiedUnspsc = "00000000";

    /// <inheritdoc />
    public string Protocol => PunchoutProtocols.Cxml;

    /// <inheritdoc />
    public CartTransferForm BuildForm(TransferCart cart, TimeProvider clock)
    {
        var xml = CxmlWriter.WriteToUtf8Bytes(Message(cart, clock));
        var field = cart.Session.FormEncoding == UrlEncoded
            ? new CartTransferField("cXML-urlencoded", AsciiXml(Encoding.UTF8.GetString(xml)))
            : new CartTransferField("cXML-base64", Convert.ToBase64String(xml));
        return new CartTransferForm(cart.Session.ReturnUrl, [field], cart.Lines.Count);
    }

    /// <summary>The PunchOutOrderMessage for a cart.</summary>
    /// <param name="cart">The priced cart.</param>
    /// <param name="clock">The clock for the timestamp and payload id.</param>
    public static CxmlDocument Message(TransferCart cart, TimeProvider clock)
    {
        var session = cart.Session;
        var items = cart.Lines.Select((line, i) => new CxmlItemIn
        {
            Quantity = line.Quantity,
            LineNumber = i + 1,
            ItemId = new CxmlItemId(line.Sku, line.QuoteId),
            Detail = new CxmlItemDetail
            {
                // Minor units; a very cheap item's price is for PriceBasisQuantity units (e.g. 0.35 EUR per 100).
                UnitPrice = new CxmlMoney(CurrencyAmounts.Unit(line.UnitPrice, cart.Currency).Price, cart.Currency),
                PriceBasisQuantity = CurrencyAmounts.Unit(line.UnitPrice, cart.Currency).PriceUnit is var per && per > 1 ? per : null,
                Description = line.Description,
                DescriptionLang = "en",
                UnitOfMeasure = line.Unit,
                Classifications = [new CxmlClassification("UNSPSC", string.IsNullOrEmpty(line.Unspsc) ? UnclassifiedUnspsc : line.Unspsc)],
                ManufacturerPartId = line.ManufacturerPartId,
                ManufacturerName = line.ManufacturerName,
                LeadTimeDays = line.LeadTimeDays,
                Extrinsics = line.ContractNo is { } contract ? [new CxmlExtrinsic("ContractNumber", contract)] : [],
            },
        }).ToList();
        CxmlCredential Supplier() => new(session.SupplierDomain ?? "NetworkID", session.SupplierIdentity ?? cart.Host);
        return new CxmlDocument
        {
            PayloadId = CxmlPayloadId.New(cart.Host, clock),
            Timestamp = clock.GetUtcNow(),
            Version = CxmlVersion.Current,
            Lang = "en-US",
            // Mirrors the set-up: the buyer is To, the supplier From and Sender. No secret travels through the browser.
            Header = new CxmlHeader([Supplier()], [new CxmlCredential(session.BuyerDomain, session.BuyerIdentity)], [Supplier()], "Portal"),
            Message = new PunchOutOrderMessage
            {
                BuyerCookie = session.BuyerCookie,
                OperationAllowed = session.Operation == "inspect" ? "inspect" : "edit",
                // A cart loaded from a supplier's quote is binding: said explicitly although it is the DTD's default.
                QuoteStatus = cart.FinalQuote && !cart.Cancelled ? "final" : null,
                // The Total is the sum of the rounded line totals, so the lines add up to it.
                Total = new CxmlMoney(cart.Lines.Sum(l => CurrencyAmounts.LineTotal(CurrencyAmounts.Effective(l.UnitPrice, cart.Currency), l.Quantity, cart.Currency)), cart.Currency),
                Items = items,
            },
        };
    }

    /// <summary>cXML-urlencoded carries US-ASCII: other characters become numeric character references (markup is ASCII).</summary>
    private static string AsciiXml(string xml)
    {
        var ascii = new StringBuilder(xml.Length + 64);
        foreach (var rune in xml.EnumerateRunes())
        {
            if (rune.Value < 128)
            {
                ascii.Append((char)rune.Value);
            }
            else
            {
                ascii.Append("&#").Append(rune.Value).Append(';');
            }
        }
        return ascii.ToString();
    }
}
