using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.ApiClients;
using Portal.Api.Features.Benchmark;
using Portal.Api.Features.Catalog;
using Portal.Api.Features.Demo;
using Portal.Api.Features.Events;
using Portal.Api.Features.Pricing;
using Portal.Api.Features.Punchout;
using Portal.Api.Infrastructure;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Caching;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Health;
using Portal.Api.Infrastructure.Observability;
using Portal.Api.Infrastructure.OpenApi;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Infrastructure.RateLimiting;
using Portal.Api.Infrastructure.Scheduling;

namespace Portal.Api;

/// <summary>Service registration and the request pipeline, kept out of Program.cs.</summary>
public static class PortalHost
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .Validate(o => o.RateLimit.PermitPerMinute > 0 && o.RateLimit.TokenPermitPerMinute > 0 && o.RateLimit.CxmlPermitPerMinute > 0, "Portal:RateLimit limits must be positive.")
            .Validate(o => o.PublicBaseUrl is null || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Portal:PublicBaseUrl must be an absolute URL.")
            .Validate(o => Features.Webhooks.RetrySchedule.IsValid(o.Webhooks.RetrySchedule), "Portal:Webhooks:RetrySchedule must be comma-separated durations (500ms, 5s, 5m, 2h, 1d).")
            .Validate(o => o.Webhooks.MaxAttempts is null or > 0 && o.Webhooks.Timeout > TimeSpan.Zero && o.Outbox.PollInterval > TimeSpan.Zero, "Portal:Webhooks:MaxAttempts, Portal:Webhooks:Timeout and Portal:Outbox:PollInterval must be positive.")
            .ValidateOnStart();
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();

        var mode = DatabaseMode.From(configuration, builder.Environment);
        var redis = services.AddPortalRedis(configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddPortalData(mode);
        services.AddPortalProblemDetails();
        services.AddPortalAuth(portal);
        services.AddPortalRateLimiting(portal, redis);
        services.AddPortalHealth(mode, redis);
        services.AddPortalApiVersioningAndOpenApi();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });

        services.AddControllers(options => options.Filters.Add(new Infrastructure.Idempotency.IdempotentAttribute()))
            .AddJsonOptions(options =>
            {
                options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
                options.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
                options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, PricingJsonContext.Default);
            });

        // Features
        services.AddScoped<CatalogService>();
        services.AddScoped<CustomerService>();
        services.AddScoped<OrgUnitService>();
        services.AddScoped<UserService>();
        services.AddScoped<CostCenterService>();
        services.AddScoped<AddressService>();
        services.AddScoped<MeService>();
        services.AddScoped<ApiClientService>();
        services.AddScoped<AccessLogService>();
        services.AddSingleton<AccessLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        services.AddScoped<DemoDataSeeder>();
        services.AddPricing(configuration, redis);
        services.AddScoped<Features.Ordering.CartService>();
        services.AddScoped<Features.Ordering.OrderService>();
        services.AddScoped<Features.Ordering.OrderFeedService>();
        services.AddScoped<Features.Ordering.OrderDocumentService>();
        services.AddScoped<Features.Ordering.CsvImportService>();
        services.AddPunchout();
        services.AddPortalEvents();
        services.AddPortalScheduling(configuration, mode);
        return builder;
    }

    /// <summary>Schema, bootstrap client and demo data, before the first request is taken.</summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseSwagger(options => options.RouteTemplate = "swagger/{documentName}/swagger.json");
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{OpenApiSetup.DocumentName}/swagger.json", "Portal API v1");
            options.RoutePrefix = "swagger";
        });

        app.UseRouting();
        app.UseMiddleware<TokenRateLimitMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<CallerMiddleware>();
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapControllers();
        app.MapPortalHealth();
        app.MapPunchout();
        app.MapBenchmarkEndpoints(app.Configuration);
        Features.Testing.ProviderStatesEndpoint.MapProviderStates(app, app.Configuration);
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
