namespace Portal.Api.Features.Reordering;

/// <summary>
/// Replenishment schedules of a user: a template visible to the user, run at its due time by
/// <see cref="ReplenishmentJob"/>. A user sees and manages their own schedules; supplier-side callers
/// those of the selected account.
/// </summary>
public sealed class ReplenishmentScheduleService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    OrderTemplateService templates,
    Ordering.OrderService orders,
    TimeProvider clock)
{
    public const int MaxPerUser = 100;

    public async Task<ReplenishmentScheduleDto> CreateAsync(CreateReplenishmentScheduleRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var caller = callers.Required;
        var errors = new ValidationErrors();
        if (caller.UserId is null)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["templateId"] = ["A schedule acts for a user: create it with a user's client."] });
        }
        if (request.TemplateId is null)
        {
            errors.Add("templateId", "The templateId is required.");
        }
        if (ReplenishmentIntervals.Check(request.Interval) is { } intervalError)
        {
            errors.Add("interval", intervalError);
        }
        if (request.NextRunAt is null)
        {
            errors.Add("nextRunAt", "The nextRunAt is required.");
        }
        var mode = string.IsNullOrWhiteSpace(request.Mode) ? ReplenishmentModes.Suggest : request.Mode.Trim();
        if (!ReplenishmentModes.All.Contains(mode))
        {
            errors.Add("mode", "The mode is suggest or order.");
        }
        errors.ThrowIfAny();
        RequireModeAllowed(mode);
        var template = await templates.FindAsync(request.TemplateId!.Value, tracking: false, cancellationToken);
        if (request.DeliveryAddressId is { } addressId && !await db.Addresses.AnyAsync(a => a.Id == addressId && a.Kind == Accounts.Address.Delivery, cancellationToken))
        {
            throw new NotFoundException($"No delivery address has the id '{addressId}'.");
        }
        if (request.DeliveryAddressId is { } shipTo)
        {
            await orders.RequireDeliveryAddressAsync(shipTo, cancellationToken); // another unit's address: 403 now, not a failed run later
        }
        await Quotas.EnsureRoomAsync(db.Set<ReplenishmentSchedule>().Where(s => s.OwnerUserId == caller.UserId), MaxPerUser, "A user", "replenishment schedules", cancellationToken);
        var now = clock.GetUtcNow();
        var schedule = new ReplenishmentSchedule
        {
            CustomerId = customerId, TemplateId = template.Id, OwnerUserId = caller.UserId.Value, Interval = request.Interval!.Trim(), Mode = mode,
            NextRunAt = request.NextRunAt!.Value.ToUniversalTime(), DeliveryAddressId = request.DeliveryAddressId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        return await ToDtoAsync(schedule, cancellationToken);
    }

    public async Task<Page<ReplenishmentScheduleDto>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await ReorderingPaging.PageAsync(Visible().AsNoTracking(), limit, cursor, cancellationToken);
        var items = new List<ReplenishmentScheduleDto>(page.Items.Count);
        foreach (var schedule in page.Items)
        {
            items.Add(await ToDtoAsync(schedule, cancellationToken));
        }
        return new Page<ReplenishmentScheduleDto>(items, page.NextCursor);
    }

    public async Task<ReplenishmentScheduleDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ToDtoAsync(await FindAsync(id, tracking: false, cancellationToken), cancellationToken);

    public async Task<ReplenishmentScheduleDto> UpdateAsync(Guid id, UpdateReplenishmentScheduleRequest request, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(id, tracking: true, cancellationToken);
        var errors = new ValidationErrors();
        if (request.Interval is not null && ReplenishmentIntervals.Check(request.Interval) is { } intervalError)
        {
            errors.Add("interval", intervalError);
        }
        var mode = request.Mode?.Trim();
        if (mode is not null && !ReplenishmentModes.All.Contains(mode))
        {
            errors.Add("mode", "The mode is suggest or order.");
        }
        errors.ThrowIfAny();
        if (mode is not null)
        {
            RequireModeAllowed(mode);
            schedule.Mode = mode;
        }
        if (request.Interval is not null)
        {
            schedule.Interval = request.Interval.Trim();
        }
        if (request.NextRunAt is { } next)
        {
            schedule.NextRunAt = next.ToUniversalTime();
        }
        if (request.Active is { } active)
        {
            schedule.Active = active;
        }
        schedule.UpdatedAt = clock.GetUtcNow();
        schedule.Version++;
        await SaveAsync(cancellationToken);
        return await ToDtoAsync(schedule, cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(id, tracking: true, cancellationToken);
        db.Remove(schedule);
        await SaveAsync(cancellationToken);
    }

    private void RequireModeAllowed(string mode)
    {
        // The schedule acts with its owner's permissions: ordering needs the right to place orders.
        if (mode == ReplenishmentModes.Order && !PermissionMatrix.Allows(Permission.OrdersPlace, callers.Required))
        {
            throw new ForbiddenException("Only a user who may place orders can schedule orders; use mode suggest.");
        }
    }

    private IQueryable<ReplenishmentSchedule> Visible()
    {
        tenant.RequireCustomer();
        var caller = callers.Required;
        return caller.IsSupplier ? db.Set<ReplenishmentSchedule>() : db.Set<ReplenishmentSchedule>().Where(s => s.OwnerUserId == caller.UserId);
    }

    private Task<ReplenishmentSchedule> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken) =>
        ReorderingPaging.FindAsync(Visible(), id, tracking, $"No replenishment schedule has the id '{id}'.", cancellationToken);

    private Task SaveAsync(CancellationToken cancellationToken) =>
        ReorderingPaging.SaveAsync(db, "The schedule was changed (or ran) meanwhile; read it again.", cancellationToken);

    private async Task<ReplenishmentScheduleDto> ToDtoAsync(ReplenishmentSchedule s, CancellationToken cancellationToken)
    {
        var runs = await db.Set<ReplenishmentRun>().AsNoTracking().Where(r => r.ScheduleId == s.Id).OrderByDescending(r => r.DueAt).Take(10).ToListAsync(cancellationToken);
        return new ReplenishmentScheduleDto(s.Id, s.TemplateId, s.OwnerUserId, s.Interval, s.Mode, s.NextRunAt, s.Active, s.LastRunAt, s.LastOutcome,
            runs.Select(ToDto).ToList(), s.CreatedAt, s.UpdatedAt);
    }

    internal static ReplenishmentRunDto ToDto(ReplenishmentRun r) => new(
        r.Id, r.DueAt, r.RanAt, r.Outcome, r.CartId, r.OrderId, r.OrderNumber, r.Message,
        r.Notes.Select(n => new ReplenishmentLineNoteDto(n.Sku, n.Action, n.Code, n.Message, n.DeliveryDate)).ToList());
}
