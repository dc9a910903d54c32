using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Features.Sso;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// <c>/approvals/{id}</c>: the same decision page as the mail's link, for a person signed in with the
/// account's identity provider (the browser session of <see cref="SsoSession"/>, docs/sso.md). Without a
/// session the page asks for the e-mail address and sends the browser through <c>/sso/login</c>, back to
/// itself. Only approvals of the session's account are found (another account's: not found), the form is
/// shown only to a user who may decide the current level now, and the POST decides that level as the
/// signed-in user, with the page's antiforgery token and the level it showed.
/// </summary>
public static class ApprovalSessionEndpoints
{
    public static void MapApprovalSessionPages(WebApplication app)
    {
        var group = app.MapGroup("/approvals").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("/{id:guid}", ShowAsync);
        group.MapPost("/{id:guid}", DecideAsync);
    }

    private static async Task<RazorComponentResult<ApprovalDecisionPage>> ShowAsync(
        Guid id, HttpContext context, PortalDbContext db, TenantScope tenant, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (await SsoSession.CurrentAsync(context) is not { } session)
        {
            return SignIn(context, id);
        }
        var (view, _, _) = await ApprovalLinkEndpoints.LoadAsync(id, level: null, session.UserId, expired: false, session.CustomerId, db, tenant, cancellationToken);
        if (view.State == "form")
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            view = view with { FormFieldName = tokens.FormFieldName, FormToken = tokens.RequestToken };
        }
        return ApprovalLinkEndpoints.Page(context, view);
    }

    private static async Task<RazorComponentResult<ApprovalDecisionPage>> DecideAsync(
        Guid id, HttpContext context, PortalDbContext db, TenantScope tenant, IAntiforgery antiforgery, ApprovalWorkflow workflow, CancellationToken cancellationToken)
    {
        if (await SsoSession.CurrentAsync(context) is not { } session)
        {
            return SignIn(context, id);
        }
        if (!context.Request.HasFormContentType || context.Request.ContentLength is > 16_384)
        {
            return ApprovalLinkEndpoints.Page(context, new ApprovalDecisionView("refused", "The decision must be sent from the page's form."));
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return ApprovalLinkEndpoints.Page(context, new ApprovalDecisionView("refused", "The form has expired or did not come from this page. Open the page again and decide there."));
        }
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!int.TryParse(form["level"].ToString(), out var level))
        {
            return ApprovalLinkEndpoints.Page(context, new ApprovalDecisionView("refused", "The decision must be sent from the page's form."));
        }
        // The round the page showed: a page opened before a change order started the approval over decides nothing.
        long? round = long.TryParse(form["round"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : null;
        var (view, approval, order) = await ApprovalLinkEndpoints.LoadAsync(id, level, session.UserId, expired: false, session.CustomerId, db, tenant, cancellationToken, round);
        if (view.State != "form" || approval is null || order is null)
        {
            return ApprovalLinkEndpoints.Page(context, view);
        }
        return await ApprovalLinkEndpoints.ApplyDecisionAsync(context, view, approval, order, session.UserId, "sso", form, workflow, db, cancellationToken);
    }

    private static RazorComponentResult<ApprovalDecisionPage> SignIn(HttpContext context, Guid id) =>
        ApprovalLinkEndpoints.Page(context, new ApprovalDecisionView("signin", "Sign in with your company account to see this approval.")
        {
            ReturnUrl = $"/approvals/{id}",
        });
}
