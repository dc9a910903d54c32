using PdfSharp.Drawing;
using Portal.Api.Features.Budgets;

namespace Portal.Api.Features.Quotes;

/// <summary>A sent version of a quote as PDF (PDFsharp 6.2.4, the embedded report font): header, lines with list price and saving, totals, validity.</summary>
public static class QuotePdf
{
    private const double Row = PdfPageWriter.Row;
    private static readonly double[] Columns = [0, 22, 92, 262, 307, 362, 417, 467];

    public static byte[] Write(Quote quote, QuoteVersion version, string customerName)
    {
        using var pdf = new PdfPageWriter($"Quote {quote.Number} version {version.Number}");
        var title = PdfPageWriter.Font(14, XFontStyleEx.Bold);
        var heading = PdfPageWriter.Font(8.5, XFontStyleEx.Bold);
        var text = PdfPageWriter.Font(8.5, XFontStyleEx.Regular);
        void Write(string value, XFont font, double x, double width) => pdf.Write(value, font, x, width);
        void NextLine(double height = Row) => pdf.NextLine(height);
        Write($"Quote {quote.Number} — version {version.Number}", title, 0, 515);
        NextLine(Row * 2);
        Write($"For: {Clip(customerName, 90)}", text, 0, 515);
        NextLine();
        Write($"Sent: {version.SentAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}    Valid until: {version.ValidUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}    Currency: {version.Currency}", text, 0, 515);
        NextLine(Row * 1.5);
        string[] labels = ["#", "Sku", "Description", "Qty", "List price", "Unit price", "Saving", "Line total"];
        for (var i = 0; i < labels.Length; i++)
        {
            Write(labels[i], heading, Columns[i], 80);
        }
        NextLine();
        foreach (var line in version.Lines.OrderBy(l => l.Position))
        {
            Write(line.Position.ToString(CultureInfo.InvariantCulture), text, Columns[0], 20);
            Write(Clip(line.Sku, 14), text, Columns[1], 68);
            Write(Clip(line.Description + (line.Alternative ? " (alternative)" : string.Empty), 34), text, Columns[2], 168);
            Write(line.Quantity.ToString("0.###", CultureInfo.InvariantCulture) + " " + line.Unit, text, Columns[3], 53);
            Write(Money(line.ListPrice), text, Columns[4], 53);
            Write(Money(line.UnitPrice), text, Columns[5], 53);
            Write(Money(line.LineSaving), text, Columns[6], 48);
            Write(Money(line.LineTotal), text, Columns[7], 60);
            NextLine();
            if (line.LeadTimeDays is not null || line.Note is not null)
            {
                var extra = (line.LeadTimeDays is { } days ? $"Lead time {days} days. " : string.Empty) + (line.Note ?? string.Empty);
                Write(Clip(extra, 110), text, Columns[2], 420);
                NextLine();
            }
        }
        NextLine(Row * 0.5);
        Write($"List total {Money(version.ListTotal)}    Saving {Money(version.Saving)}    Total {Money(version.Total)} {version.Currency}", heading, 0, 515);
        NextLine(Row * 1.5);
        if (version.Note is { } note)
        {
            foreach (var part in Wrap(note, 110).Take(20))
            {
                Write(part, text, 0, 515);
                NextLine();
            }
        }
        Write("This offer binds until its validity ends. Accept it in the portal (or with POST /api/v1/quotes/{id}/accept).", text, 0, 515);
        return pdf.ToArray();
    }

    private static string Money(decimal value) => value.ToString("#,0.00##", CultureInfo.InvariantCulture);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";

    private static IEnumerable<string> Wrap(string value, int width)
    {
        foreach (var paragraph in value.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            for (var i = 0; i < paragraph.Length; i += width)
            {
                yield return paragraph.Substring(i, Math.Min(width, paragraph.Length - i));
            }
            if (paragraph.Length == 0)
            {
                yield return string.Empty;
            }
        }
    }
}
