using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Portal.Api.Features.Punchout.Pages;
using Portal.Api.Infrastructure.RateLimiting;
using Portal.Punchout.Oci;
using Portal.Punchout.Sessions;
using static Portal.Api.Features.Punchout.Pages.PageResults;

namespace Portal.Api.Features.Punchout.Oci;

/// <summary>
/// <c>GET|POST /punchout/oci</c>: SAP OCI 4.0/5.0 catalog calls from the buyer's browser. A plain call, DETAIL and
/// SOURCING open a session on the same pages as cXML (the browser is redirected to its StartPage); VALIDATE answers
/// the transfer page of one item at once; BACKGROUND_SEARCH answers the matches as OCI fields without submitting
/// them; QUANTITYCHECK answers JSON. Failures are HTML pages (the caller is a browser), never problem JSON.
/// </summary>
public static class OciEndpoints
{
    /// <summary>The largest OCI call accepted, in bytes.</summary>
    public const long MaxRequestBytes = 64 * 1024;

    /// <summary>The most matches a BACKGROUND_SEARCH answers.</summary>
    public const int MaxSearchResults = 50;

    public static IEndpointRouteBuilder MapOci(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/punchout/oci", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, OciSessionOpener opener, IPunchoutCatalog catalog, PunchoutSessionService sessions,
        IOptions<PortalOptions> options, CxmlRateLimiter limiter)
    {
        using var lease = await limiter.Limiter.AcquireAsync(context, 1, context.RequestAborted);
        return await RunAsync(context, async () =>
        {
            if (!lease.IsAcquired)
            {
                throw new OciEntryException(StatusCodes.Status429TooManyRequests, "Too many punchout calls from this address; try again in a minute.");
            }
            var entry = OciEntry.Read(await FieldsAsync(context));
            var account = await opener.AuthenticateAsync(entry, context.RequestAborted);
            var baseUrl = PublicUrls.Base(options.Value, context);
            switch (entry.Function)
            {
                case null or "":
                    return Results.Redirect(await opener.OpenSessionAsync(account, entry, new OciStart(), baseUrl, context.RequestAborted));
                case OciFunctions.Detail:
                    return Results.Redirect(await opener.OpenSessionAsync(account, entry, new OciStart(ProductId: Required(entry.ProductId, "PRODUCTID")), baseUrl, context.RequestAborted));
                case OciFunctions.Sourcing:
                    return Results.Redirect(await opener.OpenSessionAsync(account, entry, new OciStart(Query: entry.SearchString), baseUrl, context.RequestAborted));
                case OciFunctions.Validate:
                    return await ValidateAsync(context, opener, catalog, sessions, account, entry, new Uri(baseUrl).Host);
                case OciFunctions.BackgroundSearch:
                    return await BackgroundSearchAsync(context, catalog, account, entry);
                case OciFunctions.QuantityCheck:
                    return await QuantityCheckAsync(context, catalog, account, entry);
                default:
                    throw new OciEntryException(StatusCodes.Status400BadRequest,
                        $"FUNCTION {entry.Function} is not supported; Portal serves {string.Join(", ", OciFunctions.All)}.");
            }
        });
    }

    private static async Task<IResult> ValidateAsync(HttpContext context, OciSessionOpener opener, IPunchoutCatalog catalog, PunchoutSessionService sessions,
        OciAccount account, OciEntry entry, string host)
    {
        var sku = Required(entry.ProductId, "PRODUCTID");
        var quantity = entry.Quantity();
        if (Pricing.Quantities.Check(quantity) is { } problem)
        {
            throw new OciEntryException(StatusCodes.Status400BadRequest, $"QUANTITY: {problem}");
        }
        var offer = await catalog.FindAsync(account.CustomerId, sku, quantity, context.RequestAborted)
            ?? throw new OciEntryException(StatusCodes.Status404NotFound, $"No product has the article number '{sku}'.");
        if (!offer.Priced)
        {
            throw new OciEntryException(StatusCodes.Status422UnprocessableEntity, $"{offer.Line.Description}: {offer.Error}");
        }
        var session = await opener.OpenWithLineAsync(account, entry, offer.Line.Sku, quantity, context.RequestAborted);
        var form = await sessions.TransferAsync(session, cancel: false, host, context.RequestAborted);
        var request = Request(context);
        return Page<TransferPage>(context, new PageShell("Transfer", request.Nonce, ReturnUrl: session.ReturnUrl),
            new TransferPageModel(new PageShell("Transfer", request.Nonce, ReturnUrl: session.ReturnUrl), "Returning the item", form));
    }

    private static async Task<IResult> BackgroundSearchAsync(HttpContext context, IPunchoutCatalog catalog, OciAccount account, OciEntry entry)
    {
        var query = Required(entry.SearchString, "SEARCHSTRING");
        var offers = await catalog.SearchAsync(account.CustomerId, query, MaxSearchResults, context.RequestAborted);
        var currency = await catalog.CurrencyAsync(account.CustomerId, context.RequestAborted);
        var session = new TransferSession(PunchoutProtocols.Oci, entry.HookUrl!.Trim(), "create", "oci", "oci", "oci", entry.Username ?? "oci", null, null,
            entry.Target, account.Charset, account.VendorNumber);
        var cart = new TransferCart(session, currency, offers.Where(o => o.Priced).Select(o => o.Line).ToList(), Cancelled: false, context.Request.Host.Host);
        var form = OciCartTransfer.Build(cart, autoSubmit: false);
        var shell = new PageShell("Search results", Request(context).Nonce, ReturnUrl: session.ReturnUrl);
        return Page<TransferPage>(context, shell, new TransferPageModel(shell, $"{form.LineCount} product(s) match “{query}”", form));
    }

    private static async Task<IResult> QuantityCheckAsync(HttpContext context, IPunchoutCatalog catalog, OciAccount account, OciEntry entry)
    {
        var sku = Required(entry.ProductId, "PRODUCTID");
        var quantity = entry.Quantity();
        var offer = await catalog.FindAsync(account.CustomerId, sku, quantity, context.RequestAborted)
            ?? throw new OciEntryException(StatusCodes.Status404NotFound, $"No product has the article number '{sku}'.");
        var inStock = offer.StockQuantity >= quantity;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new QuantityCheckAnswer(
            OciFields.Number(inStock ? quantity : Math.Max(0, Math.Floor(offer.StockQuantity))),
            (inStock ? 0 : offer.Line.LeadTimeDays ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The call's fields: the query string, and for POST the form (form fields first).</summary>
    private static async Task<List<KeyValuePair<string, string?>>> FieldsAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }
        var fields = new List<KeyValuePair<string, string?>>();
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(new FormOptions { ValueCountLimit = OciEntry.MaxFields, ValueLengthLimit = OciEntry.MaxFieldLength, KeyLengthLimit = 200 },
                    context.RequestAborted);
                fields.AddRange(form.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value.FirstOrDefault())));
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                throw new OciEntryException(StatusCodes.Status400BadRequest, "The OCI call is too large or not a form.");
            }
        }
        fields.AddRange(context.Request.Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.FirstOrDefault())));
        return fields;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new OciEntryException(StatusCodes.Status400BadRequest, $"{field} is required for this FUNCTION.") : value.Trim();

    /// <summary>OCI 5.0 QUANTITYCHECK's answer.</summary>
    private sealed record QuantityCheckAnswer(
        [property: JsonPropertyName("AVAILABLE_QUANTITY")] string AvailableQuantity,
        [property: JsonPropertyName("LEADTIME")] string LeadTime);
}
