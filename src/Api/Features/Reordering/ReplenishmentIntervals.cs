using Quartz;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// The interval of a schedule: an ISO 8601 period of days, weeks or months (P1W, P1M, P3M, P14D; 1 to 366
/// days, 1 to 52 weeks, 1 to 24 months) or a cron expression in UTC (5 fields, minute first; or Quartz's
/// 6 or 7 fields, second first). Occurrences are at least an hour apart.
/// </summary>
public static partial class ReplenishmentIntervals
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromHours(1);

    /// <summary>Why the interval is not valid, or null.</summary>
    public static string? Check(string? interval)
    {
        if (string.IsNullOrWhiteSpace(interval) || interval.Length > 120)
        {
            return "The interval is P1W, P1M, P3M (P{n}D, P{n}W, P{n}M) or a cron expression, at most 120 characters.";
        }
        var value = interval.Trim();
        if (Period().Match(value) is { Success: true } period)
        {
            var n = int.Parse(period.Groups[1].Value, CultureInfo.InvariantCulture);
            var max = period.Groups[2].Value switch { "D" => 366, "W" => 52, _ => 24 };
            return n >= 1 && n <= max ? null : $"A period of {period.Groups[2].Value} is 1 to {max}.";
        }
        if (Cron(value) is not { } cron)
        {
            return "The interval is neither a period (P1W, P1M, P3M) nor a valid cron expression.";
        }
        var first = cron.GetNextValidTimeAfter(DateTimeOffset.UtcNow);
        var second = first is { } f ? cron.GetNextValidTimeAfter(f) : null;
        if (first is null)
        {
            return "The cron expression has no future occurrence.";
        }
        return second is { } s && s - first.Value < MinimumGap ? "Occurrences of the cron expression are less than an hour apart." : null;
    }

    /// <summary>
    /// The next due time after a run due at <paramref name="due"/>: the first occurrence later than
    /// <paramref name="now"/>, so that after downtime the missed period is caught up once, not once per
    /// missed period.
    /// </summary>
    public static DateTimeOffset Next(string interval, DateTimeOffset due, DateTimeOffset now)
    {
        var value = interval.Trim();
        if (Period().Match(value) is { Success: true } period)
        {
            var n = int.Parse(period.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = period.Groups[2].Value;
            var next = due;
            var steps = 0;
            do
            {
                steps++;
                next = unit switch
                {
                    "D" => due.AddDays(n * steps),
                    "W" => due.AddDays(7 * n * steps),
                    _ => due.AddMonths(n * steps), // from the first due time: the 31st stays the month's last day
                };
            }
            while (next <= now);
            return next;
        }
        var cron = Cron(value) ?? throw new InvalidOperationException($"The interval '{interval}' is not valid.");
        var after = now > due ? now : due;
        return cron.GetNextValidTimeAfter(after) ?? DateTimeOffset.MaxValue;
    }

    /// <summary>A Quartz cron expression in UTC; a 5-field (minute-first) expression gets second 0 and a '?' where Quartz needs one.</summary>
    private static CronExpression? Cron(string value)
    {
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            var (dom, dow) = (fields[2], fields[4]);
            if (dom != "?" && dow != "?")
            {
                if (dow == "*")
                {
                    dow = "?";
                }
                else if (dom == "*")
                {
                    dom = "?";
                }
                else
                {
                    return null; // both day-of-month and day-of-week: Quartz cannot express it
                }
            }
            fields = ["0", fields[0], fields[1], dom, fields[3], dow];
        }
        if (fields.Length is < 6 or > 7)
        {
            return null;
        }
        try
        {
            return new CronExpression(string.Join(' ', fields), TimeZoneInfo.Utc);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^P([0-9]{1,3})([DWM])$", RegexOptions.CultureInvariant)]
    private static partial Regex Period();
}
