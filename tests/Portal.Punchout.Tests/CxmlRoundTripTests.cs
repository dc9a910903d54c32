using System.Text;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

public class CxmlRoundTripTests
{
    [Theory]
    [MemberData(nameof(CxmlSamples.Names), MemberType = typeof(CxmlSamples))]
    public void Every_document_reads_back_as_written(string name)
    {
        var document = CxmlSamples.ByName(name);
        var xml = CxmlWriter.WriteToString(document);
        var read = CxmlReader.Read(xml);
        CxmlAssert.DeepEqual(document, read);
    }

    [Theory]
    [MemberData(nameof(CxmlSamples.Names), MemberType = typeof(CxmlSamples))]
    public async Task Every_document_round_trips_through_streams(string name)
    {
        var document = CxmlSamples.ByName(name);
        await using var stream = new MemoryStream();
        await CxmlWriter.WriteAsync(document, stream);
        stream.Position = 0;
        var read = await CxmlReader.ReadAsync(stream);
        CxmlAssert.DeepEqual(document, read);
    }

    [Fact]
    public void Writes_utf8_without_bom_with_declaration_and_doctype()
    {
        var bytes = CxmlWriter.WriteToUtf8Bytes(CxmlSamples.OrderMessage());
        Assert.NotEqual(0xEF, bytes[0]);
        var xml = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">", xml, StringComparison.Ordinal);
        Assert.Contains("timestamp=\"2026-11-30T13:00:00+01:00\"", xml, StringComparison.Ordinal);
        Assert.Contains("version=\"1.2.063\"", xml, StringComparison.Ordinal);
        Assert.Contains("xml:lang=\"en-US\"", xml, StringComparison.Ordinal);
        Assert.Equal(xml, CxmlWriter.WriteToString(CxmlSamples.OrderMessage()));
    }

    [Fact]
    public void Writes_the_timestamp_without_fractional_seconds_and_the_default_language()
    {
        var document = CxmlSamples.ErrorResponse() with { Timestamp = CxmlSamples.Now.AddMilliseconds(123), Lang = null, Version = null };
        var xml = CxmlWriter.WriteToString(document);
        Assert.Contains("timestamp=\"2026-11-30T12:00:00+00:00\"", xml, StringComparison.Ordinal);
        Assert.Contains("xml:lang=\"en-US\"", xml, StringComparison.Ordinal);
        Assert.Contains("version=\"1.2.063\"", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", "12.00")]
    [InlineData("12.5", "12.50")]
    [InlineData("0.0125", "0.0125")]
    [InlineData("1234.5678", "1234.5678")]
    [InlineData("3.10000", "3.10")]
    [InlineData("-4", "-4.00")]
    public void Money_keeps_two_or_more_decimals_and_never_loses_precision(string amount, string expected) =>
        Assert.Equal(expected, CxmlWriter.FormatMoney(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.000", "1")]
    [InlineData("2.50", "2.5")]
    public void Quantities_are_invariant_without_trailing_zeros(string quantity, string expected) =>
        Assert.Equal(expected, CxmlWriter.FormatQuantity(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Money_is_written_with_the_invariant_culture_whatever_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var xml = CxmlWriter.WriteToString(CxmlSamples.OrderMessage());
            Assert.Contains(">1234.5678</Money>", xml, StringComparison.Ordinal);
            Assert.Contains("quantity=\"1.5\"", xml, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Payload_ids_follow_datetime_random_at_host_without_the_process_id()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 30, 12, 0, 0, 123, TimeSpan.Zero));
        var id = CxmlPayloadId.New("portal.example", time);
        Assert.Matches(@"^20261130T120000123\.[0-9a-f]{16}@portal\.example$", id);
        Assert.NotEqual(id, CxmlPayloadId.New("portal.example", time));
    }

    [Fact]
    public void Response_helpers_build_status_and_body_documents()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 30, 12, 0, 0, 500, TimeSpan.Zero));
        var error = CxmlResponses.Status(new CxmlStatus(400, "Bad Request", "BuyerCookie missing"), "portal.example", time);
        Assert.EndsWith("@portal.example", error.PayloadId, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), error.Timestamp);
        Assert.Equal(400, error.Response!.Status.Code);
        Assert.Null(error.Response.Body);

        var setup = CxmlResponses.WithBody(new PunchOutSetupResponse("https://portal.example/start/1"), "portal.example", time);
        Assert.Equal(200, setup.Response!.Status.Code);
        var read = CxmlReader.Read(CxmlWriter.WriteToString(setup));
        Assert.Equal("https://portal.example/start/1", Assert.IsType<PunchOutSetupResponse>(read.Response!.Body).StartPageUrl);
        Assert.Empty(CxmlDtdValidator.Validate(CxmlWriter.WriteToString(error)));
    }

    [Fact]
    public void Writing_an_invalid_document_is_refused()
    {
        var noBody = CxmlSamples.ErrorResponse() with { Response = null };
        Assert.Throws<ArgumentException>(() => CxmlWriter.WriteToString(noBody));
        var noHeader = CxmlSamples.ProfileRequest() with { Header = null };
        Assert.Throws<ArgumentException>(() => CxmlWriter.WriteToString(noHeader));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
