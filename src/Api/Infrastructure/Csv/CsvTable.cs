using CsvHelper;
using CsvHelper.Configuration;
using Portal.Api.Infrastructure.Validation;

namespace Portal.Api.Infrastructure.Csv;

/// <summary>One data row of an uploaded CSV file: its line number and its fields by normalized header name (<see cref="CsvTable.NormalizeHeader"/>).</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Fields)
{
    public string? Get(string column) => Fields.TryGetValue(CsvTable.NormalizeHeader(column), out var value) && value.Length > 0 ? value : null;
}

/// <summary>The bounds of one CSV upload; exceeding one is refused as soon as it is seen.</summary>
/// <param name="MaxLineLength">Characters in one record (a line, or a quoted field spanning lines), the header included.</param>
/// <param name="MaxColumns">Columns in the header.</param>
/// <param name="MaxRows">Data rows.</param>
public sealed record CsvLimits(int MaxLineLength, int MaxColumns, int MaxRows)
{
    public static CsvLimits From(ImportLimitOptions options, int maxRows) => new(options.MaxLineLength, options.MaxColumns, maxRows);
}

/// <summary>
/// Reads CSV as spreadsheets and ERPs write it: UTF-8 with or without BOM or the charset the upload names
/// (<see cref="CsvBody"/>), ',', ';' or tab (detected from the header line, or named by Excel's <c>sep=</c> first
/// line), lines ending in LF, CR LF or a lone CR (Excel for Mac), quoted fields with embedded delimiters, quotes and
/// line breaks, header names in any case.
/// Rows are streamed and bounded (<see cref="CsvLimits"/>): no record, however it is quoted, makes the
/// reader hold more than the line limit, so memory stays flat whatever the upload holds. Control
/// characters other than tab and line breaks, and bytes that are not text in the file's encoding, are refused
/// with the row and column.
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

    /// <summary>The rows of <paramref name="body"/>; the delimiter and the header are reported before the first row.</summary>
    public static async IAsyncEnumerable<CsvRow> ReadAsync(
        CsvBody body, CsvLimits limits, Action<char> onDelimiter, Action<IReadOnlyList<string>> onHeader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = new StreamReader(body.Stream, body.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        using var reader = new LineEndReader(stream);
        var headerLine = await ReadHeaderLineAsync(reader, limits.MaxLineLength, cancellationToken);
        var headerAt = 1;
        var declared = headerLine is null ? null : SeparatorLine(headerLine);
        if (declared is not null)
        {
            // Excel writes (and reads) a first line "sep=;" naming the delimiter; the header follows it.
            headerLine = await ReadHeaderLineAsync(reader, limits.MaxLineLength, cancellationToken);
            headerAt = 2;
        }
        if (headerLine is null)
        {
            yield break;
        }
        var delimiter = declared ?? Delimiters.MaxBy(d => headerLine.Count(c => c == d));
        onDelimiter(delimiter);

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            BufferSize = 16 * 1024,
        };
        using var headerCsv = new CsvReader(new StringReader(headerLine), configuration);
        await headerCsv.ReadAsync();
        if (headerCsv.Parser.Count > limits.MaxColumns)
        {
            throw new RequestValidationException(
                new Dictionary<string, string[]> { ["header"] = [$"The header has {headerCsv.Parser.Count} columns; at most {limits.MaxColumns} are allowed."] },
                $"The file exceeds the limit maxColumns ({limits.MaxColumns}).")
            {
                Extensions = { ["limit"] = new { name = "maxColumns", value = limits.MaxColumns } },
            };
        }
        var header = Enumerable.Range(0, headerCsv.Parser.Count).Select(i => NormalizeHeader(headerCsv.GetField(i) ?? string.Empty)).ToList();
        CheckText(headerAt, header, header, header, stream.CurrentEncoding);
        // Errors name a column as the file does (customer_reference, Customer Reference).
        var names = Enumerable.Range(0, headerCsv.Parser.Count).Select(i => headerCsv.GetField(i)?.Trim() is { Length: > 0 } name ? name : $"column {i + 1}").ToList();
        // Two columns that mean the same (quantity, Quantity; customer_reference, Customer Reference) would have one
        // silently win; the file is refused instead.
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length > 0 && header.IndexOf(header[i]) is var first && first < i)
            {
                throw new RequestValidationException(
                    new Dictionary<string, string[]> { ["header"] = [$"Columns {first + 1} ('{names[first]}') and {i + 1} ('{names[i]}') name the same column: name each column once."] },
                    $"The header names the column '{names[i]}' twice.");
            }
        }
        onHeader(header);

        using var bounded = new BoundedRecordReader(reader, delimiter, limits.MaxLineLength, firstLine: headerAt + 1);
        using var csv = new CsvReader(bounded, configuration);
        var rows = 0;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = csv.Parser.Count;
            // The file's line where this record starts: the parser's raw row is the record's last line
            // (counted from line 2, after the header; blank lines skipped by the parser count too), and a
            // quoted field may make the record span several lines.
            var line = csv.Parser.RawRow + headerAt - LineBreaks(csv.Parser.RawRecord);
            if (count == 1 && string.IsNullOrWhiteSpace(csv.Parser.RawRecord))
            {
                continue; // blank line
            }
            if (++rows > limits.MaxRows)
            {
                throw LimitExceeded("maxRows", limits.MaxRows, $"The file has more than {limits.MaxRows:N0} data rows. Split it.");
            }
            var values = new string[Math.Min(header.Count, count)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = csv.GetField(i) ?? string.Empty;
            }
            CheckText(line, header, names, values, stream.CurrentEncoding);
            var fields = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < values.Length; i++)
            {
                fields[header[i]] = values[i];
            }
            yield return new CsvRow(line, fields);
        }
    }

    /// <summary>The delimiters a header line is read with: the most frequent of them, ',' when none is more frequent.</summary>
    private static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>The delimiter an Excel "sep=" line names (<c>sep=;</c>, <c>sep=,</c>, a tab or '|'), else null.</summary>
    private static char? SeparatorLine(string line) =>
        line.Length == 5 && line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && line[4] is ',' or ';' or '\t' or '|' ? line[4] : null;

    /// <summary>Line breaks inside a raw record, its own end of line not counted.</summary>
    private static int LineBreaks(string record)
    {
        var text = record.AsSpan().TrimEnd("\r\n");
        var breaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                breaks++;
            }
        }
        return breaks;
    }

    /// <summary>
    /// Parses a decimal written with '.' (or ',' when the file's delimiter is not ',': ';', tab, '|'). In such a
    /// decimal-comma file a '.' before groups of three digits ("1.000", "12.500") is read by nobody the same way:
    /// German and French spreadsheets write it for a thousand, a system that writes decimal points for 1.0. It is
    /// refused (<see cref="NumberProblem"/> says why) rather than read as the smaller number.
    /// </summary>
    public static bool TryParseDecimal(string text, char delimiter, out decimal value)
    {
        if (delimiter != ',' && GroupsThousands(text))
        {
            value = 0;
            return false;
        }
        var normalized = delimiter != ',' ? text.Replace(',', '.') : text;
        return decimal.TryParse(normalized, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Why <see cref="TryParseDecimal"/> refused a value: "'x' is not {what}.", or how to write an ambiguous one.</summary>
    public static string NumberProblem(string text, char delimiter, string what) =>
        delimiter != ',' && GroupsThousands(text)
            ? $"'{text}' is ambiguous: in a file separated by '{(delimiter == '\t' ? "tab" : delimiter.ToString())}' the decimal separator is ',' and a '.' may group thousands. Write {text.Trim().Replace(".", string.Empty, StringComparison.Ordinal)} if the '.' groups thousands, or {text.Trim().Replace('.', ',')} if it is a decimal point."
            : $"'{text}' is not {what}.";

    /// <summary>True for "1.000", "-12.500", "1.000.000": digits (the first not 0) in groups of three after '.'.</summary>
    private static bool GroupsThousands(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.Length > 0 && span[0] is '-' or '+')
        {
            span = span[1..];
        }
        var dot = span.IndexOf('.');
        if (dot is < 1 or > 3 || span[0] == '0' || span[..dot].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        var rest = span[dot..];
        if (rest.Length % 4 != 0)
        {
            return false;
        }
        for (var i = 0; i < rest.Length; i += 4)
        {
            if (rest[i] != '.' || !char.IsAsciiDigit(rest[i + 1]) || !char.IsAsciiDigit(rest[i + 2]) || !char.IsAsciiDigit(rest[i + 3]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A 413 problem naming the limit that was exceeded.</summary>
    internal static PayloadTooLargeException LimitExceeded(string name, int value, string detail)
    {
        var problem = new PayloadTooLargeException($"The file exceeds the limit {name} ({value.ToString("N0", CultureInfo.InvariantCulture)}). {detail}");
        problem.Extensions["limit"] = new { name, value };
        return problem;
    }

    private static void CheckText(int line, IReadOnlyList<string> header, IReadOnlyList<string> names, IReadOnlyList<string> values, Encoding encoding)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var column = i < names.Count ? names[i] : $"column {i + 1}";
            var freeText = i < header.Count && TextInput.IsFreeText(header[i]);
            if ((NotText(values[i], encoding) ?? TextInput.Check(values[i], freeText)) is { } message)
            {
                throw new RequestValidationException(
                    new Dictionary<string, string[]> { [$"rows[{line}].{column}"] = [message] },
                    $"Line {line}, column {column}: {message}");
            }
        }
    }

    /// <summary>Where the decoder met bytes that are not text in the file's encoding (it put U+FFFD there).</summary>
    private static string? NotText(string value, Encoding encoding)
    {
        var at = value.IndexOf('\uFFFD', StringComparison.Ordinal);
        return at < 0
            ? null
            : $"The text is not {encoding.WebName} at position {at}. Save the file as UTF-8 (in Excel: \"CSV UTF-8\"), or name its "
              + "encoding in the Content-Type (text/csv; charset=windows-1252).";
    }

    /// <summary>The first line, read no further than <paramref name="max"/> characters.</summary>
    private static async Task<string?> ReadHeaderLineAsync(LineEndReader reader, int max, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var buffer = new char[1];
        while (true)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            if (read == 0)
            {
                return builder.Length == 0 ? null : builder.ToString();
            }
            var c = buffer[0];
            if (c == '\n')
            {
                return builder.ToString();
            }
            if (c == '\r')
            {
                // CR LF (Windows), or a lone CR: the line ends of Excel for Mac's "Macintosh Comma Separated" files,
                // which are read as line feeds from here on.
                read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (read == 1 && buffer[0] != '\n')
                {
                    reader.CarriageReturnsEndLines(buffer[0]);
                }
                return builder.ToString();
            }
            if (builder.Length >= max)
            {
                throw LimitExceeded("maxLineLength", max, "The header line is too long.");
            }
            builder.Append(c);
        }
    }

    /// <summary>
    /// The text after the header line as the parser reads it: a character the header reader looked ahead at is
    /// given back first, and in a file whose lines end in a lone CR every CR is read as a line feed (so the
    /// record limit and the line numbers count its lines as they count LF and CR LF lines).
    /// </summary>
    private sealed class LineEndReader(TextReader inner) : TextReader
    {
        private int _pending = -1;
        private bool _carriageReturns;

        /// <summary>The header line ended in a lone CR; <paramref name="next"/> is the first character after it.</summary>
        public void CarriageReturnsEndLines(char next)
        {
            _carriageReturns = true;
            _pending = next == '\r' ? '\n' : next;
        }

        public override int Peek() => _pending >= 0 ? _pending : Map(inner.Peek());

        public override int Read()
        {
            if (_pending >= 0)
            {
                var c = _pending;
                _pending = -1;
                return c;
            }
            return Map(inner.Read());
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            if (_pending >= 0)
            {
                buffer[0] = (char)Read();
                return 1;
            }
            var read = inner.Read(buffer);
            Map(buffer[..read]);
            return read;
        }

        public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            if (_pending >= 0)
            {
                buffer.Span[0] = (char)Read();
                return 1;
            }
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Map(buffer.Span[..read]);
            return read;
        }

        private int Map(int c) => _carriageReturns && c == '\r' ? '\n' : c;

        private void Map(Span<char> text)
        {
            if (_carriageReturns)
            {
                text.Replace('\r', '\n');
            }
        }
    }

    /// <summary>
    /// Passes the text through while following the CSV quoting, and refuses a record (a line outside
    /// quotes, or a quoted field with the rest of its line) longer than the limit before the parser
    /// buffers it.
    /// </summary>
    private sealed class BoundedRecordReader(TextReader inner, char delimiter, int maxRecord, int firstLine) : TextReader
    {
        private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

        private State _state = State.FieldStart;
        private int _recordLength;
        private int _line = firstLine;
        private int _recordStart = firstLine;

        public override int Peek() => inner.Peek();

        public override int Read()
        {
            var c = inner.Read();
            if (c >= 0)
            {
                Follow((char)c);
            }
            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var read = inner.Read(buffer);
            Follow(buffer[..read]);
            return read;
        }

        public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Follow(buffer.Span[..read]);
            return read;
        }

        private void Follow(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                Follow(c);
            }
        }

        private void Follow(char c)
        {
            if (c == '\n')
            {
                _line++;
            }
            switch (_state)
            {
                case State.Quoted:
                    _state = c == '"' ? State.QuoteInQuoted : State.Quoted;
                    break;
                case State.QuoteInQuoted when c == '"':
                    _state = State.Quoted; // an escaped quote
                    break;
                default:
                    if (c == '\n')
                    {
                        _state = State.FieldStart;
                        _recordLength = 0;
                        _recordStart = _line;
                        return;
                    }
                    if (c == delimiter)
                    {
                        _state = State.FieldStart;
                    }
                    else if (_state == State.FieldStart && c == '"')
                    {
                        _state = State.Quoted;
                    }
                    else if (_state == State.FieldStart && c is ' ' or '\t' or '\r')
                    {
                        // still before the field's content
                    }
                    else
                    {
                        _state = State.Unquoted; // lenient: a quote inside an unquoted field is text
                    }
                    break;
            }
            if (++_recordLength > maxRecord)
            {
                throw LimitExceeded("maxLineLength", maxRecord, $"The record starting at line {_recordStart} is longer than {maxRecord.ToString("N0", CultureInfo.InvariantCulture)} characters.");
            }
        }
    }
}
