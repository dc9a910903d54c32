using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Portal.Api.Features.Budgets;

/// <summary>
/// Writes rows of text top-down on A4 pages of a PDF (PDFsharp, the embedded report font): <see cref="Write"/>
/// puts text at a column of the current row, <see cref="NextLine"/> moves down and starts a new page when
/// the page is full, <see cref="ToArray"/> finishes the document. Shared by the budget report and the quote PDF.
/// </summary>
public sealed class PdfPageWriter : IDisposable
{
    public const double Margin = 40;
    public const double Row = 14;

    private readonly PdfDocument document = new();
    private PdfPage page;
    private XGraphics gfx;
    private double y = Margin;
    private bool finished;

    public PdfPageWriter(string title)
    {
        ReportFontResolver.EnsureInstalled();
        document.Info.Title = title;
        page = document.AddPage();
        gfx = XGraphics.FromPdfPage(page);
    }

    public static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular) => new(ReportFontResolver.Family, size, style);

    public void Write(string value, XFont font, double x, double width) =>
        gfx.DrawString(value, font, XBrushes.Black, new XRect(Margin + x, y, width, Row), XStringFormats.TopLeft);

    public void NextLine(double height = Row)
    {
        y += height;
        if (y > page.Height.Point - Margin - Row)
        {
            gfx.Dispose();
            page = document.AddPage();
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
        }
    }

    public byte[] ToArray()
    {
        finished = true;
        gfx.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (!finished)
        {
            gfx.Dispose();
        }
        document.Dispose();
    }
}
