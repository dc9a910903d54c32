using System.Text;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

/// <summary>Hostile or broken XML is refused with 406 before anything is resolved, expanded or fetched.</summary>
public class CxmlReaderHostileTests
{
    private const string Body = """<Header/><Request><ProfileRequest/></Request>""";

    public static TheoryData<string, string> HostileDocuments() => new()
    {
        {
            "external entity",
            $"""
            <?xml version="1.0"?>
            <!DOCTYPE cXML [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <cXML payloadID="&xxe;" timestamp="2026-11-30T10:00:00Z">{Body}<Extrinsic>&xxe;</Extrinsic></cXML>
            """
        },
        {
            "external entity after a real doctype id",
            $"""
            <?xml version="1.0"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd" [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header><From><Credential domain="x"><Identity>&xxe;</Identity></Credential></From></Header><Request><ProfileRequest/></Request></cXML>
            """
        },
        {
            "parameter entity",
            $"""
            <?xml version="1.0"?>
            <!DOCTYPE cXML [ <!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote; ]>
            <cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z">{Body}</cXML>
            """
        },
        {
            "billion laughs",
            BillionLaughs()
        },
        {
            "undeclared entity reference",
            $"""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z">{Body}<x>&passwd;</x></cXML>"""
        },
        {
            "too deep",
            $"""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z">{Body}{string.Concat(Enumerable.Repeat("<Extrinsic name=\"a\">", 100))}{string.Concat(Enumerable.Repeat("</Extrinsic>", 100))}</cXML>"""
        },
        {
            "malformed",
            """<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header><Request></Header></cXML>"""
        },
        {
            "not xml at all",
            "cXML-base64=PD94bWwgdmVyc2lvbj0iMS4wIj8+"
        },
        {
            "empty",
            ""
        },
    };

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE cXML [\n<!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">\n");
        }
        sb.Append("]>\n<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\">").Append(Body).Append("<Extrinsic name=\"a\">&lol9;</Extrinsic></cXML>");
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void Hostile_strings_are_406(string name, string xml)
    {
        var ex = Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(xml));
        Assert.True(ex.StatusCode == 406, $"{name}: expected 406, got {ex.StatusCode} ({ex.Message})");
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Hostile_streams_are_406(string name, string xml)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        var ex = await Assert.ThrowsAsync<CxmlFormatException>(() => CxmlReader.ReadAsync(stream));
        Assert.True(ex.StatusCode == 406, $"{name}: expected 406, got {ex.StatusCode} ({ex.Message})");
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_internal_subset_without_entities_is_also_refused_and_the_file_never_shows_up()
    {
        // Even a harmless-looking internal subset is refused: cXML only ever uses the external DTD.
        var xml = """
            <!DOCTYPE cXML [ <!ATTLIST cXML payloadID CDATA "file:///etc/passwd"> ]>
            <cXML timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request></cXML>
            """;
        var ex = Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(xml));
        Assert.Equal(406, ex.StatusCode);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!-- a comment with <!DOCTYPE in it --><?pi x?>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- -- > --><!---->\n")]
    public async Task An_internal_subset_after_comments_and_processing_instructions_is_refused(string prolog)
    {
        var xml = prolog + """<!DOCTYPE cXML [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]><cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request></cXML>""";
        Assert.Equal(406, Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(xml)).StatusCode);
        var ex = await Assert.ThrowsAsync<CxmlFormatException>(() => CxmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
        Assert.Equal(406, ex.StatusCode);
        Assert.Contains("internal subset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_doctype_quoted_in_the_body_is_text_not_a_doctype()
    {
        // Only the prolog can hold a DOCTYPE: one quoted in a CDATA section after the root's start tag is text.
        var xml = """
            <?xml version="1.0"?>
            <cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request><Extrinsic name="note"><![CDATA[<!DOCTYPE x [ <!ENTITY y "z"> ]>]]></Extrinsic></cXML>
            """;
        Assert.IsType<ProfileRequest>(CxmlReader.Read(xml).Request);
        Assert.IsType<ProfileRequest>((await CxmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)))).Request);
    }

    [Fact]
    public async Task An_oversized_stream_is_406_without_reading_it_all()
    {
        var stream = new EndlessStream("<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\"><Header/><Request><ProfileRequest/></Request><Extrinsic name=\"pad\">"u8.ToArray());
        var ex = await Assert.ThrowsAsync<CxmlFormatException>(() => CxmlReader.ReadAsync(stream));
        Assert.Equal(406, ex.StatusCode);
        Assert.InRange(stream.Served, CxmlReader.MaxDocumentSize, CxmlReader.MaxDocumentSize + 1024 * 1024);
    }

    [Fact]
    public void An_oversized_string_is_406()
    {
        var xml = "<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\"><Header/><Request><ProfileRequest/></Request><Extrinsic name=\"pad\">"
            + new string('x', (int)CxmlReader.MaxDocumentSize) + "</Extrinsic></cXML>";
        var ex = Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(xml));
        Assert.Equal(406, ex.StatusCode);
    }

    [Fact]
    public void A_document_just_under_the_depth_limit_is_read()
    {
        var nested = string.Concat(Enumerable.Repeat("<a>", 30)) + string.Concat(Enumerable.Repeat("</a>", 30));
        var doc = CxmlReader.Read($"""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request><Extrinsic name="n">{nested}</Extrinsic></cXML>""");
        Assert.IsType<ProfileRequest>(doc.Request);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" ", false)] // the whitespace node inside the innermost element is one level too deep
    [InlineData("\n\t", false)]
    public async Task Whitespace_inside_an_element_at_the_depth_limit_counts_as_a_level(string inner, bool accepted)
    {
        // cXML is depth 0, Extrinsic 1, the 63rd <a> is at MaxDepth (64).
        var nested = string.Concat(Enumerable.Repeat("<a>", 63)) + inner + string.Concat(Enumerable.Repeat("</a>", 63));
        var xml = $"""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request><Extrinsic name="n">{nested}</Extrinsic></cXML>""";
        foreach (var read in new Func<Task<CxmlDocument>>[] { () => Task.FromResult(CxmlReader.Read(xml)), () => CxmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml))) })
        {
            if (accepted)
            {
                Assert.IsType<ProfileRequest>((await read()).Request);
            }
            else
            {
                var ex = await Assert.ThrowsAsync<CxmlFormatException>(read);
                Assert.Equal(406, ex.StatusCode);
                Assert.Contains("deeper", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Serves a prefix and then 'x' forever, counting what was handed out.</summary>
    private sealed class EndlessStream(byte[] prefix) : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var position = Served + i;
                buffer[offset + i] = position < prefix.Length ? prefix[position] : (byte)'x';
            }
            Served += count;
            return count;
        }
    }
}
