using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Api.Features.Catalog;
using Portal.Api.Features.Pricing;
using Portal.Api.Infrastructure;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Infrastructure.RateLimiting;
using System.Threading.RateLimiting;
using Portal.Punchout.Cxml;
using static Portal.Api.Features.Punchout.PunchoutHtml;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The punchout surface outside /api: <c>POST /punchout/cxml</c> for procurement systems and the catalog
/// pages under <c>/punchout/session/</c> for the buyer's browser. Neither is in the OpenAPI document:
/// cXML is described by its DTD and docs/punchout.md; the pages are for people.
/// </summary>
public static class PunchoutEndpoints
{
    /// <summary>The largest cXML document accepted, in bytes (the reader also caps characters).</summary>
    public const long MaxDocumentBytes = 10 * 1024 * 1024;

    /// <summary>Buyer systems wait 60 seconds at most (Coupa); past this budget the answer is a transient 560 and the buyer re-sends.</summary>
    public static readonly TimeSpan CxmlTimeBudget = TimeSpan.FromSeconds(45);

    public static IServiceCollection AddPunchout(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<PunchoutSettingsService>();
        services.AddScoped<CxmlAuthenticator>();
        services.AddScoped<PunchoutBuyers>();
        services.AddScoped<PunchoutSetupService>();
        services.AddScoped<CxmlOrderIntake>();
        services.AddScoped<PunchoutSessionService>();
        return services;
    }

    public static IEndpointRouteBuilder MapPunchout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/punchout/cxml", HandleCxmlAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();

