namespace Portal.Api.Features.Webhooks;

/// <summary>
/// The delays between delivery attempts, from <c>Portal:Webhooks:RetrySchedule</c>: comma-separated
/// durations with a unit (<c>500ms</c>, <c>5s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>) or as TimeSpans
/// (<c>00:05:00</c>). Each delay gets ±10 % jitter so that a receiver coming back is not hit by every
/// retry in the same second.
/// </summary>
public static class RetrySchedule
{
    public static IReadOnlyList<TimeSpan> Parse(string schedule)
    {
        var delays = new List<TimeSpan>();
        foreach (var part in schedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            delays.Add(ParseOne(part) ?? throw new FormatException($"'{part}' in Portal:Webhooks:RetrySchedule is not a duration (500ms, 5s, 5m, 2h, 1d or hh:mm:ss)."));
        }
        return delays;
    }

    public static bool IsValid(string schedule)
    {
        try
        {
            return Parse(schedule).All(d => d >= TimeSpan.Zero);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based), with jitter.</summary>
    public static TimeSpan DelayAfter(IReadOnlyList<TimeSpan> delays, int attempt, Random random)
    {
        if (delays.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var delay = delays[Math.Clamp(attempt - 1, 0, delays.Count - 1)];
        var jitter = 1 + ((random.NextDouble() * 0.2) - 0.1);
        return TimeSpan.FromTicks((long)(delay.Ticks * jitter));
    }

    private static TimeSpan? ParseOne(string text)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return make(value);
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
