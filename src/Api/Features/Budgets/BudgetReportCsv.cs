namespace Portal.Api.Features.Budgets;

/// <summary>
/// The report as CSV: a summary row per budget followed by its orders. Safe to open in a spreadsheet: a cell
/// starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return is prefixed with <c>'</c>, so
/// nothing a buyer typed (names, references) runs as a formula. Numbers are written raw (a negative
/// remaining is a number, not a formula).
/// </summary>
public static class BudgetReportCsv
{
    private static readonly string[] Header =
    [
        "row", "budget", "scope", "periodStart", "periodEnd", "currency", "amount", "available", "committed", "reserved", "remaining",
        "orderNumber", "orderStatus", "placedAt", "customerReference", "charged", "state",
    ];

    public static byte[] Write(IReadOnlyList<BudgetReportSection> sections)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var section in sections)
        {
            var p = section.Position;
            Line(csv, ["budget", Text(section.Budget), Text(section.Scope), Day(p.PeriodStart), Day(p.PeriodEnd), p.Budget.Currency,
                Number(p.Budget.Amount), Number(p.Available), Number(p.Committed), Number(p.Reserved), Number(p.Remaining), "", "", "", "", "", ""]);
            foreach (var order in section.Orders)
            {
                Line(csv, ["order", Text(section.Budget), Text(section.Scope), Day(p.PeriodStart), Day(p.PeriodEnd), p.Budget.Currency, "", "", "", "", "",
                    Text(order.Number), order.Status, order.PlacedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    Text(order.CustomerReference ?? string.Empty), Number(order.Amount), order.State]);
            }
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    /// <summary>A text cell neutralised against formula injection.</summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            var cell = cells[i];
            csv.Append(cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell);
        }
        csv.Append("\r\n");
    }
}
