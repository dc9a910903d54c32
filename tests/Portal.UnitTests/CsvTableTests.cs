using System.Text;
using Portal.Api.Infrastructure.Csv;
using Portal.Api.Infrastructure.Problems;

namespace Portal.UnitTests;

public class CsvTableTests
{
    private static readonly CsvLimits Limits = new(MaxLineLength: 200, MaxColumns: 5, MaxRows: 3);

    private static async Task<(char Delimiter, IReadOnlyList<string> Header, List<CsvRow> Rows)> ReadAsync(string text, CsvLimits? limits = null)
    {
        var delimiter = '?';
        IReadOnlyList<string> header = [];
        var rows = new List<CsvRow>();
        using var stream = new MemoryStream(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray());
        await foreach (var row in CsvTable.ReadAsync(CsvBody.Utf8(stream), limits ?? Limits, d => delimiter = d, h => header = h))
        {
            rows.Add(row);
        }
        return (delimiter, header, rows);
    }

    [Fact]
    public async Task Semicolon_files_with_a_bom_quoted_line_breaks_and_any_header_spelling_are_read()
    {
        var (delimiter, header, rows) = await ReadAsync("SKU;Customer Reference;Note;quantity\r\nA-1;PO-1;\"a;b\nsecond line\";1,5\r\nB-2;PO-2;;3\r\n");

        Assert.Equal(';', delimiter);
        Assert.Equal(["sku", "customerreference", "note", "quantity"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal("PO-1", rows[0].Get("customer_reference"));
        Assert.Equal("a;b\nsecond line", rows[0].Get("Note"));
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(4, rows[1].Line); // the quoted line break makes record 1 span lines 2 and 3
        Assert.True(CsvTable.TryParseDecimal(rows[0].Get("quantity")!, delimiter, out var quantity));
        Assert.Equal(1.5m, quantity);
    }

    [Fact]
    public async Task Rows_after_blank_lines_and_multi_line_records_report_the_line_they_start_on()
    {
        var (_, _, rows) = await ReadAsync("sku,note\n\nA-1,x\n\n\nB-2,\"two\nlines\"\n\nC-3,y\n", new CsvLimits(200, 5, 10));

        Assert.Equal(["A-1", "B-2", "C-3"], rows.Select(r => r.Get("sku")));
        Assert.Equal([3, 6, 9], rows.Select(r => r.Line));
    }

    [Fact]
    public async Task More_rows_than_the_limit_are_refused_as_too_large()
    {
        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(() => ReadAsync("sku,quantity\na,1\nb,1\nc,1\nd,1\n"));
        Assert.Contains("maxRows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_longer_than_the_line_limit_is_refused_even_inside_quotes() =>
        await Assert.ThrowsAsync<PayloadTooLargeException>(() => ReadAsync("sku,note\na,\"" + new string('x', 300) + "\"\n"));

    [Fact]
    public async Task More_header_columns_than_the_limit_are_a_validation_error() =>
        await Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync("a,b,c,d,e,f\n1,2,3,4,5,6\n"));

    [Theory]
    [InlineData("1.5", ',', true)]
    [InlineData("1,5", ';', true)]
    [InlineData("1,500", ',', false)]
    [InlineData("abc", ',', false)]
    public void Decimals_use_a_point_or_with_semicolon_files_a_comma(string text, char delimiter, bool parses) =>
        Assert.Equal(parses, CsvTable.TryParseDecimal(text, delimiter, out _));
}
