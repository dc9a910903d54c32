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
    public async Task A_column_named_twice_in_any_spelling_is_refused_and_a_field_that_is_not_text_names_the_files_column()
    {
        var twice = await Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync("sku,quantity,Customer Reference,customer_reference\nA-1,1,PO-1,PO-2\n"));
        Assert.Equal("Columns 3 ('Customer Reference') and 4 ('customer_reference') name the same column: name each column once.", Assert.Single(twice.Errors["header"]));

        // Empty header cells (a trailing delimiter) are not names.
        var (_, _, rows) = await ReadAsync("sku,quantity,,\nA-1,1,,\n");
        Assert.Single(rows);

        var notText = await Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync("SKU;Customer Reference\nA-1;B\uFFFDro\n"));
        Assert.Contains("not utf-8 at position 1", Assert.Single(notText.Errors["rows[2].Customer Reference"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.000", ';')]
    [InlineData("12.500", ';')]
    [InlineData("-1.000.000", '\t')]
    [InlineData(" 999.999 ", ';')]
    public void A_dot_grouping_thousands_in_a_decimal_comma_file_is_refused_as_ambiguous(string text, char delimiter)
    {
        // German Excel writes 1.000 for a thousand; read as 1.0 it would order a thousandth of what was meant.
        Assert.False(CsvTable.TryParseDecimal(text, delimiter, out _));
        var problem = CsvTable.NumberProblem(text, delimiter, "a quantity");
        Assert.Contains("ambiguous", problem, StringComparison.Ordinal);
        Assert.EndsWith($"Write {text.Trim().Replace(".", "")} if the '.' groups thousands, or {text.Trim().Replace('.', ',')} if it is a decimal point.", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", ';', "1.5")]
    [InlineData("0.125", ';', "0.125")]
    [InlineData("1,5", ';', "1.5")]
    [InlineData("1000", ';', "1000")]
    [InlineData("1.2345", '\t', "1.2345")]
    [InlineData("1.000", ',', "1.000")]
    [InlineData("12.500", ',', "12.500")]
    public void Decimals_that_only_one_reading_fits_are_read(string text, char delimiter, string expected)
    {
        Assert.True(CsvTable.TryParseDecimal(text, delimiter, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal($"'x' is not a number.", CsvTable.NumberProblem("x", delimiter, "a number"));
    }

    [Fact]
    public async Task Lines_ending_in_a_lone_carriage_return_are_lines()
    {
        // Excel for Mac's "Macintosh Comma Separated": CR alone ends each line. Before, the header line ran to the
        // end of the file and the rows were lost.
        var (delimiter, header, rows) = await ReadAsync("sep=;\rsku;quantity;note\rA-1;1,5;\"two\rlines\"\rA-2;3;x\r", new CsvLimits(40, 5, 10));
        Assert.Equal(';', delimiter);
        Assert.Equal(["sku", "quantity", "note"], header);
        Assert.Equal([3, 5], rows.Select(r => r.Line));
        Assert.Equal("two\nlines", rows[0].Get("note"));
        Assert.Equal("3", rows[1].Get("quantity"));

        // The record limit counts each line, not the file: 10 rows of 8 characters under a 40-character limit.
        (_, _, rows) = await ReadAsync("sku,quantity\r" + string.Concat(Enumerable.Range(1, 10).Select(i => $"A-{i:00},1\r")), new CsvLimits(40, 5, 10));
        Assert.Equal(10, rows.Count);
        Assert.Equal(11, rows[^1].Line);

        var notText = await Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync("sku,note\rA-1,ok\rA-2,\u0001\r"));
        Assert.True(notText.Errors.ContainsKey("rows[3].note"), string.Join(", ", notText.Errors.Keys));

        // CR LF files are read as before.
        (_, _, rows) = await ReadAsync("sku,quantity\r\nA-1,1\r\nA-2,2\r\n");
        Assert.Equal([2, 3], rows.Select(r => r.Line));
    }

    [Fact]
    public async Task Excels_sep_line_names_the_delimiter_and_tab_separated_files_are_read_with_decimal_commas()
    {
        var (delimiter, header, rows) = await ReadAsync("sep=;\r\nsku;quantity;note\r\nA-1;2,5;a, b\r\n");
        Assert.Equal(';', delimiter);
        Assert.Equal(["sku", "quantity", "note"], header);
        var row = Assert.Single(rows);
        Assert.Equal(3, row.Line); // the sep line is line 1, the header line 2
        Assert.Equal("a, b", row.Get("note"));

        // Excel's "Unicode Text": tab-separated, decimal commas.
        (delimiter, header, rows) = await ReadAsync("sku\tquantity\tnote\nA-1\t1,5\tx; y\n");
        Assert.Equal('\t', delimiter);
        Assert.True(CsvTable.TryParseDecimal(Assert.Single(rows).Get("quantity")!, delimiter, out var quantity));
        Assert.Equal(1.5m, quantity);
        Assert.Equal("x; y", rows[0].Get("note"));

        // A field that is not text after a sep line is reported on its own line.
        var notText = await Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync("sep=,\nsku,note\nA-1,ok\nA-2,\u0001\n"));
        Assert.True(notText.Errors.ContainsKey("rows[4].note"), string.Join(", ", notText.Errors.Keys));
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
