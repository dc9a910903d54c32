using System.Xml;

namespace Portal.Api.Features.Approvals;

/// <summary>Approval rules of the caller's account; changed by administrators at the rule's unit (the root for account-wide rules).</summary>
public sealed class ApprovalRuleService(PortalDbContext db, CallerContext callers, TenantScope tenant, TimeProvider clock)
{
    public const int MaxRules = 200;

    private static readonly string[] ReaderRoles = [.. PermissionMatrix.For(Permission.ApprovalRulesRead).CustomerRoles];

    public async Task<IReadOnlyList<ApprovalRuleDto>> ListAsync(CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var rules = await ReadableAsync(db.Set<ApprovalRule>().AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(MaxRules), cancellationToken);
        return rules.Select(ToDto).ToList();
    }

    public async Task<ApprovalRuleDto> GetAsync(Guid id, CancellationToken cancellationToken) => ToDto(await FindAsync(id, tracking: false, cancellationToken));

    public async Task<ApprovalRuleDto> CreateAsync(ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var now = clock.GetUtcNow();
        var rule = new ApprovalRule { CustomerId = customerId, Name = string.Empty, CreatedAt = now, UpdatedAt = now };
        await ApplyAsync(rule, request, cancellationToken);
        await Quotas.EnsureRoomAsync(db.Set<ApprovalRule>(), MaxRules, "An account", "approval rules", cancellationToken);
        db.Set<ApprovalRule>().Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(rule);
    }

