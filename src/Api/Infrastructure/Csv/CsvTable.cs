using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Api.Infrastructure.Csv;

/// <summary>One data row of an uploaded CSV file: its line number and its fields by normalized header name (<see cref="CsvTable.NormalizeHeader"/>).</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Fields)
{
    public string? Get(string column) => Fields.TryGetValue(CsvTable.NormalizeHeader(column), out var value) && value.Length > 0 ? value : null;
}

/// <summary>
/// Reads CSV as spreadsheets and ERPs write it: UTF-8 with or without BOM, ',' or ';' (detected from the
/// header line), quoted fields with embedded delimiters, quotes and line breaks, header names in any case.
/// Rows are streamed; nothing holds the whole file.
/// </summary>
/// <remarks>
/// One header convention for every CSV endpoint: the documented names are snake_case (<c>customer_reference</c>,
/// <c>customer_group</c>, <c>min_quantity</c>), and the same name in any case, with '-', ' ' or no separator
/// (<c>customerGroup</c>, the JSON property name, or <c>Customer Reference</c>) is accepted as an alias.
/// </remarks>
public static class CsvTable
{
    /// <summary>The name a header is matched by: lower case, without '_', '-' and spaces.</summary>
    public static string NormalizeHeader(string name) =>
        name.Trim().ToLowerInvariant().Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The documented (snake_case) spelling of a normalized header name, from the endpoint's column list.</summary>
    public static string DisplayName(string normalized, IEnumerable<string> documented) =>
        documented.FirstOrDefault(d => NormalizeHeader(d) == normalized) ?? normalized;

    /// <summary>The delimiter used by the file (';' when the header has more semicolons than commas).</summary>
    public static async IAsyncEnumerable<CsvRow> ReadAsync(
        Stream stream, Action<char> onDelimiter, Action<IReadOnlyList<string>> onHeader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        if (headerLine is null)
        {
            yield break;
        }
        var delimiter = headerLine.Count(c => c == ';') > headerLine.Count(c => c == ',') ? ';' : ',';
        onDelimiter(delimiter);

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
        };
        using var headerCsv = new CsvReader(new StringReader(headerLine), configuration);
        await headerCsv.ReadAsync();
        var header = Enumerable.Range(0, headerCsv.Parser.Count).Select(i => NormalizeHeader(headerCsv.GetField(i) ?? string.Empty)).ToList();
        onHeader(header);

        using var csv = new CsvReader(reader, configuration);
        var previousRawRow = 0;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            var count = csv.Parser.Count;
            // The file's line where this record starts (line 1 is the header; a quoted field may span lines).
            var line = previousRawRow + 2;
            previousRawRow = csv.Parser.RawRow;
            if (count == 1 && string.IsNullOrWhiteSpace(csv.Parser.RawRecord))
            {
                continue; // blank line
            }
            for (var i = 0; i < header.Count && i < count; i++)
            {
                fields[header[i]] = csv.GetField(i) ?? string.Empty;
            }
            yield return new CsvRow(line, fields);
        }
    }

    /// <summary>Parses a decimal written with '.' (or ',' when the file uses ';' as delimiter).</summary>
    public static bool TryParseDecimal(string text, char delimiter, out decimal value)
    {
        var normalized = delimiter == ';' ? text.Replace(',', '.') : text;
        return decimal.TryParse(normalized, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);
    }
}
