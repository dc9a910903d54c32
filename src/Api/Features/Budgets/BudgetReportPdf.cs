using PdfSharp.Drawing;

namespace Portal.Api.Features.Budgets;

/// <summary>The report as PDF (PDFsharp 6.2.4, MIT): per budget a heading with its scope and a table of its figures and orders.</summary>
public static class BudgetReportPdf
{
    private const double Row = PdfPageWriter.Row;
    private static readonly double[] Columns = [0, 110, 200, 290, 370, 440];

    public static byte[] Write(DateOnly month, IReadOnlyList<BudgetReportSection> sections)
    {
        using var pdf = new PdfPageWriter($"Budget report {month:yyyy-MM}");
        var title = PdfPageWriter.Font(14, XFontStyleEx.Bold);
        var heading = PdfPageWriter.Font(11, XFontStyleEx.Bold);
        var text = PdfPageWriter.Font(8.5, XFontStyleEx.Regular);
        void Write(string value, XFont font, double x, double width) => pdf.Write(value, font, x, width);
        void NextLine(double height = Row) => pdf.NextLine(height);
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
        return pdf.ToArray();
    }

    private static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);
}
