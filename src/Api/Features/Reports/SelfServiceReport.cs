using Portal.Api.Features.Ordering;
using Portal.Api.Features.Privacy;

namespace Portal.Api.Features.Reports;

/// <summary>
/// The self-service rate: of the orders placed in a period, the share customers placed themselves (every
/// channel but <c>sales-assisted</c>), with the configured target beside it.
/// </summary>
/// <param name="From">First day counted (UTC), or null: from the first order.</param>
/// <param name="To">Last day counted (UTC, inclusive), or null: up to now.</param>
/// <param name="CustomerId">The one account counted, or null: every account.</param>
/// <param name="Orders">Orders placed in the period (whatever their status now).</param>
/// <param name="SelfService">Orders the customer placed itself.</param>
/// <param name="Assisted">Orders a supplier sales caller placed for the customer.</param>
/// <param name="Rate">SelfService / Orders, 4 decimals; null without orders.</param>
/// <param name="Target">The target rate (Portal:Reports:SelfServiceTarget).</param>
/// <param name="MeetsTarget">Whether the rate reaches the target; null without orders.</param>
/// <param name="ByChannel">Orders per channel (every channel, 0 where none).</param>
public sealed record SelfServiceReportDto(
    DateOnly? From, DateOnly? To, Guid? CustomerId, int Orders, int SelfService, int Assisted, decimal? Rate, decimal Target, bool? MeetsTarget,
    IReadOnlyDictionary<string, int> ByChannel);

public sealed class SelfServiceReportService(PortalDbContext db, TenantScope tenant, IOptions<PortalOptions> options)
{
    public async Task<SelfServiceReportDto> BuildAsync(string? from, string? to, Guid? customerId, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var first = Day(errors, "from", from);
        var last = Day(errors, "to", to);
        if (first is { } f && last is { } l && l < f)
        {
            errors.Add("to", "to is on or after from.");
        }
        errors.ThrowIfAny();

        var query = db.Orders.AsNoTracking();
        if (customerId is { } id)
        {
            if (tenant.CustomerId is { } selected && selected != id)
            {
                throw new NotFoundException($"No customer account has the id '{id}'.");
            }
            query = query.Where(o => o.CustomerId == id);
        }
        if (first is { } start)
        {
            var at = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt >= at);
        }
        if (last is { } end)
        {
            var before = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt < before);
        }
        var counts = await query.GroupBy(o => o.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byChannel = OrderChannels.All.ToDictionary(c => c, c => counts.Where(x => x.Channel == c).Sum(x => x.Count));
        foreach (var other in counts.Where(x => !byChannel.ContainsKey(x.Channel)))
        {
            byChannel[other.Channel] = other.Count;
        }
        var total = byChannel.Values.Sum();
        var assisted = byChannel[OrderChannels.SalesAssisted];
        var target = options.Value.Reports.SelfServiceTarget;
        decimal? rate = total == 0 ? null : Math.Round((decimal)(total - assisted) / total, 4, MidpointRounding.AwayFromZero);
        return new SelfServiceReportDto(first, last, customerId, total, total - assisted, assisted, rate, target, rate is null ? null : rate >= target, byChannel);
    }

    /// <summary>The report as CSV: one <c>metric,value</c> row per figure, then one per channel.</summary>
    public static byte[] Csv(SelfServiceReportDto report)
    {
        var csv = new StringBuilder("metric,value\r\n");
        void Row(string metric, string value) => csv.Append(metric).Append(',').Append(value).Append("\r\n");
        Row("from", report.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
        Row("to", report.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
        Row("customerId", report.CustomerId?.ToString() ?? string.Empty);
        Row("orders", report.Orders.ToString(CultureInfo.InvariantCulture));
        Row("selfService", report.SelfService.ToString(CultureInfo.InvariantCulture));
        Row("assisted", report.Assisted.ToString(CultureInfo.InvariantCulture));
        Row("rate", report.Rate?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        Row("target", report.Target.ToString(CultureInfo.InvariantCulture));
        Row("meetsTarget", report.MeetsTarget switch { true => "true", false => "false", null => string.Empty });
        foreach (var (channel, count) in report.ByChannel)
        {
            Row("channel:" + channel, count.ToString(CultureInfo.InvariantCulture));
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static DateOnly? Day(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return DateOnly.FromDateTime(at.UtcDateTime);
        }
        errors.Add(field, "A day, yyyy-MM-dd (or an ISO 8601 date-time).");
        return null;
    }
}
