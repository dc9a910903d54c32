using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Events;

namespace Portal.Api.Features.Accounts;

/// <summary>
/// Users of the caller's account and their role grants. An administrator manages users and grants roles
/// only within the units where they are administrator themselves, so nobody can grant more than they hold.
/// </summary>
public sealed class UserService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    CallerCache callerCache,
    AccountAuthority authority,
    EntityTags tags,
    AccessLogNote accessLog,
    TimeProvider clock)
{
    public async Task<Page<UserDto>> ListAsync(string? q, Guid? orgUnitId, bool? active, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = db.Users.AsNoTracking().Include(u => u.Roles).AsQueryable();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = LikePattern.Contains(q.Trim().ToLowerInvariant());
            query = query.Where(u => EF.Functions.Like(u.Email, pattern, LikePattern.Escape) || EF.Functions.Like(u.Name.ToLower(), pattern, LikePattern.Escape));
        }
        if (orgUnitId is { } unit)
        {
            query = query.Where(u => u.OrgUnitId == unit);
        }
        if (active is { } isActive)
        {
            query = query.Where(u => u.Active == isActive);
        }
        var page = await query.AsSplitQuery().ToPageAsync(u => u.Email, limit, cursor, cancellationToken);
        return page.Map(ToDto);
    }

    public async Task<UserDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await tags.GetAnsweredAsync(db.Users.AsNoTracking().Include(u => u.Roles), id, "user", cancellationToken);
        return ToDto(user);
    }

    public async Task<UserDto> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new ValidationErrors();
        var email = AccountValidation.Email(errors, request.Email);
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        var grants = ValidateGrants(errors, request.Roles, required: true) ?? [];
        var language = Notifications.MailLanguages.Validate(errors, request.Language) ?? Notifications.MailLanguages.Default;
        errors.ThrowIfAny();

        var units = await LoadUnitsAsync(grants.Select(g => g.OrgUnitId).Append(request.OrgUnitId ?? grants[0].OrgUnitId), cancellationToken);
        var caller = callers.Required;
        foreach (var grant in grants)
        {
            caller.RequireRoleAt(units[grant.OrgUnitId].Path, $"grant roles at unit '{units[grant.OrgUnitId].Name}'", Roles.Administrator);
        }
        var home = units[request.OrgUnitId ?? grants[0].OrgUnitId];
        caller.RequireRoleAt(home.Path, $"add users to unit '{home.Name}'", Roles.Administrator);
        var deputy = request.DeputyUserId is { } deputyId ? await FindActiveDeputyAsync(deputyId, cancellationToken) : null;

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            throw new ConflictException($"The account has a user with the e-mail '{email}' already.");
        }
        await Quotas.EnsureRoomAsync(db.Users, Quotas.UsersPerAccount, "An account", "users", cancellationToken);

        var now = clock.GetUtcNow();
        var user = new User { CustomerId = customerId, Email = email!, Name = name!, OrgUnitId = home.Id, DeputyUserId = deputy?.Id, Language = language, CreatedAt = now, UpdatedAt = now };
        user.Roles = grants.Select(g => new RoleAssignment { CustomerId = customerId, UserId = user.Id, Role = g.Role, OrgUnitId = g.OrgUnitId }).ToList();
        db.Users.Add(user);
        db.AddEvent(EventTypes.UserCreated, customerId, now, new UserCreatedData(
            user.Id, user.Email, user.Name, user.OrgUnitId, user.Language, user.Roles.Select(r => new UserRoleData(r.Role, r.OrgUnitId)).ToList(), now));
        await db.SaveChangesAsync(cancellationToken);
        await callerCache.InvalidateAllAsync(cancellationToken);
        accessLog.Set($"roles granted: {Describe(user.Roles)}");
        tags.Answer(user.Version);
        return ToDto(user);
    }

    public async Task<UserDto> UpdateAsync(Guid id, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var user = await AccountValidation.FindAsync(db.Users.Include(u => u.Roles), id, "user", cancellationToken);
        var errors = new ValidationErrors();
        var name = request.Name is null ? null : AccountValidation.Required(errors, "name", request.Name, 200);
        var grants = request.Roles is null ? null : ValidateGrants(errors, request.Roles, required: true);
        var language = Notifications.MailLanguages.Validate(errors, request.Language);
        errors.ThrowIfAny();

        var caller = callers.Required;
        var units = await LoadUnitsAsync(
            user.Roles.Select(r => r.OrgUnitId)
                .Concat(grants?.Select(g => g.OrgUnitId) ?? [])
                .Append(user.OrgUnitId)
                .Concat(request.OrgUnitId is { } o ? [o] : []),
            cancellationToken);
        // The user's roles may reach above the user's home unit: whoever changes the user must administer
        // all of it, or a department's administrator could deactivate (or re-home) the account's administrator.
        await authority.RequireAdministratorOverUserAsync(user.Id, "change this user", cancellationToken);
        caller.RequireRoleAt(units[user.OrgUnitId].Path, "change this user", Roles.Administrator);
        tags.RequireMatch(user.Version, "user");
        var rolesBefore = Describe(user.Roles);

        if (request.OrgUnitId is { } newHome && newHome != user.OrgUnitId)
        {
            caller.RequireRoleAt(units[newHome].Path, $"move users to unit '{units[newHome].Name}'", Roles.Administrator);
            user.OrgUnitId = newHome;
        }
        if (grants is not null)
        {
            var current = user.Roles.Select(r => new RoleGrant(r.Role, r.OrgUnitId)).ToHashSet();
            var wanted = grants.ToHashSet();
            foreach (var changed in current.Except(wanted).Concat(wanted.Except(current)))
            {
                caller.RequireRoleAt(units[changed.OrgUnitId].Path, $"grant or remove roles at unit '{units[changed.OrgUnitId].Name}'", Roles.Administrator);
            }
            var removed = user.Roles.Where(r => !wanted.Contains(new RoleGrant(r.Role, r.OrgUnitId))).ToList();
            db.RoleAssignments.RemoveRange(removed);
            user.Roles.RemoveAll(removed.Contains);
            foreach (var grant in wanted.Except(current))
            {
                // Added through the set: a new row with a client-generated key found only through the
                // navigation would be taken for an existing one (an UPDATE of nothing: the old 500).
                var assignment = new RoleAssignment { CustomerId = customerId, UserId = user.Id, Role = grant.Role, OrgUnitId = grant.OrgUnitId };
                db.RoleAssignments.Add(assignment);
                if (!user.Roles.Contains(assignment))
                {
                    user.Roles.Add(assignment); // EF's fix-up usually did it already
                }
            }
        }
        if (request.ClearDeputy == true)
        {
            user.DeputyUserId = null;
        }
        else if (request.DeputyUserId is { } deputyId)
        {
            if (deputyId == user.Id)
            {
                throw new BusinessRuleException("A user cannot be their own deputy.");
            }
            user.DeputyUserId = (await FindActiveDeputyAsync(deputyId, cancellationToken)).Id;
        }
        ApplyApprovalSettings(user, request);
        if (request.Active is { } active && active != user.Active)
        {
            if (!active && caller.UserId == user.Id)
            {
                throw new BusinessRuleException("You cannot deactivate yourself.");
            }
            user.Active = active;
        }
        user.Name = name ?? user.Name;
        user.Language = language ?? user.Language;
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // Roles, home unit or active flag may have changed: re-read every cached caller.
        await callerCache.InvalidateAllAsync(cancellationToken);
        var rolesAfter = Describe(user.Roles);
        if (rolesAfter != rolesBefore)
        {
            accessLog.Set($"roles before: {rolesBefore}; roles after: {rolesAfter}");
        }
        tags.Answer(user.Version);
        return ToDto(user);
    }

    /// <summary>Spending limit and absence (used by approvals, docs/approvals.md).</summary>
    private static void ApplyApprovalSettings(User user, UpdateUserRequest request)
    {
        if (request.SpendingLimit is < 0 or > 1_000_000_000m)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["spendingLimit"] = ["The spending limit is 0 to 1,000,000,000."] });
        }
        user.SpendingLimit = request.ClearSpendingLimit == true ? null : request.SpendingLimit ?? user.SpendingLimit;
        if (request.ClearAbsence == true)
        {
            user.AbsentFrom = user.AbsentUntil = null;
        }
        else if (request.AbsentFrom is not null || request.AbsentUntil is not null)
        {
            var from = request.AbsentFrom ?? user.AbsentFrom ?? DateTimeOffset.MinValue;
            if (request.AbsentUntil is not { } until || until <= from)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["absentUntil"] = ["An absence needs absentUntil after absentFrom."] });
            }
            user.AbsentFrom = request.AbsentFrom ?? user.AbsentFrom;
            user.AbsentUntil = until;
        }
    }

    /// <summary>Users are never deleted (orders and the access log refer to them): DELETE deactivates.</summary>
    public Task<UserDto> DeactivateAsync(Guid id, CancellationToken cancellationToken) =>
        UpdateAsync(id, new UpdateUserRequest { Active = false }, cancellationToken);

    private static List<RoleGrant>? ValidateGrants(ValidationErrors errors, IReadOnlyList<RoleGrant>? roles, bool required)
    {
        if (roles is null || roles.Count == 0)
        {
            if (required)
            {
                errors.Add("roles", "At least one role is required: { \"role\": \"requester\", \"orgUnitId\": \"...\" }.");
            }
            return null;
        }
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i] is null || !Roles.Customer.Contains(roles[i].Role ?? string.Empty))
            {
                errors.Add($"roles[{i}].role", "The role is one of: " + string.Join(", ", Roles.Customer) + ".");
            }
            if (roles[i] is not null && roles[i].OrgUnitId == Guid.Empty)
            {
                errors.Add($"roles[{i}].orgUnitId", "The orgUnitId is required.");
            }
        }
        return roles.Where(r => r is not null).Distinct().ToList();
    }

    private async Task<Dictionary<Guid, OrgUnit>> LoadUnitsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => wanted.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var missing = wanted.FirstOrDefault(id => !units.ContainsKey(id));
        if (missing != Guid.Empty || (wanted.Contains(Guid.Empty)))
        {
            throw new NotFoundException($"No org unit has the id '{missing}'.");
        }
        return units;
    }

    private async Task<User> FindActiveDeputyAsync(Guid id, CancellationToken cancellationToken)
    {
        var deputy = await AccountValidation.FindAsync(db.Users.AsNoTracking(), id, "user", cancellationToken);
        return deputy.Active ? deputy : throw new BusinessRuleException("The deputy is deactivated.");
    }

    /// <summary>Roles as the access log records them: <c>administrator@{unitId}, requester@{unitId}</c>, sorted.</summary>
    private static string Describe(IEnumerable<RoleAssignment> roles)
    {
        var text = string.Join(", ", roles.Select(r => $"{r.Role}@{r.OrgUnitId}").Order(StringComparer.Ordinal));
        return text.Length == 0 ? "(none)" : text;
    }

    internal static UserDto ToDto(User u) => new(
        u.Id, u.Email, u.Name, u.OrgUnitId, u.DeputyUserId, u.Active,
        u.Roles.Select(r => new RoleGrant(r.Role, r.OrgUnitId)).OrderBy(r => r.Role, StringComparer.Ordinal).ToList(),
        u.CreatedAt, u.Language, u.SpendingLimit, u.AbsentFrom, u.AbsentUntil);
}
