using Portal.Api.Features.Punchout.Pages;
using Portal.Api.Infrastructure.RateLimiting;
using Portal.Punchout.Cxml;
using Portal.Punchout.Sessions;
using Portal.Punchout.Transport;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The punchout surface outside /api: <c>POST /punchout/cxml</c> for procurement systems and the catalog
/// pages under <c>/punchout/session/</c> for the buyer's browser. Neither is in the OpenAPI document:
/// cXML is described by its DTD and docs/punchout.md; the pages are for people.
/// </summary>
public static class PunchoutEndpoints
{
    public static IServiceCollection AddPunchout(this IServiceCollection services)
    {
        services.AddScoped<PunchoutSettingsService>();
        services.AddScoped<PunchoutBuyers>();
        services.AddScoped<PunchoutSessionService>();
        services.AddScoped<PunchoutQuotes>();
        services.AddScoped<PunchoutPages>();
        services.AddRazorComponents();
        // One cart transfer per protocol: the same sessions and pages serve cXML today and OCI next (ADR 0010).
        services.AddSingleton<ICartTransfer, CxmlCartTransfer>();
        services.AddSingleton<ICartTransfer, Portal.Punchout.Oci.OciCartTransfer>();
        services.AddSingleton<ICartTransfer, ShopCartTransfer>();
        // SAP OCI: a second protocol on the same sessions and pages, through the ports of src/Punchout.
        services.AddScoped<Oci.OciSessionOpener>();
        services.AddScoped<Portal.Punchout.Oci.IOciSessionOpener>(sp => sp.GetRequiredService<Oci.OciSessionOpener>());
        services.AddScoped<IPunchoutCatalog, PunchoutCatalogPort>();
        // The cXML transport (src/Punchout) with this host's ports and one handler per request type.
        services.AddCxmlTransport(o => o.IsTransient = TransientDbErrors.IsTransient);
        services.AddScoped<ICxmlSenderAuthenticator, CxmlAuthenticator>();
        services.AddCxmlRequestHandler<ProfileRequest, ProfileRequestHandler>();
        services.AddCxmlRequestHandler<PunchOutSetupRequest, PunchoutSetupService>();
        services.AddCxmlRequestHandler<OrderRequest, CxmlOrderIntake>();
        return services;
    }

    public static IEndpointRouteBuilder MapPunchout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/punchout/cxml", (HttpContext context, CxmlDispatcher cxml, IOptions<PortalOptions> options, CxmlRateLimiter limiter) =>
            {
                var baseUrl = PublicUrls.Base(options.Value, context);
                return cxml.HandleAsync(context, baseUrl, baseUrl + "/punchout/cxml", limiter.Limiter);
            }).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        Oci.OciEndpoints.MapOci(app);
        app.MapPunchoutPages();
        app.MapShop();
        return app;
    }
}
