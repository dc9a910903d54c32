using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// <c>/approvals/decide/{token}</c>: the page an approval mail links to. GET only shows (mail scanners that
/// follow links decide nothing); a POST carrying the page's antiforgery form token decides, as the approver
/// the token is bound to. A decided level, an expired or a foreign token shows why there is no form.
/// </summary>
public static class ApprovalLinkEndpoints
{
    public static void MapApprovalLinks(WebApplication app)
    {
        var group = app.MapGroup("/approvals/decide").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("/{token}", ShowAsync);
        group.MapPost("/{token}", DecideAsync);
    }

    private static async Task<RazorComponentResult<ApprovalDecisionPage>> ShowAsync(
        string token, HttpContext context, ApprovalLinks links, PortalDbContext db, TenantScope tenant, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (view, _, _) = await LoadAsync(token, links, db, tenant, cancellationToken);
        if (view.State == "form")
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            view = view with { FormFieldName = tokens.FormFieldName, FormToken = tokens.RequestToken };
        }
        return Page(context, view);
    }

    private static async Task<RazorComponentResult<ApprovalDecisionPage>> DecideAsync(
        string token, HttpContext context, ApprovalLinks links, PortalDbContext db, TenantScope tenant, IAntiforgery antiforgery,
        ApprovalWorkflow workflow, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength is > 16_384)
        {
            return Page(context, new ApprovalDecisionView("refused", "The decision must be sent from the page's form."));
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Page(context, new ApprovalDecisionView("refused", "The form has expired or did not come from this page. Open the link again and decide there."));
        }
        var (view, approval, order) = await LoadAsync(token, links, db, tenant, cancellationToken);
        if (view.State != "form" || approval is null || order is null)
        {
            return Page(context, view);
        }
        var form = await context.Request.ReadFormAsync(cancellationToken);
        return await ApplyDecisionAsync(context, view, approval, order, links.Read(token)!.UserId, "link", form, workflow, db, cancellationToken);
    }

    /// <summary>Applies the form's decision for <paramref name="userId"/> and shows the outcome.</summary>
    internal static async Task<RazorComponentResult<ApprovalDecisionPage>> ApplyDecisionAsync(
        HttpContext context, ApprovalDecisionView view, Approval approval, Order order, Guid userId, string via, IFormCollection form,
        ApprovalWorkflow workflow, PortalDbContext db, CancellationToken cancellationToken)
    {
        var decision = form["decision"].ToString() switch { "approve" => ApprovalWorkflow.Approve, "reject" => ApprovalWorkflow.Reject, _ => null };
        if (decision is null)
        {
            return Page(context, view with { State = "refused", Message = "Choose Approve or Reject." });
        }
        var reason = form["reason"].ToString();
        try
        {
            await workflow.DecideAsync(approval, order, userId, decision, string.IsNullOrWhiteSpace(reason) ? null : reason, via, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (RequestValidationException)
        {
            return Page(context, view with { State = "refused", Message = "A rejection needs a reason. Open the page again, enter the reason and reject." });
        }
        catch (Exception ex) when (ex is ProblemException or DbUpdateConcurrencyException)
        {
            return Page(context, view with { State = "used", Message = "The approval was decided at the same moment by someone else; nothing was changed by you." });
        }
        return Page(context, view with
        {
            State = decision, Message = decision == ApprovalWorkflow.Approve
                ? $"You approved level {view.Level} of order {order.Number}. Thank you."
                : $"You rejected order {order.Number}.",
        });
    }

    private static async Task<(ApprovalDecisionView View, Approval? Approval, Order? Order)> LoadAsync(
        string token, ApprovalLinks links, PortalDbContext db, TenantScope tenant, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } link)
        {
            return (new ApprovalDecisionView("invalid", "This link is not valid. Use the link from the mail as it is, or decide in your procurement system."), null, null);
        }
        return await LoadAsync(link.ApprovalId, link.Level, link.UserId, links.Expired(link), customerId: null, db, tenant, cancellationToken, link.Round);
    }

    /// <summary>
    /// The decision page for <paramref name="userId"/> on <paramref name="level"/> (null: the current level) of an
    /// approval: the form when that user may decide it now, or why not. With <paramref name="customerId"/> (a
    /// signed-in session) only that account's approvals are found; a link's token names the approval itself.
    /// </summary>
    internal static async Task<(ApprovalDecisionView View, Approval? Approval, Order? Order)> LoadAsync(
        Guid approvalId, int? level, Guid userId, bool expired, Guid? customerId, PortalDbContext db, TenantScope tenant, CancellationToken cancellationToken,
        long? round = null)
    {
        if (customerId is { } account)
        {
            tenant.ForCustomer(account);
        }
        var approvals = customerId is null ? db.Set<Approval>().IgnoreQueryFilters() : db.Set<Approval>();
        var approval = await approvals.FirstOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (approval is null)
        {
            return (new ApprovalDecisionView("invalid", "The approval no longer exists."), null, null);
        }
        // From here on, the approval's account only.
        tenant.ForCustomer(approval.CustomerId);
        var order = await db.Orders.Include(o => o.Lines).FirstAsync(o => o.Id == approval.OrderId, cancellationToken);
        var wanted = level ?? approval.Current?.Level;
        var decided = approval.Levels.FirstOrDefault(l => l.Level == wanted);
        if (round is { } linked && linked != ApprovalLinkToken.RoundOf(approval))
        {
            // The approval started over (a change order): this link (or page) was for the order as it was then.
            return (new ApprovalDecisionView("used", customerId is null
                ? $"This link has been used. Order {order.Number} changed since this mail was sent; decide with the newest mail."
                : $"Order {order.Number} changed since this page was opened. Open it again to decide.", order.Number), null, null);
        }
        if (decided?.Decision is not null || approval.Status != ApprovalStatuses.Pending || order.Status != OrderStatuses.PendingApproval || approval.Current?.Level != wanted)
        {
            var what = decided?.DecidedBy == userId
                ? $"You already {decided.Decision} this level{(decided.DecidedAt is { } at ? $" at {at:yyyy-MM-dd HH:mm} UTC" : string.Empty)}."
                : $"This level is no longer open (order {order.Number} is {order.Status}).";
            return (new ApprovalDecisionView("used", $"{(customerId is null ? "This link has been used. " : string.Empty)}{what}", order.Number), null, null);
        }
        if (expired)
        {
            return (new ApprovalDecisionView("expired", "This link has expired. Decide in your procurement system, or ask for a new mail.", order.Number), null, null);
        }
        var deciders = await new ApprovalDeciders(db, TimeProvider.System).ForCurrentLevelAsync(approval, cancellationToken);
        if (!deciders.TryGetValue(userId, out var onBehalfOf))
        {
            return (new ApprovalDecisionView("forbidden", "You may no longer decide this approval.", order.Number), null, null);
        }
        var absentName = onBehalfOf is { } absent ? await db.Users.Where(u => u.Id == absent).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var view = new ApprovalDecisionView(
            "form", string.Empty, order.Number, order.CustomerReference, order.Total, order.Currency, wanted!.Value, approval.Levels.Count,
            order.Lines.OrderBy(l => l.Position).Take(200).Select(l => new ApprovalDecisionLine(l.Sku, l.Description, l.Quantity, l.Unit, l.LineTotal)).ToList(),
            absentName) { Round = ApprovalLinkToken.RoundOf(approval) };
        return (view, approval, order);
    }

    internal static RazorComponentResult<ApprovalDecisionPage> Page(HttpContext context, ApprovalDecisionView view)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        return new RazorComponentResult<ApprovalDecisionPage>(new { View = view })
        {
            StatusCode = view.State switch { "invalid" => 404, "expired" or "used" => 410, "forbidden" => 403, "refused" => 400, "signin" => 401, _ => 200 },
        };
    }
}
