using Portal.Api.Features.Budgets;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// Which approval an order needs. Rules whose conditions all match contribute their levels, rule after rule
/// in the order they were created, a level equal to an earlier one (same role, unit and users) only once;
/// the shortest <c>escalateAfter</c> of them applies. A requester's spending limit covering the total waives
/// the rules; a <c>require-approval</c> budget the order would exceed needs approval regardless (with no rule
/// matching: one level of approvers at the order's unit).
/// </summary>
public sealed class ApprovalRouting(PortalDbContext db)
{
    public async Task<ApprovalPlan> PlanAsync(Order order, BudgetVerdict verdict, CancellationToken cancellationToken, PlacementLookups? lookups = null)
    {
        var levels = new List<ApprovalLevelState>();
        var reasons = new List<string>();
        TimeSpan? escalateAfter = null;
        var orderUnit = order.OrgUnitId ?? await db.OrgUnits.AsNoTracking().Where(o => o.CustomerId == order.CustomerId && o.ParentId == null).Select(o => o.Id).FirstAsync(cancellationToken);
        var limit = order.RequesterId is { } requester
            ? await PlacementLookups.Memo(lookups, $"limit:{requester}",
                () => db.Users.AsNoTracking().Where(u => u.Id == requester).Select(u => u.SpendingLimit).FirstOrDefaultAsync(cancellationToken))
            : null;
        if (limit is { } within && order.Total <= within)
        {
            reasons.Add("within-spending-limit");
        }
        else
        {
            foreach (var rule in await MatchingRulesAsync(order, orderUnit, cancellationToken, lookups))
            {
                reasons.Add($"rule:{rule.Name}");
                escalateAfter = rule.EscalateAfter is { } after && (escalateAfter is null || after < escalateAfter) ? after : escalateAfter;
                foreach (var spec in rule.Levels)
                {
                    var level = new ApprovalLevelState
                    {
                        ApproverRole = spec.ApproverRole, OrgUnitId = spec.OrgUnitId ?? orderUnit,
                        UserIds = spec.UserIds?.Distinct().Order().ToList() ?? [], Source = $"rule:{rule.Name}",
                    };
                    if (!levels.Any(l => l.ApproverRole == level.ApproverRole && l.OrgUnitId == level.OrgUnitId && l.UserIds.SequenceEqual(level.UserIds)))
                    {
                        levels.Add(level);
                    }
                }
            }
        }
        // Restricted products with requiresApproval: approval whatever the rules and the spending limit say.
        var orderSkus = order.Lines.Select(l => l.Sku).Distinct().ToList();
        var needsApproval = lookups is null
            ? await db.Products.AsNoTracking().Where(p => p.RequiresApproval && orderSkus.Contains(p.Sku)).Select(p => p.Sku).OrderBy(s => s).ToListAsync(cancellationToken)
            : (await ProductFactsAsync(orderSkus, lookups, cancellationToken)).Where(p => p.Value.RequiresApproval).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (needsApproval.Count > 0)
        {
            reasons.Add($"product-requires-approval:{string.Join(',', needsApproval)}");
            if (levels.Count == 0)
            {
                levels.Add(new ApprovalLevelState { ApproverRole = Roles.Approver, OrgUnitId = orderUnit, Source = "product" });
            }
        }
        var overBudget = verdict.Effects.Where(e => e.WouldExceed && e.Position.Budget.Policy == BudgetPolicies.RequireApproval).ToList();
        foreach (var effect in overBudget)
        {
            reasons.Add($"budget:{BudgetText.Describe(effect.Position.Budget)}");
        }
        if (overBudget.Count > 0 && levels.Count == 0)
        {
            levels.Add(new ApprovalLevelState { ApproverRole = Roles.Approver, OrgUnitId = orderUnit, Source = "budget" });
        }
        for (var i = 0; i < levels.Count; i++)
        {
            levels[i].Level = i + 1;
        }
        if (levels.Count == 0)
        {
            reasons.RemoveAll(r => r.StartsWith("rule:", StringComparison.Ordinal));
        }
        return new ApprovalPlan(levels, reasons, escalateAfter);
    }

    private async Task<List<ApprovalRule>> MatchingRulesAsync(Order order, Guid orderUnit, CancellationToken cancellationToken, PlacementLookups? lookups)
    {
        var rules = await PlacementLookups.Memo(lookups, "rules",
            () => db.Set<ApprovalRule>().AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken));
        if (rules.Count == 0)
        {
            return rules;
        }
        var unitIds = rules.Select(r => r.OrgUnitId).OfType<Guid>().Append(orderUnit).Distinct().ToList();
        var paths = await PlacementLookups.Memo(lookups, $"rule-paths:{string.Join(',', unitIds)}",
            () => db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, cancellationToken));
        var orderPath = paths.GetValueOrDefault(orderUnit) ?? string.Empty;
        var skus = order.Lines.Select(l => l.Sku).Distinct().ToList();
        var products = lookups is null
            ? await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Category, p.Regulated }).ToListAsync(cancellationToken)
            : (await ProductFactsAsync(skus, lookups, cancellationToken)).Values.Select(p => new { p.Category, p.Regulated }).ToList();
        var costCenters = order.Lines.Select(l => l.CostCenterId).OfType<Guid>().ToHashSet();
        return rules.Where(r =>
                (r.MinOrderTotal is not { } min || order.Total >= min)
                && (r.OrgUnitId is not { } unit || (paths.TryGetValue(unit, out var path) && orderPath.StartsWith(path, StringComparison.Ordinal)))
                && (r.CostCenterId is not { } costCenter || costCenters.Contains(costCenter))
                && (r.Category is not { } category || products.Any(p => string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase)))
                && (r.RegulatedProducts is not true || products.Any(p => p.Regulated)))
            .ToList();
    }

    /// <summary>Category, regulation and approval flag of each sku, those not read yet in one query.</summary>
    private async Task<Dictionary<string, PlacementLookups.ProductFacts>> ProductFactsAsync(List<string> skus, PlacementLookups lookups, CancellationToken cancellationToken)
    {
        var known = lookups.Products;
        var missing = skus.Where(s => !known.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            foreach (var p in await db.Products.AsNoTracking().Where(p => missing.Contains(p.Sku))
                .Select(p => new { p.Sku, p.Category, p.Regulated, p.RequiresApproval }).ToListAsync(cancellationToken))
            {
                known[p.Sku] = new PlacementLookups.ProductFacts(p.Category, p.Regulated, p.RequiresApproval);
            }
        }
        return skus.Where(known.ContainsKey).Distinct(StringComparer.Ordinal).ToDictionary(s => s, s => known[s], StringComparer.Ordinal);
    }
}
