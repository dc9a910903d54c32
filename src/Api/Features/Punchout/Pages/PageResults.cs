using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;

namespace Portal.Api.Features.Punchout.Pages;

/// <summary>
/// Renders the punchout pages as Razor components (<see cref="RazorComponentResult{TComponent}"/>) with their
/// response headers: no caching, a per-response CSP nonce for the one inline style and script, form posts and
/// framing allowed to the buyer system's origin only. Failures become HTML pages, never problem JSON.
/// </summary>
public static class PageResults
{
    /// <summary>The request as the page-model service needs it, with this response's nonce.</summary>
    public static PageRequest Request(HttpContext context) =>
        new(context.Request.Cookies[PunchoutSessionService.CookieName], Nonce(context));

    /// <summary>Runs a page handler; a <see cref="PunchoutPageException"/> or a missing object becomes an error page.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (PunchoutPageException ex)
        {
            return Error(context, ex.Status, ex.Title, ex.Message);
        }
        catch (Portal.Punchout.Oci.OciEntryException ex)
        {
            return Error(context, ex.Status, ex.Status == StatusCodes.Status401Unauthorized ? "Punchout not authorised" : "Punchout refused", ex.Message);
        }
        catch (NotFoundException ex)
        {
            return Error(context, StatusCodes.Status404NotFound, "Not found", ex.Message);
        }
    }

    /// <summary>A page of <typeparamref name="TPage"/> with <paramref name="model"/> as its Model parameter.</summary>
    public static IResult Page<TPage>(HttpContext context, PageShell shell, object model, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        SecurityHeaders(context, shell.Nonce, shell.ReturnUrl);
        context.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Model"] = model })
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
            PreventStreamingRendering = true,
        };
    }

    private static IResult Error(HttpContext context, int status, string title, string message)
    {
        var shell = new PageShell(title, Nonce(context));
        return Page<ErrorPage>(context, shell, new ErrorPageModel(shell, message, context.Request.Method == HttpMethods.Post), status);
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
        var buyer = returnUrl is not null && Uri.TryCreate(returnUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : null;
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; "
            + $"form-action 'self'{(buyer is null ? string.Empty : " " + buyer)}; frame-ancestors 'self'{(buyer is null ? string.Empty : " " + buyer)}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