        var pages = app.MapGroup("/punchout/session").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        pages.MapGet("/catalog", CatalogAsync);
        pages.MapGet("/products/{sku}", ProductAsync);
        pages.MapGet("/cart", CartAsync);
        pages.MapPost("/cart/lines", AddLineAsync);
        pages.MapPost("/cart/lines/{lineId:guid}", UpdateLineAsync);
        pages.MapPost("/transfer", TransferAsync);
        pages.MapPost("/cancel", CancelAsync);
        pages.MapGet("/{token}", StartAsync);
        return app;
    }

    // ---------------------------------------------------------------------------------------- cXML

    private static async Task HandleCxmlAsync(HttpContext context, IServiceProvider services, IOptions<PortalOptions> options, ILoggerFactory loggers, CxmlRateLimiter limiter)
    {
        var logger = loggers.CreateLogger("Portal.Punchout.Cxml");
        var endpointUrl = PublicUrls.Base(options.Value, context) + "/punchout/cxml";
        var host = new Uri(endpointUrl).Host;
        using var lease = await limiter.Limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            // cXML has no "too many requests": a transient 560 tells the buyer system to send again later.
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.Body.WriteAsync(CxmlWriter.WriteToUtf8Bytes(CxmlResponses.Status(
                new CxmlStatus(560, CxmlStatusException.TextFor(560), $"Too many requests from this address; send again in {retry} seconds."), host)), CancellationToken.None);
            return;
        }
        string? payloadId = null;
        CxmlDocument answer;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        budget.CancelAfter(CxmlTimeBudget);
        try
        {
            var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (mediaType is not ("text/xml" or "application/xml"))
            {
                throw new CxmlStatusException(400, "Send the cXML document as text/xml or application/xml.");
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxDocumentBytes;
            }
            if (context.Request.ContentLength > MaxDocumentBytes)
            {
                throw new CxmlStatusException(406, $"The document is larger than {MaxDocumentBytes / 1024 / 1024} MB.");
            }
            CxmlDocument document;
            try
            {
                document = await CxmlReader.ReadAsync(context.Request.Body, budget.Token);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw new CxmlStatusException(406, $"The document is larger than {MaxDocumentBytes / 1024 / 1024} MB.");
            }
            payloadId = document.PayloadId;
            answer = await DispatchAsync(document, services, endpointUrl, host, budget.Token);
            logger.LogInformation("cXML {Request} {PayloadId} answered {Code}", document.Request?.GetType().Name ?? "document", payloadId, answer.Response?.Status.Code);
        }
        catch (CxmlFormatException ex)
        {
            logger.LogInformation("cXML refused ({Code}): {Reason}", ex.StatusCode, ex.Message);
            answer = CxmlResponses.Status(new CxmlStatus(ex.StatusCode, CxmlStatusException.TextFor(ex.StatusCode), ex.Message), host);
        }
        catch (CxmlStatusException ex)
        {
            logger.LogInformation("cXML {PayloadId} refused ({Code}): {Reason}", payloadId, ex.Code, ex.Message);
            answer = CxmlResponses.Status(new CxmlStatus(ex.Code, CxmlStatusException.TextFor(ex.Code), ex.Message), host);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("cXML {PayloadId} took longer than {Budget}; answered 560", payloadId, CxmlTimeBudget);
            answer = CxmlResponses.Status(new CxmlStatus(560, CxmlStatusException.TextFor(560), "The request took too long and nothing was changed; send it again."), host);
        }
        catch (Exception ex) when (Infrastructure.Data.TransientDbErrors.IsTransient(ex) && !context.RequestAborted.IsCancellationRequested)
        {
            // The database dropped out and the retries did not help: nothing was changed (the order and its
            // receipt commit together), so the buyer's re-send is safe.
            logger.LogWarning(ex, "cXML {PayloadId}: the database was unavailable; answered 560", payloadId);
            context.Response.Headers.RetryAfter = "1";
            answer = CxmlResponses.Status(new CxmlStatus(560, CxmlStatusException.TextFor(560), "The service is briefly unavailable and nothing was changed; send the document again."), host);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Logged with the payload id, never the document (it carries the shared secret).
            logger.LogError(ex, "cXML {PayloadId} failed", payloadId);
            answer = CxmlResponses.Status(new CxmlStatus(500, CxmlStatusException.TextFor(500),
                $"Portal could not process the request; send it again later. Request id: {context.TraceIdentifier}"), host);
        }

        var code = answer.Response?.Status.Code ?? 200;
        context.Response.StatusCode = code switch
        {
            >= 200 and < 300 => StatusCodes.Status200OK,
            400 or 401 or 403 or 406 or 409 or 412 or 500 => code,
            450 => StatusCodes.Status501NotImplemented,
            560 => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(CxmlWriter.WriteToUtf8Bytes(answer), CancellationToken.None);
    }

    private static async Task<CxmlDocument> DispatchAsync(CxmlDocument document, IServiceProvider services, string endpointUrl, string host, CancellationToken cancellationToken)
    {
        if (document.Request is null)
        {
            throw new CxmlStatusException(400, "Portal takes cXML requests here (ProfileRequest, PunchOutSetupRequest, OrderRequest); this document has no Request.");
        }
        var auth = await services.GetRequiredService<CxmlAuthenticator>().AuthenticateAsync(document.Header, cancellationToken);
        switch (document.Request)
        {
            case ProfileRequest:
                return CxmlResponses.WithBody(new ProfileResponse(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
                    [new("ProfileRequest", endpointUrl), new("PunchOutSetupRequest", endpointUrl), new("OrderRequest", endpointUrl)]), host);
            case PunchOutSetupRequest:
                var setup = await services.GetRequiredService<PunchoutSetupService>().SetupAsync(document, auth, cancellationToken);
                return CxmlResponses.WithBody(setup, host);
            case OrderRequest:
                var status = await services.GetRequiredService<CxmlOrderIntake>().ReceiveAsync(document, auth, cancellationToken);
                return CxmlResponses.Status(status, host);
            case UnsupportedRequest unsupported:
                throw new CxmlStatusException(450, $"{unsupported.ElementName} is not implemented by Portal.");
            default:
                throw new CxmlStatusException(450, "This request is not implemented by Portal.");
        }
    }

    // ---------------------------------------------------------------------------------------- pages

    private static async Task StartAsync(string token, HttpContext context, PunchoutSessionService sessions)
    {
        await RenderAsync(context, async () =>
        {
            var browserToken = await sessions.StartAsync(token, context.RequestAborted);
            var https = context.Request.IsHttps;
            context.Response.Cookies.Append(PunchoutSessionService.CookieName, browserToken, new CookieOptions
            {
                HttpOnly = true,
                Secure = https,
                // Buyer systems may show the catalog in a frame of their own site: that needs SameSite=None (and https).
                SameSite = https ? SameSiteMode.None : SameSiteMode.Lax,
                Path = "/punchout/session",
                IsEssential = true,
            });
            context.Response.Redirect("/punchout/session/catalog");
            return null;
        });
    }

    private static Task CatalogAsync(HttpContext context, PunchoutSessionService sessions, CatalogService catalog, PriceCalculationService pricing, PortalDbContext db,
        string? q, string? category, string? cursor) =>
        RenderAsync(context, async () =>
        {
            var session = await sessions.CurrentAsync(tracking: false, context.RequestAborted);
            var categories = await catalog.ListCategoriesAsync(context.RequestAborted);
            Infrastructure.Paging.Page<ProductDto> page;
            try
            {
                page = await catalog.ListAsync(q, category, 24, cursor, context.RequestAborted);
            }
            catch (RequestValidationException)
            {
                page = await catalog.ListAsync(q, category, 24, null, context.RequestAborted);
            }
            var priced = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, page.Items.Select(p => (p.Sku, 1m)).ToList(), context.RequestAborted);
            var body = new StringBuilder();
            body.Append("<h1>").Append(string.IsNullOrWhiteSpace(q) ? "Catalog" : "Results for “" + E(q) + "”").Append("</h1>");
            if (session.DroppedLines > 0)
            {
                body.Append("<p class=\"notice\">").Append(session.DroppedLines).Append(" line(s) of your cart are no longer available and were left out.</p>");
            }
            body.Append("<nav class=\"categories\" aria-label=\"Categories\"><ul><li><a href=\"/punchout/session/catalog\"")
                .Append(string.IsNullOrEmpty(category) ? " aria-current=\"page\"" : string.Empty).Append(">All</a></li>");
            foreach (var c in categories)
            {
                body.Append("<li><a href=\"/punchout/session/catalog?category=").Append(Uri.EscapeDataString(c.Category)).Append('"')
                    .Append(string.Equals(c.Category, category, StringComparison.OrdinalIgnoreCase) ? " aria-current=\"page\"" : string.Empty)
                    .Append('>').Append(E(c.Category)).Append(" (").Append(c.ProductCount).Append(")</a></li>");
            }
            body.Append("</ul></nav>");
            if (page.Items.Count == 0)
            {
                body.Append("<p>No products match. Try fewer or other words.</p>");
            }
            body.Append("<ul class=\"grid\" aria-label=\"Products\">");
            for (var i = 0; i < page.Items.Count; i++)
            {
                var p = page.Items[i];
                body.Append("<li class=\"card\"><h2><a href=\"/punchout/session/products/").Append(Uri.EscapeDataString(p.Sku)).Append("\">").Append(E(p.Name)).Append("</a></h2>");
                body.Append("<div class=\"sku\">").Append(E(p.Sku)).Append(" · ").Append(E(p.Manufacturer)).Append(" · per ").Append(E(p.Unit)).Append("</div>");
                body.Append(PriceBlock(priced.Lines[i].Price, priced.Lines[i].Error, priced.Currency));
                body.Append("<div class=\"sku\">").Append(p.StockQuantity > 0 ? "In stock" : $"Ships in {p.LeadTimeDays} days").Append("</div>");
                if (priced.Lines[i].Price is not null)
                {
                    body.Append(AddForm(session, p.Sku, p.Name));
                }
                body.Append("</li>");
            }
            body.Append("</ul>");
            if (page.NextCursor is not null)
            {
                body.Append("<p><a rel=\"next\" href=\"/punchout/session/catalog?").Append(Query(("q", q), ("category", category), ("cursor", page.NextCursor))).Append("\">More products</a></p>");
            }
            return await PageAsync(context, db, session, "Catalog", body.ToString(), q);
        });

    private static Task ProductAsync(string sku, HttpContext context, PunchoutSessionService sessions, CatalogService catalog, PriceCalculationService pricing, PortalDbContext db) =>
        RenderAsync(context, async () =>
        {
            var session = await sessions.CurrentAsync(tracking: false, context.RequestAborted);
            var (p, _) = await catalog.GetAsync(sku, context.RequestAborted);
            var priced = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, [(p.Sku, 1m)], context.RequestAborted);
            var body = new StringBuilder();
            body.Append("<p><a href=\"/punchout/session/catalog?category=").Append(Uri.EscapeDataString(p.Category)).Append("\">← ").Append(E(p.Category)).Append("</a></p>");
            body.Append("<h1>").Append(E(p.Name)).Append("</h1>");
            body.Append(PriceBlock(priced.Lines[0].Price, priced.Lines[0].Error, priced.Currency));
            if (priced.Lines[0].Price is { } price)
            {
                body.Append("<p class=\"sku\">Price source: ").Append(E(price.Source)).Append(price.ContractNo is null ? string.Empty : " · contract " + E(price.ContractNo)).Append("</p>");
                body.Append(AddForm(session, p.Sku, p.Name));
            }
            body.Append("<table><caption class=\"skip\">Product details</caption><tbody>");
            void Row(string label, string? value) { if (!string.IsNullOrEmpty(value)) body.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>"); }
            Row("Article number", p.Sku);
            Row("Description", p.Description);
            Row("Manufacturer", p.Manufacturer);
            Row("Manufacturer part number", p.ManufacturerPartNumber);
            Row("GTIN", p.Gtin);
            Row("Unit", p.Unit);
            Row("UNSPSC", p.Unspsc);
            Row("Availability", p.StockQuantity > 0 ? $"{Qty(p.StockQuantity)} in stock" : $"Ships in {p.LeadTimeDays} days");
            body.Append("</tbody></table>");
            return await PageAsync(context, db, session, p.Name, body.ToString());
        });

    private static Task CartAsync(HttpContext context, PunchoutSessionService sessions, PortalDbContext db, string? added) =>
        RenderAsync(context, async () =>
        {
            var session = await sessions.CurrentAsync(tracking: false, context.RequestAborted);
            var cart = await sessions.PriceAsync(session, context.RequestAborted);
            var readOnly = session.Operation == "inspect";
            var body = new StringBuilder("<h1>Your cart</h1>");
            if (cart.Lines.Count == 0)
            {
                body.Append("<p>The cart is empty. <a href=\"/punchout/session/catalog\">Find products</a>.</p>");
            }
            else
            {
                body.Append("<table><thead><tr><th scope=\"col\">Product</th><th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Unit price</th><th scope=\"col\" class=\"num hide\">List price</th><th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>");
                foreach (var line in cart.Lines)
                {
                    body.Append("<tr><td><a href=\"/punchout/session/products/").Append(Uri.EscapeDataString(line.Product.Sku)).Append("\">").Append(E(line.Product.Name)).Append("</a><div class=\"sku\">").Append(E(line.Product.Sku)).Append("</div>");
                    if (line.Error is not null)
                    {
                        body.Append("<div class=\"notice error\">").Append(E(line.Error.Message)).Append("</div>");
                    }
                    body.Append("</td><td class=\"num\">");
                    if (readOnly)
                    {
                        body.Append(Qty(line.Line.Quantity)).Append(' ').Append(E(line.Product.Unit));
                    }
                    else
                    {
                        var id = "q-" + line.Line.Id.ToString("N");
                        body.Append("<form method=\"post\" action=\"/punchout/session/cart/lines/").Append(line.Line.Id).Append("\">").Append(FormToken(session))
                            .Append("<label class=\"skip\" for=\"").Append(id).Append("\">Quantity of ").Append(E(line.Product.Name)).Append("</label>")
                            .Append("<input id=\"").Append(id).Append("\" name=\"quantity\" inputmode=\"decimal\" size=\"6\" value=\"").Append(Qty(line.Line.Quantity)).Append("\"> ")
                            .Append("<button class=\"secondary\" type=\"submit\">Update</button> ")
                            .Append("<button class=\"secondary\" type=\"submit\" name=\"quantity\" value=\"0\">Remove</button></form>");
                    }
                    body.Append("</td><td class=\"num\">").Append(line.Price is null ? "–" : E(Money(line.Price.UnitPrice, cart.Currency))).Append("</td>");
                    body.Append("<td class=\"num hide\">").Append(line.Price is null ? "–" : E(Money(line.Price.ListPrice, cart.Currency))).Append("</td>");
                    body.Append("<td class=\"num\">").Append(line.Price is null ? "–" : E(Money(line.Price.LineTotal, cart.Currency))).Append("</td></tr>");
                }
                body.Append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\" class=\"num\">Total</th><td class=\"num\" id=\"cart-total\"><strong>").Append(E(Money(cart.Total, cart.Currency))).Append("</strong></td></tr>");
                if (cart.Saving > 0)
                {
                    body.Append("<tr><th scope=\"row\" colspan=\"4\" class=\"num\">You save against list prices</th><td class=\"num saving\">").Append(E(Money(cart.Saving, cart.Currency))).Append("</td></tr>");
                }
                body.Append("</tfoot></table>");
            }
            body.Append("<div class=\"actions\"><form method=\"post\" action=\"/punchout/session/transfer\">").Append(FormToken(session))
                .Append("<button type=\"submit\">").Append(readOnly ? "Return to your procurement system" : "Transfer cart to your procurement system").Append("</button></form>");
            if (session.Operation == "create")
            {
                body.Append("<form method=\"post\" action=\"/punchout/session/cancel\">").Append(FormToken(session))
                    .Append("<button class=\"secondary\" type=\"submit\">Cancel and return without items</button></form>");
            }
            body.Append("</div>");
            var notice = string.IsNullOrEmpty(added) ? null : $"Added to your cart: {added}";
            return await PageAsync(context, db, session, "Cart", body.ToString(), notice: notice);
        });

    private static Task AddLineAsync(HttpContext context, PunchoutSessionService sessions) =>
        RenderAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            var name = await sessions.AddLineAsync(session, form["sku"], form["quantity"], context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/punchout/session/cart?added=" + Uri.EscapeDataString(name);
            return null;
        });

    private static Task UpdateLineAsync(Guid lineId, HttpContext context, PunchoutSessionService sessions) =>
        RenderAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            // "Remove" sends quantity=0 as the button's value after the field's: the last value wins.
            await sessions.UpdateLineAsync(session, lineId, form["quantity"].LastOrDefault(), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/punchout/session/cart";
            return null;
        });

    private static Task TransferAsync(HttpContext context, PunchoutSessionService sessions) => SendBackAsync(context, sessions, cancel: false);

    private static Task CancelAsync(HttpContext context, PunchoutSessionService sessions) => SendBackAsync(context, sessions, cancel: true);

    private static Task SendBackAsync(HttpContext context, PunchoutSessionService sessions, bool cancel) =>
        RenderAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            var message = await sessions.TransferAsync(session, cancel, context.RequestAborted);
            var xml = CxmlWriter.WriteToUtf8Bytes(message);
            var (field, value) = session.FormEncoding == PunchoutFormEncodings.UrlEncoded
                ? ("cXML-urlencoded", AsciiXml(Encoding.UTF8.GetString(xml)))
                : ("cXML-base64", Convert.ToBase64String(xml));
            var nonce = Nonce(context);
            var body = new StringBuilder();
            body.Append("<h1>").Append(cancel ? "Returning without items" : "Returning your cart").Append("</h1>");
            body.Append("<form id=\"poom\" method=\"post\" action=\"").Append(E(session.ReturnUrl)).Append("\" accept-charset=\"UTF-8\" enctype=\"application/x-www-form-urlencoded\">");
            body.Append("<input type=\"hidden\" name=\"").Append(field).Append("\" value=\"").Append(E(value)).Append("\">");
            body.Append("<p>Sending ").Append(message.Message!.Items.Count).Append(" line(s) to your procurement system…</p>");
            body.Append("<noscript><button type=\"submit\">Continue to your procurement system</button></noscript></form>");
            body.Append("<script nonce=\"").Append(nonce).Append("\">document.getElementById('poom').submit();</script>");
            SecurityHeaders(context, nonce, session.ReturnUrl);
            return Page(cancel ? "Cancelled" : "Transfer", new PageFrame(null, null, null), body.ToString(), nonce);
        });

    /// <summary>cXML-urlencoded carries US-ASCII: other characters become numeric character references (markup is ASCII).</summary>
    private static string AsciiXml(string xml)
    {
        var ascii = new StringBuilder(xml.Length + 64);
        foreach (var rune in xml.EnumerateRunes())
        {
            if (rune.Value < 128)
            {
                ascii.Append((char)rune.Value);
            }
            else
            {
                ascii.Append("&#").Append(rune.Value).Append(';');
            }
        }
        return ascii.ToString();
    }

    // ---------------------------------------------------------------------------------------- rendering

    private static async Task<string> PageAsync(HttpContext context, PortalDbContext db, PunchoutSession session, string title, string body, string? query = null, string? notice = null)
    {
        var account = await db.Customers.AsNoTracking().Where(c => c.Id == session.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(context.RequestAborted);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => u.Name).FirstOrDefaultAsync(context.RequestAborted);
        var nonce = Nonce(context);
        SecurityHeaders(context, nonce, session.ReturnUrl);
        return Page(title, new PageFrame(session, account, user, query, notice), body, nonce);
    }

    /// <summary>Runs a page; a null result means the handler answered (a redirect). Failures become HTML pages, never problem JSON.</summary>
    private static async Task RenderAsync(HttpContext context, Func<Task<string?>> handler)
    {
        string? html;
        try
        {
            html = await handler();
        }
        catch (PunchoutPageException ex)
        {
            context.Response.StatusCode = ex.Status;
            html = ErrorPage(context, ex.Title, ex.Message);
        }
        catch (NotFoundException ex)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            html = ErrorPage(context, "Not found", ex.Message);
        }
        if (html is null)
        {
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static string ErrorPage(HttpContext context, string title, string message)
    {
        var nonce = Nonce(context);
        SecurityHeaders(context, nonce, null);
        var back = context.Request.Method == HttpMethods.Post ? "<p><a href=\"/punchout/session/cart\">Back to the cart</a></p>" : string.Empty;
        return Page(title, new PageFrame(null, null, null), $"<h1>{E(title)}</h1><p class=\"notice error\" role=\"alert\">{E(message)}</p>{back}", nonce);
    }

    private static string Nonce(HttpContext context)
    {
        if (context.Items["csp-nonce"] is string existing)
        {
            return existing;
        }
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items["csp-nonce"] = nonce;
        return nonce;
    }

    private static void SecurityHeaders(HttpContext context, string nonce, string? returnUrl)
    {
        var buyer = returnUrl is not null && Uri.TryCreate(returnUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; "
            + $"form-action 'self'{(buyer is null ? string.Empty : " " + buyer)}; frame-ancestors 'self'{(buyer is null ? string.Empty : " " + buyer)}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&amp;", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
