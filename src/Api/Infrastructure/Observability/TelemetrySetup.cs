using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry traces and metrics, switched on by configuration only (nothing is collected otherwise):
/// OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables apply), and
/// <c>/metrics</c> in Prometheus text format when <c>Portal:Telemetry:Prometheus</c> is true. Metrics: request
/// rate and latency per route (<c>http.server.request.duration</c> with <c>http.route</c>), outgoing HTTP, and
/// the price cache's hits, misses and hit ratio (<c>portal.price_cache.*</c>).
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "portal-api";
    public const string MeterName = "Portal.Api";
    public const string PrometheusKey = "Portal:Telemetry:Prometheus";
    public const string MetricsPath = "/metrics";

    public static bool OtlpEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue<bool>(PrometheusKey);

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpEnabled(configuration);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            return services;
        }
        services.AddSingleton<PortalMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(MeterName);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql", "Portal.*"));
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    /// <summary>Maps <c>/metrics</c> (anonymous, as scrapers expect: expose it on an internal network only) when enabled.</summary>
    public static WebApplication MapPortalTelemetry(this WebApplication app)
    {
        if (app.Services.GetService<PortalMetrics>() is null)
        {
            return app;
        }
        if (PrometheusEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        }
        return app;
    }
}

/// <summary>Portal's own instruments (meter <c>Portal.Api</c>).</summary>
public sealed class PortalMetrics
{
    public PortalMetrics(IMeterFactory meters, PriceCache prices, Features.Events.OutboxBacklog backlog)
    {
        var meter = meters.Create(TelemetrySetup.MeterName);
        meter.CreateObservableCounter("portal.price_cache.hits", () => prices.Hits, "{lookup}", "Price lookups answered from the cache.");
        meter.CreateObservableCounter("portal.price_cache.misses", () => prices.Misses, "{lookup}", "Price lookups that had to be calculated.");
        meter.CreateObservableGauge("portal.price_cache.hit_ratio", () =>
        {
            var hits = prices.Hits;
            var total = hits + prices.Misses;
            return total == 0 ? 0d : (double)hits / total;
        }, null, "Share of price lookups answered from the cache since the start.");
        backlog.Observed = true; // counted only while metrics are exported
        meter.CreateObservableGauge("portal.outbox.backlog", () => backlog.Events < 0
            ? []
            : new[]
            {
                new Measurement<long>(backlog.Events, new KeyValuePair<string, object?>("kind", "event")),
                new Measurement<long>(backlog.UnmailedEvents, new KeyValuePair<string, object?>("kind", "event-mail")),
                new Measurement<long>(backlog.Deliveries, new KeyValuePair<string, object?>("kind", "webhook-delivery")),
                new Measurement<long>(backlog.Mails, new KeyValuePair<string, object?>("kind", "mail")),
            }, "{item}", "Integration work waiting: events not yet fanned out, events whose mails are not yet composed, pending webhook deliveries and mails (counted every 10 s).");
    }
}
