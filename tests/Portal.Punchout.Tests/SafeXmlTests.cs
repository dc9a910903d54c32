using System.Text;
using Portal.Punchout.Xml;

namespace Portal.Punchout.Tests;

public class SafeXmlTests
{
    [Fact]
    public void Accepts_a_cxml_document_with_a_doctype_without_fetching_it()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">
            <cXML payloadID="1@x" timestamp="2026-11-30T10:00:00+01:00"><Header/></cXML>
            """;
        var document = SafeXml.Parse(xml);
        Assert.Equal("cXML", document.Root!.Name.LocalName);
        Assert.Equal("1@x", document.Root.Attribute("payloadID")!.Value);
    }

    [Fact]
    public void Refuses_external_entities()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <r>&xxe;</r>
            """;
        var ex = Assert.Throws<UnsafeXmlException>(() => SafeXml.Parse(xml));
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_entity_expansion_bombs()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10)).Replace("&lol0;", "&lol;", StringComparison.Ordinal)}\">");
        }
        sb.Append("]><lolz>&lol9;</lolz>");
        Assert.Throws<UnsafeXmlException>(() => SafeXml.Parse(sb.ToString()));
    }

    [Fact]
    public void Refuses_documents_nested_too_deeply()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 100)) + string.Concat(Enumerable.Repeat("</a>", 100));
        var ex = Assert.Throws<UnsafeXmlException>(() => SafeXml.Parse(xml, maxDepth: 64));
        Assert.Contains("deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_documents_over_the_size_limit()
    {
        var xml = "<a>" + new string('x', 5000) + "</a>";
        Assert.Throws<UnsafeXmlException>(() => SafeXml.Parse(xml, maxCharacters: 1000));
    }

    [Fact]
    public async Task Loads_from_a_stream()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><cXML><Request/></cXML>"));
        var document = await SafeXml.LoadAsync(stream);
        Assert.Equal("Request", document.Root!.Elements().Single().Name.LocalName);
    }

    [Fact]
    public void Malformed_xml_is_reported_as_unsafe_xml()
    {
        Assert.Throws<UnsafeXmlException>(() => SafeXml.Parse("<a><b></a>"));
    }
}
