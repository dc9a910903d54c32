namespace Portal.Api.Features.Approvals;

/// <summary>
/// Who may decide the open level of an approval: users holding the level's role at its unit or above, the
/// level's named users, and the targets of its escalations — never the requester, never someone who decided
/// another level of the same approval — plus, for each of them who is absent now, their deputy (deciding
/// "on behalf of" them).
/// </summary>
public sealed class ApprovalDeciders(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Decider → the absent user they stand in for (null: in their own right).</summary>
    public async Task<Dictionary<Guid, Guid?>> ForCurrentLevelAsync(Approval approval, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, Guid?>();
        if (approval.Current is not { } level)
        {
            return result;
        }
        var targets = new List<(string Role, Guid Unit, List<Guid> Users)> { (level.ApproverRole, level.OrgUnitId, level.UserIds) };
        targets.AddRange(approval.Escalations.Where(e => e.Level == level.Level).Select(e => (e.ToRole, e.ToOrgUnitId, e.ToUserIds)));
        var unitIds = targets.Select(t => t.Unit).Distinct().ToList();
        var paths = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, cancellationToken);
        var direct = new HashSet<Guid>();
        foreach (var (role, unit, users) in targets)
        {
            // The unit and every unit above it: the ids along its path.
            var ancestors = (paths.GetValueOrDefault(unit) ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
            var holders = await db.RoleAssignments.AsNoTracking().Where(r => r.Role == role && ancestors.Contains(r.OrgUnitId)).Select(r => r.UserId).ToListAsync(cancellationToken);
            direct.UnionWith(holders);
            direct.UnionWith(users);
        }
        var excluded = approval.Levels.Where(l => l.DecidedBy is not null).Select(l => l.DecidedBy!.Value).ToHashSet();
        if (approval.RequesterId is { } requester)
        {
            excluded.Add(requester);
        }
        var now = clock.GetUtcNow();
        var ids = direct.ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Active)
            .Select(u => new { u.Id, u.DeputyUserId, u.AbsentFrom, u.AbsentUntil }).ToListAsync(cancellationToken);
        foreach (var person in people.Where(p => !excluded.Contains(p.Id)))
        {
            result.TryAdd(person.Id, null);
        }
        var deputies = people.Where(p => !excluded.Contains(p.Id) && p.DeputyUserId is not null
                && (p.AbsentFrom is null || p.AbsentFrom <= now) && p.AbsentUntil is { } until && now < until)
            .Select(p => (Deputy: p.DeputyUserId!.Value, For: p.Id)).ToList();
        var deputyIds = deputies.Select(d => d.Deputy).Distinct().ToList();
        var activeDeputies = await db.Users.AsNoTracking().Where(u => deputyIds.Contains(u.Id) && u.Active).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var (deputy, absent) in deputies.Where(d => activeDeputies.Contains(d.Deputy) && !excluded.Contains(d.Deputy)))
        {
            result.TryAdd(deputy, absent);
        }
        return result;
    }
}
