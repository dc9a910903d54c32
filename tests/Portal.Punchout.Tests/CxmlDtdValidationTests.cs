using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

public class CxmlDtdValidationTests
{
    [Theory]
    [MemberData(nameof(CxmlSamples.Names), MemberType = typeof(CxmlSamples))]
    public void Every_written_document_validates_against_the_official_dtd(string name)
    {
        var xml = CxmlWriter.WriteToString(CxmlSamples.ByName(name));
        var errors = CxmlDtdValidator.Validate(xml);
        Assert.True(errors.Count == 0, $"{name} is not valid cXML {CxmlVersion.Current}:\n{string.Join("\n", errors)}\n\n{xml}");
    }

    [Fact]
    public void Minimal_documents_without_optional_parts_validate_too()
    {
        var order = CxmlSamples.OrderRequest() with
        {
            Request = new OrderRequest
            {
                Header = new CxmlOrderRequestHeader { OrderId = "PO-1", OrderDate = CxmlSamples.Now, Total = new CxmlMoney(1m, "USD") },
                Items = [new CxmlItemOut { Quantity = 1m, ItemId = new CxmlItemId("P-1"), Distributions = [new CxmlDistribution(null, [new CxmlAccountingSegment("1", null, null)], null)] }],
            },
        };
        var message = CxmlSamples.OrderMessage() with
        {
            Message = new PunchOutOrderMessage { BuyerCookie = "c", OperationAllowed = "create", Total = new CxmlMoney(0m, "USD") },
        };
        var setup = CxmlSamples.SetupRequest() with
        {
            Request = new PunchOutSetupRequest { Operation = "create", BuyerCookie = "c", ShipTo = new CxmlAddress { City = "X" } },
        };
        foreach (var document in new[] { order, message, setup })
        {
            var xml = CxmlWriter.WriteToString(document);
            var errors = CxmlDtdValidator.Validate(xml);
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n\n" + xml);
        }
    }

    [Fact]
    public void The_validator_reports_errors_for_an_invalid_document()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">
            <cXML payloadID="1@x" timestamp="2026-11-30T12:00:00+00:00"><Response><Status text="OK"/></Response></cXML>
            """;
        Assert.NotEmpty(CxmlDtdValidator.Validate(xml));
    }

    [Fact]
    public void A_missing_dtd_is_an_error_that_says_where_it_looked_not_a_skip()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CxmlDtdValidator.FindDtd("NoSuch.dtd"));
        Assert.Contains(CxmlDtdValidator.DtdDirVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("/work/shared/cxml/dtd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dtd_is_found()
    {
        Assert.EndsWith(Path.Combine("1.2.063", "cXML.dtd"), CxmlDtdValidator.FindDtd(), StringComparison.Ordinal);
        Assert.True(File.Exists(CxmlDtdValidator.FindDtd("Fulfill.dtd")));
    }
}
