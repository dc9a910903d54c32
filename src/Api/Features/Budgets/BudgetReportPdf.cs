using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Portal.Api.Features.Budgets;

/// <summary>The report as PDF (PDFsharp 6.2.4, MIT): per budget a heading with its scope and a table of its figures and orders.</summary>
public static class BudgetReportPdf
{
    private const double Margin = 40;
    private const double Row = 14;
    private static readonly double[] Columns = [0, 110, 200, 290, 370, 440];

    public static byte[] Write(DateOnly month, IReadOnlyList<BudgetReportSection> sections)
    {
        ReportFontResolver.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"Budget report {month:yyyy-MM}";
        var title = new XFont(ReportFontResolver.Family, 14, XFontStyleEx.Bold);
        var heading = new XFont(ReportFontResolver.Family, 11, XFontStyleEx.Bold);
        var text = new XFont(ReportFontResolver.Family, 8.5, XFontStyleEx.Regular);
        var page = document.AddPage();
        var gfx = XGraphics.FromPdfPage(page);
        var y = Margin;
        void Write(string value, XFont font, double x, double width)
        {
            gfx.DrawString(value, font, XBrushes.Black, new XRect(Margin + x, y, width, Row), XStringFormats.TopLeft);
        }
        void NextLine(double height = Row)
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
        Write($"Budget report {month:yyyy-MM}", title, 0, 500);
        NextLine(Row * 2);
        if (sections.Count == 0)
        {
            Write("The account has no budgets.", text, 0, 500);
        }
        foreach (var section in sections)
        {
            var p = section.Position;
            Write($"{section.Scope} — {section.Budget}", heading, 0, 515);
            NextLine(Row * 1.3);
            Write($"{p.Budget.Period} {p.PeriodStart:yyyy-MM-dd} to {p.PeriodEnd:yyyy-MM-dd}, policy {p.Budget.Policy}", text, 0, 515);
            NextLine();
            string[] labels = ["Amount", "Available", "Committed", "Reserved", "Remaining", "Currency"];
            string[] values = [Money(p.Budget.Amount), Money(p.Available), Money(p.Committed), Money(p.Reserved), Money(p.Remaining), p.Budget.Currency];
            for (var i = 0; i < labels.Length; i++)
            {
                Write(labels[i], heading, Columns[i], 85);
            }
            NextLine();
            for (var i = 0; i < values.Length; i++)
            {
                Write(values[i], text, Columns[i], 85);
            }
            NextLine(Row * 1.5);
            if (section.Orders.Count > 0)
            {
                string[] orderLabels = ["Order", "Placed", "Status", "State", "Charged", "Reference"];
                for (var i = 0; i < orderLabels.Length; i++)
                {
                    Write(orderLabels[i], heading, Columns[i], 85);
                }
                NextLine();
            }
            foreach (var order in section.Orders)
            {
                Write(order.Number, text, Columns[0], 105);
                Write(order.PlacedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text, Columns[1], 85);
                Write(order.Status, text, Columns[2], 85);
                Write(order.State, text, Columns[3], 75);
                Write(Money(order.Amount), text, Columns[4], 65);
                Write(order.CustomerReference ?? string.Empty, text, Columns[5], 75);
                NextLine();
            }
            NextLine(Row);
        }
        gfx.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);
}
