using System.Text;
using Portal.Punchout.Cxml;
using Portal.Punchout.Money;
using Portal.Punchout.Oci;
using Portal.Punchout.Sessions;

namespace Portal.Punchout.Tests;

/// <summary>OCI 4.0 field formats, the NEW_ITEM form, and money in minor units with price units.</summary>
public class OciTransferTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static TransferLine Line(decimal price, decimal quantity = 2, string description = "Hex bolt", string sku = "FAS-1001", string? contract = null) => new()
    {
        Sku = sku, QuoteId = "0123456789abcdef0123456789abcdef", Quantity = quantity, UnitPrice = price, Description = description, Unit = "EA",
        Unspsc = "31161500", ManufacturerPartId = "M-77", ManufacturerName = "Würth Fastening Systems", LeadTimeDays = 3, ContractNo = contract,
        LongText = "A long description\nwith two lines.", Gtin = "04006209000018",
    };

    private static TransferCart Cart(string hook, string? charset, params TransferLine[] lines) =>
        new(new TransferSession(PunchoutProtocols.Oci, hook, "create", "oci", "oci", "oci", "sap", null, null, "_top", charset), "EUR", lines, false, "portal.example");

    private static Dictionary<string, string> Fields(CartTransferForm form) => form.Fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Value);

    [Theory]
    [InlineData(12, "12")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.125, "0.125")]
    [InlineData(99999999999.999, "99999999999.999")]
    public void Numbers_have_a_decimal_point_and_at_most_11_integer_and_3_decimal_digits(decimal value, string expected) =>
        Assert.Equal(expected, OciFields.Number(value));

    [Theory]
    [InlineData(100000000000)]
    [InlineData(1.2345)]
    public void Numbers_that_do_not_fit_are_refused_never_cut(decimal value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OciFields.Number(value));

    [Theory]
    [InlineData(124.3265, "EUR", 124.33, 1)]
    [InlineData(0.0035, "EUR", 0.35, 100)]
    [InlineData(0.123, "EUR", 1.23, 10)]
    [InlineData(12.5, "EUR", 12.50, 1)]
    [InlineData(1234.5, "JPY", 1235, 1)]
    [InlineData(0.35, "JPY", 35, 100)]
    [InlineData(1.2345, "KWD", 1.235, 1)]
    public void Prices_are_rounded_to_minor_units_and_a_price_unit_carries_what_very_cheap_items_need(decimal unit, string currency, decimal price, decimal per)
    {
        var amount = CurrencyAmounts.Unit(unit, currency);
        Assert.Equal(price, amount.Price);
        Assert.Equal(per, amount.PriceUnit);
    }

    [Fact]
    public void The_form_posts_new_item_fields_to_the_hook_url_with_its_query_as_fields()
    {
        var form = OciCartTransfer.Build(Cart("https://sap.example/hook?sap-client=100&x=a%20b&x=2", null,
            Line(4.2m), Line(0.0035m, 1000, new string('D', 60), "SKU-2", contract: "FA-2026-001-LONG")), autoSubmit: true);
        Assert.Equal("https://sap.example/hook", form.Action);
        Assert.Equal("UTF-8", form.Charset);
        Assert.Equal("_top", form.Target);
        Assert.Equal(2, form.LineCount);
        Assert.Equal(["sap-client", "x", "x", "~OkCode", "~TARGET", "~CALLER"], form.Fields.Take(6).Select(f => f.Name));
        Assert.Equal("a b", form.Fields[1].Value);
        var fields = Fields(form);
        Assert.Equal("ADDI", fields["~OkCode"]);
        Assert.Equal("CTLG", fields["~CALLER"]);
        Assert.Equal("Hex bolt", fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal("2", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("4.20", fields["NEW_ITEM-PRICE[1]"]);
        Assert.Equal("1", fields["NEW_ITEM-PRICEUNIT[1]"]);
        Assert.Equal("EA", fields["NEW_ITEM-UNIT[1]"]);
        Assert.Equal("EUR", fields["NEW_ITEM-CURRENCY[1]"]);
        Assert.Equal("3", fields["NEW_ITEM-LEADTIME[1]"]);
        Assert.Equal("FAS-1001", fields["NEW_ITEM-VENDORMAT[1]"]);
        Assert.Equal("M-77", fields["NEW_ITEM-MANUFACTMAT[1]"]);
        Assert.Equal("Würth Fast", fields["NEW_ITEM-MANUFACTCODE[1]"]); // cut to 10 characters
        Assert.Equal("31161500", fields["NEW_ITEM-MATGROUP[1]"]);
        Assert.Equal("FAS-1001", fields["NEW_ITEM-EXT_PRODUCT_ID[1]"]);
        Assert.Equal("0123456789abcdef0123456789abcdef", fields["NEW_ITEM-EXT_QUOTE_ID[1]"]);
        Assert.Equal("04006209000018", fields["NEW_ITEM-CUST_FIELD4[1]"]);
        Assert.Equal("A long description with two lines.", fields["NEW_ITEM-LONGTEXT_1:132[]"]);
        Assert.False(fields.ContainsKey("NEW_ITEM-CONTRACT[1]"));

        Assert.Equal(new string('D', 40), fields["NEW_ITEM-DESCRIPTION[2]"]); // descriptions are cut
        Assert.Equal("1000", fields["NEW_ITEM-QUANTITY[2]"]);
        Assert.Equal("0.35", fields["NEW_ITEM-PRICE[2]"]); // 0.0035 EUR is 0.35 EUR per 100
        Assert.Equal("100", fields["NEW_ITEM-PRICEUNIT[2]"]);
        Assert.False(fields.ContainsKey("NEW_ITEM-CONTRACT[2]")); // 16 characters: left out, never cut
        Assert.Equal("FA-2026-001-LONG", fields["NEW_ITEM-CUST_FIELD5[2]"]);
    }

    [Fact]
    public void A_latin_1_buyer_gets_latin_1_values_and_the_form_says_so()
    {
        var form = OciCartTransfer.Build(Cart("https://sap.example/hook", "iso-8859-1", Line(1m, description: "Schraube Ø 8 mm – verzinkt ✓")), autoSubmit: false);
        Assert.Equal("ISO-8859-1", form.Charset);
        Assert.False(form.AutoSubmit);
        Assert.Equal("Schraube Ø 8 mm ? verzinkt ?", Fields(form)["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal("WINDOWS-1252", OciFields.NormalizeCharset("windows-1252"));
        Assert.Equal("UTF-8", OciFields.NormalizeCharset("no-such-charset"));
    }

    [Fact]
    public void Entry_fields_are_read_case_insensitively_and_bounded()
    {
        var entry = OciEntry.Read([new("username", "sap"), new("PASSWORD", "pw"), new("hook_url", " https://sap.example/hook "), new("function", "validate"),
            new("PRODUCTID", "FAS-1"), new("QUANTITY", "2,5"), new("~caller", "CTLG"), new("returntarget", "_parent")]);
        Assert.Equal("sap", entry.Username);
        Assert.Equal("https://sap.example/hook", entry.HookUrl);
        Assert.Equal(OciFunctions.Validate, entry.Function);
        Assert.Equal(2.5m, entry.Quantity());
        Assert.Equal("_parent", entry.Target);
        Assert.Throws<OciEntryException>(() => OciEntry.Read([new("HOOK_URL", new string('x', OciEntry.MaxFieldLength + 1))]));
        Assert.Throws<OciEntryException>(() => OciEntry.Read(Enumerable.Range(0, OciEntry.MaxFields + 1).Select(i => new KeyValuePair<string, string?>($"F{i}", "v"))));
    }

    [Fact]
    public void An_item_named_as_the_first_of_a_list_is_read_and_a_second_item_is_refused()
    {
        // OpusCapita's OCI VALIDATE template: PRODUCTID[1], QUANTITY[1], CONTRACTID[1].
        var entry = OciEntry.Read([new("FUNCTION", "VALIDATE"), new("PRODUCTID[1]", "FAS-1001"), new("QUANTITY[1]", "5"), new("CONTRACTID[1]", "")]);
        Assert.Equal("FAS-1001", entry.ProductId);
        Assert.Equal(5m, entry.Quantity());
        var plain = OciEntry.Read([new("PRODUCTID", "FAS-1"), new("PRODUCTID[1]", "FAS-2")]);
        Assert.Equal("FAS-1", plain.ProductId);
        var refused = Assert.Throws<OciEntryException>(() => OciEntry.Read([new("PRODUCTID[1]", "FAS-1"), new("PRODUCTID[2]", "FAS-2")]));
        Assert.Equal(400, refused.Status);
        Assert.Contains("PRODUCTID[2]", refused.Message);
    }

    [Fact]
    public void A_cxml_cart_carries_very_cheap_prices_per_price_basis_quantity_and_its_lines_add_up_to_the_total()
    {
        var cart = new TransferCart(new TransferSession(PunchoutProtocols.Cxml, "https://buyer.example/r", "create", "c", "cxml-base64", "NetworkID", "AN1", null, null),
            "EUR", [Line(0.0035m, 1000), Line(124.3265m, 3), Line(0.333m, 3)], false, "portal.example");
        var form = new CxmlCartTransfer().BuildForm(cart, Clock);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(form.Fields[0].Value));
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        var message = CxmlReader.Read(xml).Message!;
        var items = message.Items;
        Assert.Equal(0.35m, items[0].Detail.UnitPrice.Amount);
        Assert.Equal(100m, items[0].Detail.PriceBasisQuantity);
        Assert.Equal(124.33m, items[1].Detail.UnitPrice.Amount);
        Assert.Null(items[1].Detail.PriceBasisQuantity);
        var lineTotals = items.Sum(i => Math.Round(i.Detail.UnitPrice.Amount / (i.Detail.PriceBasisQuantity ?? 1) * i.Quantity, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(lineTotals, message.Total.Amount);
        Assert.Equal(3.50m + 372.99m + 1.00m, message.Total.Amount);
    }

    [Fact]
    public void A_quote_cart_says_quote_status_final_in_cxml_and_carries_the_quote_number_in_oci()
    {
        var line = Line(7.77m) with { QuoteId = "QT-00000042/v2/1", QuoteNumber = "QT-00000042", QuoteItem = 1 };
        var cxml = new TransferCart(new TransferSession(PunchoutProtocols.Cxml, "https://buyer.example/r", "create", "c", "cxml-base64", "NetworkID", "AN1", null, null),
            "EUR", [line], false, "portal.example", FinalQuote: true);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(new CxmlCartTransfer().BuildForm(cxml, Clock).Fields[0].Value));
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        Assert.Contains("quoteStatus=\"final\"", xml);
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal("final", message.QuoteStatus);
        Assert.Equal("QT-00000042/v2/1", message.Items[0].ItemId.SupplierPartAuxiliaryId);

        // An ordinary cart leaves the attribute out; cancelling a quote cart too (nothing is offered).
        var plain = Encoding.UTF8.GetString(Convert.FromBase64String(new CxmlCartTransfer().BuildForm(cxml with { FinalQuote = false }, Clock).Fields[0].Value));
        Assert.DoesNotContain("quoteStatus", plain);
        var cancelled = Encoding.UTF8.GetString(Convert.FromBase64String(new CxmlCartTransfer().BuildForm(cxml with { Lines = [], Cancelled = true }, Clock).Fields[0].Value));
        Assert.DoesNotContain("quoteStatus", cancelled);

        var fields = OciCartTransfer.LineFields(line, 1, "EUR", "UTF-8").ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("QT-00000042", fields["NEW_ITEM-EXT_QUOTE_ID[1]"]);
        Assert.Equal("1", fields["NEW_ITEM-EXT_QUOTE_ITEM[1]"]);
        Assert.Equal("7.77", fields["NEW_ITEM-PRICE[1]"]);
    }

    [Fact]
    public void The_vendor_number_and_the_customer_fields_carry_cost_center_price_end_price_source_gtin_and_contract()
    {
        var line = Line(4.2m, contract: "FA-2026-001") with { CostCenter = "CC-1010", PriceValidTo = new DateOnly(2026, 12, 31), PriceSource = "contract" };
        var session = new TransferSession(PunchoutProtocols.Oci, "https://sap.example/hook", "create", "oci", "oci", "oci", "sap", null, null, "_top", null, "0000100234");
        var fields = Fields(OciCartTransfer.Build(new TransferCart(session, "EUR", [line, Line(1m) with { CostCenter = "COST-CENTER-TOO-LONG" }], false, "portal.example"), autoSubmit: true));
        Assert.Equal("0000100234", fields["NEW_ITEM-VENDOR[1]"]);
        Assert.Equal("0000100234", fields["NEW_ITEM-VENDOR[2]"]);
        Assert.Equal("CC-1010", fields["NEW_ITEM-CUST_FIELD1[1]"]);
        Assert.Equal("20261231", fields["NEW_ITEM-CUST_FIELD2[1]"]);
        Assert.Equal("contract", fields["NEW_ITEM-CUST_FIELD3[1]"]);
        Assert.Equal("04006209000018", fields["NEW_ITEM-CUST_FIELD4[1]"]);
        Assert.Equal("FA-2026-001", fields["NEW_ITEM-CUST_FIELD5[1]"]);
        Assert.False(fields.ContainsKey("NEW_ITEM-CUST_FIELD1[2]")); // 20 characters: left out, never cut
        Assert.False(fields.ContainsKey("NEW_ITEM-CUST_FIELD2[2]"));
        foreach (var (name, value) in fields.Where(f => f.Key.StartsWith("NEW_ITEM-", StringComparison.Ordinal) && !f.Key.Contains("LONGTEXT", StringComparison.Ordinal)))
        {
            var field = name["NEW_ITEM-".Length..name.IndexOf('[')];
            Assert.True(value.Length <= OciFields.Lengths[field], $"{name} = '{value}'");
        }
        // Without a vendor number there is no VENDOR field.
        Assert.DoesNotContain(Fields(OciCartTransfer.Build(Cart("https://sap.example/hook", null, Line(1m)), autoSubmit: true)).Keys, k => k.StartsWith("NEW_ITEM-VENDOR[", StringComparison.Ordinal));
    }
}
