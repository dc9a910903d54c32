using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.ApiClients;
using Portal.Api.Hosting.Benchmark;
using Portal.Api.Features.Catalog;
using Portal.Api.Hosting.Demo;
using Portal.Api.Features.Events;
using Portal.Api.Features.Pricing;
using Portal.Api.Features.Punchout;
using Portal.Api.Infrastructure.Health;
using Portal.Api.Infrastructure.Idempotency;
using Portal.Api.Infrastructure.Observability;
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
            .Validate(o => o.RateLimit.PermitPerMinute > 0 && o.RateLimit.TokenPermitPerMinute > 0 && o.RateLimit.CxmlPermitPerMinute > 0 && o.RateLimit.LoginPermitPerMinute > 0, "Portal:RateLimit limits must be positive.")
            .Validate(o => o.PublicBaseUrl is null || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Portal:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.ForwardedHeaders.KnownProxies.All(p => string.IsNullOrWhiteSpace(p) || System.Net.IPAddress.TryParse(p.Trim(), out _))
                           && o.ForwardedHeaders.KnownNetworks.All(n => string.IsNullOrWhiteSpace(n) || System.Net.IPNetwork.TryParse(n.Trim(), out _)),
                "Portal:ForwardedHeaders:KnownProxies are IP addresses and KnownNetworks CIDR networks (10.0.0.0/8).")
            .Validate(o => o.Imports.MaxLineLength > 0 && o.Imports.MaxColumns > 0 && o.Imports.MaxCartRows > 0 && o.Imports.MaxOrderRows > 0 && o.Imports.MaxConcurrentPerClient > 0,
                "Portal:Imports limits must be positive.")
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
        services.AddPortalIdempotency();
        services.AddPortalHealth(mode, redis);
        services.AddPortalApiVersioningAndOpenApi();
        services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, portal.ForwardedHeaders));

        services.AddControllers(options =>
            {
                options.Filters.Add(new Infrastructure.Validation.TextInputFilter());
                options.Filters.Add(new Infrastructure.Idempotency.IdempotentAttribute());
            })
            .AddJsonOptions(options =>
            {
                options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
                options.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
                // additionalProperties: false, as the document says: a misspelt property is a 400 naming it, not lost.
                options.JsonSerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
                options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, PricingJsonContext.Default);
            });

        // Features
        services.AddScoped<CatalogService>();
        services.AddScoped<CustomerService>();
        services.AddScoped<OrgUnitService>();
        services.AddScoped<UserService>();
        services.AddScoped<AccountAuthority>();
        services.AddScoped<CostCenterService>();
        services.AddScoped<AddressService>();
        services.AddScoped<MeService>();
        services.AddScoped<ApiClientService>();
        services.AddScoped<AccessLogService>();
        services.AddSingleton<AccessLogWriter>();
        services.AddScoped<AccessLogNote>();
        services.AddScoped<Infrastructure.Concurrency.EntityTags>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        services.AddScoped<DemoDataSeeder>();
        services.AddSingleton<DemoClientSecrets>();
        services.AddPricing(configuration, redis);
        services.AddScoped<Features.Ordering.CartService>();
        services.AddScoped<Features.Ordering.CostCenterCharging>();
        services.AddScoped<Features.Ordering.OrderService>();
        services.AddScoped<Features.Ordering.OrderFeedService>();
        services.AddScoped<Features.Ordering.OrderDocumentService>();
        services.AddScoped<Features.Ordering.CsvImportService>();
        services.AddSingleton<Infrastructure.Csv.ImportGate>();
        services.AddPunchout();
        services.AddPortalTelemetry(configuration);
        services.AddPortalEvents();
        Features.Approvals.ApprovalsSetup.AddApprovalsAndBudgets(services);
        Features.Quotes.QuotesSetup.AddQuotes(services);
        Features.Reordering.ReorderingSetup.AddReordering(services);
        services.AddScoped<Features.Sso.SsoSettingsService>();
        services.AddScoped<Features.Sso.SsoLoginService>();
        services.AddSingleton<Features.Sso.OidcRelyingParty>();
        services.AddSingleton<Features.Sso.SamlSigningKey>();
        Features.Privacy.PrivacySetup.AddPrivacy(services);
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
        app.Use((context, next) =>
        {
            // No answer is ever to be content-sniffed: downloads (PDF documents) keep their declared type.
            // Set as the answer starts, so that problems written after a cleared response carry it too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Swagger UI and the live document only where they help: development, the embedded demo, or when
        // switched on. The committed openapi/portal-v1.json is the public contract.
        var swagger = SwaggerServed(app);
        if (swagger)
        {
            app.UseSwagger(options => options.RouteTemplate = "swagger/{documentName}/swagger.json");
            app.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint($"/swagger/{OpenApiSetup.DocumentName}/swagger.json", "Portal API v1");
                options.RoutePrefix = "swagger";
            });
        }

        app.UseRouting();
        app.UseMiddleware<TokenRateLimitMiddleware>();
        // Our own authentication middleware (OpenIddict's handlers see only their paths); the key tells WebApplication
        // that authentication is in the pipeline, so it does not add the stock middleware in front of it.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseMiddleware<Infrastructure.Auth.PortalAuthenticationMiddleware>();
        app.UseMiddleware<Infrastructure.Problems.UnknownPathMiddleware>();
        app.UseMiddleware<CallerMiddleware>();
        app.UseMiddleware<Infrastructure.Concurrency.EntityTagsMiddleware>();
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseMiddleware<ApiRateLimitMiddleware>();
        app.UseAuthorization();

        app.MapControllers();
        app.MapPortalHealth();
        app.MapPortalTelemetry();
        app.MapPunchout();
        Features.Approvals.ApprovalLinkEndpoints.MapApprovalLinks(app);
        Features.Approvals.ApprovalSessionEndpoints.MapApprovalSessionPages(app);
        Features.Sso.SsoEndpoints.MapSso(app);
        app.MapBenchmarkEndpoints(app.Configuration);
        Hosting.Testing.ProviderStatesEndpoint.MapProviderStates(app, app.Configuration);
        if (swagger)
        {
            app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous();
        }
        else
        {
            // Not served: a plain 404 for everyone (not the 401 an unknown path answers without a token).
            app.MapMethods("/swagger/{**path}", [HttpMethods.Get, HttpMethods.Head], () => Results.NotFound()).ExcludeFromDescription().AllowAnonymous();
        }
        return app;
    }

    /// <summary>Development, the embedded mode, or <c>Portal:Swagger:Enabled=true</c>.</summary>
    internal static bool SwaggerServed(WebApplication app) =>
        app.Environment.IsDevelopment()
        || app.Services.GetRequiredService<DatabaseMode>().IsEmbedded
        || app.Configuration.GetValue<bool>("Portal:Swagger:Enabled");

    /// <summary>
    /// Forwarded headers are believed only from the configured proxies; with none configured they are
    /// ignored, so nobody can choose the address the rate limits and the access log see.
    /// </summary>
    internal static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        // Careful: with both lists empty the middleware would believe every sender, so no configured
        // proxy means no forwarded header is processed at all.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        options.ForwardLimit = Math.Max(1, settings.ForwardLimit);
        foreach (var proxy in settings.KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy.Trim()));
        }
        foreach (var network in settings.KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }
        options.ForwardedHeaders = options.KnownProxies.Count + options.KnownIPNetworks.Count > 0
            ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
            : ForwardedHeaders.None;
    }
}
