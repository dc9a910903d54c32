namespace Portal.Api.Features.Budgets;

/// <summary>Budget periods in UTC: the calendar month, quarter or year containing a day.</summary>
public static class BudgetPeriods
{
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string Year = "year";

    public static readonly IReadOnlyList<string> All = [Month, Quarter, Year];

    /// <summary>The first day of the period containing <paramref name="day"/>.</summary>
    public static DateOnly Start(string period, DateOnly day) => period switch
    {
        Month => new DateOnly(day.Year, day.Month, 1),
        Quarter => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        Year => new DateOnly(day.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown budget period."),
    };

    /// <summary>The last day of the period starting at <paramref name="start"/>.</summary>
    public static DateOnly End(string period, DateOnly start) => Next(period, start).AddDays(-1);

    public static DateOnly Next(string period, DateOnly start) => period switch
    {
        Month => start.AddMonths(1),
        Quarter => start.AddMonths(3),
        _ => start.AddYears(1),
    };

    public static DateOnly Previous(string period, DateOnly start) => period switch
    {
        Month => start.AddMonths(-1),
        Quarter => start.AddMonths(-3),
        _ => start.AddYears(-1),
    };

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
