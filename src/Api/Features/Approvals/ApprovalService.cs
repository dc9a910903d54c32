using System.Xml;
using Portal.Api.Features.Budgets;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// Approvals for the API: what the caller may decide (<c>status=pending</c>), approvals of the orders the
/// caller can see, and decisions. An approval the caller can neither see nor decide is "not found".
/// </summary>
public sealed class ApprovalService(
    PortalDbContext db, CallerContext callers, TenantScope tenant, OrderService orders, ApprovalDeciders deciders, ApprovalWorkflow workflow, BudgetLedger ledger)
{
    /// <summary>Pending approvals examined per request (oldest first) when listing what the caller may decide.</summary>
    public const int PendingScan = 500;

    public async Task<Page<ApprovalDto>> ListAsync(string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var take = Cursor.Limit(limit);
        status = string.IsNullOrWhiteSpace(status) ? ApprovalStatuses.Pending : status.Trim();
        if (status is not (ApprovalStatuses.Pending or ApprovalStatuses.Approved or ApprovalStatuses.Rejected or "all"))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["status"] = ["The status is pending (what you may decide), approved, rejected or all."] });
        }
        var query = db.Set<Approval>().AsNoTracking();
        if (Cursor.Decode(cursor) is { } after)
        {
            var split = after.Split('|');
            var at = new DateTimeOffset(long.Parse(split[0], CultureInfo.InvariantCulture), TimeSpan.Zero);
            var id = Guid.Parse(split[1]);
            query = query.Where(a => a.CreatedAt > at || (a.CreatedAt == at && a.Id.CompareTo(id) > 0));
        }
        List<Approval> rows;
        if (status == ApprovalStatuses.Pending)
        {
            var pendingOrders = db.Orders.Where(o => o.Status == OrderStatuses.PendingApproval).Select(o => o.Id);
            var candidates = await query.Where(a => a.Status == ApprovalStatuses.Pending && pendingOrders.Contains(a.OrderId))
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Take(PendingScan).ToListAsync(cancellationToken);
            rows = [];
            foreach (var approval in candidates)
            {
                if (callers.Required.UserId is { } me && (await deciders.ForCurrentLevelAsync(approval, cancellationToken)).ContainsKey(me))
                {
                    rows.Add(approval);
                    if (rows.Count > take)
                    {
                        break;
                    }
                }
            }
        }
        else
        {
            var visible = orders.Visible().Select(o => o.Id);
            query = query.Where(a => visible.Contains(a.OrderId));
            if (status != "all")
            {
                query = query.Where(a => a.Status == status);
            }
            rows = await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Take(take + 1).ToListAsync(cancellationToken);
        }
        var items = new List<ApprovalDto>();
        foreach (var approval in rows.Take(take))
        {
            items.Add(await ToDtoAsync(approval, cancellationToken));
        }
        var next = rows.Count > take ? Cursor.Encode(items[^1].CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + items[^1].Id) : null;
        return new Page<ApprovalDto>(items, next);
    }

    public async Task<ApprovalDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ToDtoAsync(await FindVisibleAsync(id, tracking: false, cancellationToken), cancellationToken);

    public async Task<ApprovalDto> DecideAsync(Guid id, string decision, ApprovalDecisionRequest? request, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        var approval = await FindVisibleAsync(id, tracking: true, cancellationToken);
        if (caller.UserId is not { } userId)
        {
            throw new ForbiddenException("Approvals are decided by users: use a client that acts as a user.");
        }
        var order = await db.Orders.FirstAsync(o => o.Id == approval.OrderId, cancellationToken);
        await workflow.DecideAsync(approval, order, userId, decision, request?.Reason, "api", cancellationToken);
        await SaveAsync(cancellationToken);
        return await ToDtoAsync(approval, cancellationToken);
    }

    internal async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The approval was decided at the same time. Read it again.");
        }
    }

    /// <summary>Visible: the caller can see the order, or may decide the approval now.</summary>
    private async Task<Approval> FindVisibleAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var set = tracking ? db.Set<Approval>() : db.Set<Approval>().AsNoTracking();
        var approval = await set.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (approval is not null)
        {
            if (await orders.Visible().AnyAsync(o => o.Id == approval.OrderId, cancellationToken)
                || (callers.Required.UserId is { } me && (await deciders.ForCurrentLevelAsync(approval, cancellationToken)).ContainsKey(me)))
            {
                return approval;
            }
        }
        throw new NotFoundException($"No approval has the id '{id}'.");
    }

    internal async Task<ApprovalDto> ToDtoAsync(Approval approval, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == approval.OrderId)
            .Select(o => new ApprovalOrderSummary(o.Id, o.Number, o.Status, o.CustomerReference, o.RequesterId, o.OrgUnitId, o.Currency, o.Total, o.Lines.Count, o.CreatedAt))
            .FirstAsync(cancellationToken);
        var status = approval.Status == ApprovalStatuses.Pending && order.Status != OrderStatuses.PendingApproval ? ApprovalStatuses.Cancelled : approval.Status;
        var canDecide = status == ApprovalStatuses.Pending && callers.Current?.UserId is { } me
            && (await deciders.ForCurrentLevelAsync(approval, cancellationToken)).ContainsKey(me);
        return new ApprovalDto(
            approval.Id, status, status == ApprovalStatuses.Pending ? approval.Current?.Level : null, approval.Levels, approval.Escalations, approval.Reasons,
            approval.RejectionReason, approval.EscalateAfter is { } e ? XmlConvert.ToString(e) : null, order,
            await BudgetEffectsAsync(approval.OrderId, cancellationToken), canDecide, approval.CreatedAt, approval.DecidedAt);
    }

    /// <summary>What the order charges to each budget and what each has left now.</summary>
    private async Task<IReadOnlyList<ApprovalBudgetEffect>> BudgetEffectsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var charges = await db.Set<BudgetCharge>().AsNoTracking().Where(c => c.OrderId == orderId).ToListAsync(cancellationToken);
        if (charges.Count == 0)
        {
            return [];
        }
        var ids = charges.Select(c => c.BudgetId).ToList();
        var budgets = await db.Set<Budget>().AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken);
        var effects = new List<ApprovalBudgetEffect>();
        foreach (var charge in charges)
        {
            if (budgets.FirstOrDefault(b => b.Id == charge.BudgetId) is not { } budget)
            {
                continue;
            }
            var position = (await ledger.PositionsAsync([budget], charge.PeriodStart, cancellationToken))[0];
            effects.Add(new ApprovalBudgetEffect(budget.Id, BudgetText.Describe(budget), budget.Policy, charge.Amount, position.Remaining, budget.Currency));
        }
        return effects;
    }
}