    public async Task<ApprovalRuleDto> ReplaceAsync(Guid id, ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        var rule = await FindAsync(id, tracking: true, cancellationToken);
        await RequireAdministratorAsync(rule.OrgUnitId, cancellationToken);
        await ApplyAsync(rule, request, cancellationToken);
        rule.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(rule);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var rule = await FindAsync(id, tracking: true, cancellationToken);
        await RequireAdministratorAsync(rule.OrgUnitId, cancellationToken);
        db.Set<ApprovalRule>().Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(ApprovalRule rule, ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["The name is required (up to 200 characters)."];
        }
        var conditions = request.Conditions ?? new ApprovalRuleConditions();
        if (conditions.MinOrderTotal is < 0)
        {
            errors["conditions.minOrderTotal"] = ["The minimum order total is 0 or more."];
        }
        if (conditions.Category is { Length: > 100 })
        {
            errors["conditions.category"] = ["The category has at most 100 characters."];
        }
        if (request.Levels is not { Count: >= 1 and <= 10 })
        {
            errors["levels"] = ["A rule has 1 to 10 levels."];
        }
        TimeSpan? escalateAfter = null;
        if (!string.IsNullOrWhiteSpace(request.EscalateAfter))
        {
            try
            {
                escalateAfter = XmlConvert.ToTimeSpan(request.EscalateAfter.Trim());
            }
            catch (FormatException)
            {
            }
            if (escalateAfter is not { } e || e < TimeSpan.FromSeconds(1) || e > TimeSpan.FromDays(90))
            {
                errors["escalateAfter"] = ["escalateAfter is an ISO 8601 duration from PT1S to P90D, e.g. PT4H."];
            }
        }
        var levels = new List<ApprovalLevelSpec>();
        for (var i = 0; i < (request.Levels?.Count ?? 0); i++)
        {
            var level = request.Levels![i];
            if (level is null || level.ApproverRole is not (Roles.Approver or Roles.Administrator))
            {
                errors[$"levels[{i}].approverRole"] = ["The approverRole is approver or administrator."];
                continue;
            }
            if (level.UserIds is { Count: > 50 })
            {
                errors[$"levels[{i}].userIds"] = ["A level names at most 50 users."];
                continue;
            }
            levels.Add(new ApprovalLevelSpec { ApproverRole = level.ApproverRole, OrgUnitId = level.OrgUnitId, UserIds = level.UserIds?.Distinct().ToList() });
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        // Every referenced object must be in the account (another account's id is "not found").
        var units = levels.Select(l => l.OrgUnitId).Append(conditions.OrgUnitId).OfType<Guid>().Distinct().ToList();
        if (units.Count > 0 && await db.OrgUnits.CountAsync(o => units.Contains(o.Id), cancellationToken) != units.Count)
        {
            throw new NotFoundException("An orgUnitId of the rule is not a unit of the account.");
        }
        if (conditions.CostCenterId is { } costCenter && !await db.CostCenters.AnyAsync(c => c.Id == costCenter, cancellationToken))
        {
            throw new NotFoundException($"No cost center has the id '{costCenter}'.");
        }
        var users = levels.SelectMany(l => l.UserIds ?? []).Distinct().ToList();
        if (users.Count > 0 && await db.Users.CountAsync(u => users.Contains(u.Id), cancellationToken) != users.Count)
        {
            throw new NotFoundException("A userId of the rule is not a user of the account.");
        }
        await RequireAdministratorAsync(conditions.OrgUnitId, cancellationToken);
        rule.Name = name!;
        rule.MinOrderTotal = conditions.MinOrderTotal;
        rule.OrgUnitId = conditions.OrgUnitId;
        rule.CostCenterId = conditions.CostCenterId;
        rule.Category = string.IsNullOrWhiteSpace(conditions.Category) ? null : conditions.Category.Trim();
        rule.RegulatedProducts = conditions.RegulatedProducts;
        rule.Levels = levels;
        rule.EscalateAfter = escalateAfter;
    }

    /// <summary>Rules for a unit are an administrator's of that unit (or above); account-wide rules the root's.</summary>
    private async Task RequireAdministratorAsync(Guid? orgUnitId, CancellationToken cancellationToken)
    {
        var path = orgUnitId is { } unit
            ? await db.OrgUnits.AsNoTracking().Where(o => o.Id == unit).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken)
            : await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken);
        callers.Required.RequireRoleAt(path ?? string.Empty, "change approval rules of this unit", Roles.Administrator);
    }

    private async Task<ApprovalRule> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = tracking ? db.Set<ApprovalRule>() : db.Set<ApprovalRule>().AsNoTracking();
        return (await ReadableAsync(query.Where(r => r.Id == id), cancellationToken)).FirstOrDefault() ?? throw new NotFoundException($"No approval rule has the id '{id}'.");
    }

    /// <summary>
    /// The rules of <paramref name="query"/> the caller may read: supplier-side callers all; a customer user those whose
    /// unit (the root for account-wide rules) lies on the branch of a unit where it holds approver, administrator or
    /// read-only — at or below it (rules it manages or decides under) or above it (rules that apply to its unit's
    /// orders). Another department's rules, with their thresholds and named approvers, answer 404 and are not listed.
    /// </summary>
    private async Task<List<ApprovalRule>> ReadableAsync(IQueryable<ApprovalRule> query, CancellationToken cancellationToken)
    {
        var rules = await query.ToListAsync(cancellationToken);
        var caller = callers.Required;
        if (caller.IsSupplier || rules.Count == 0)
        {
            return rules;
        }
        var readers = caller.Assignments.Where(a => ReaderRoles.Contains(a.Role)).Select(a => a.OrgUnitPath).Distinct().ToList();
        var unitIds = rules.Select(r => r.OrgUnitId).OfType<Guid>().Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id) || o.ParentId == null)
            .Select(o => new { o.Id, o.ParentId, o.Path }).ToListAsync(cancellationToken);
        var root = units.FirstOrDefault(o => o.ParentId is null)?.Path ?? string.Empty;
        return rules.Where(r =>
        {
            var path = r.OrgUnitId is { } unit ? units.FirstOrDefault(o => o.Id == unit)?.Path ?? root : root;
            return readers.Any(reader => path.StartsWith(reader, StringComparison.Ordinal) || reader.StartsWith(path, StringComparison.Ordinal));
        }).ToList();
    }

    internal static ApprovalRuleDto ToDto(ApprovalRule r) => new(
        r.Id, r.Name, new ApprovalRuleConditions(r.MinOrderTotal, r.OrgUnitId, r.CostCenterId, r.Category, r.RegulatedProducts),
        r.Levels.Select(l => new ApprovalLevelRequest(l.ApproverRole, l.OrgUnitId, l.UserIds)).ToList(),
        r.EscalateAfter is { } e ? XmlConvert.ToString(e) : null, r.CreatedAt, r.UpdatedAt);
}
