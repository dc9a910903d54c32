using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Reordering;

/// <summary>The data of <c>replenishment.ran</c>: what a schedule's run produced for its owner.</summary>
public sealed record ReplenishmentRanData(
    Guid ScheduleId, Guid TemplateId, string TemplateName, Guid OwnerUserId, string Mode, string Outcome, DateTimeOffset DueAt, DateTimeOffset NextRunAt,
    Guid? CartId, Guid? OrderId, string? OrderNumber, string? OrderStatus, string? Message, IReadOnlyList<ReplenishmentLineNoteDto> Notes, DateTimeOffset RanAt);

/// <summary>
/// Runs one due schedule, exactly once per period: in one transaction it locks the schedule's row only
/// while it is still due (<c>FOR UPDATE SKIP LOCKED</c>: another instance at the same moment skips it,
/// and once this one commits the row is no longer due), makes the effect (a suggested cart, or an order
/// through budgets and approvals acting as the owner), stores the run (unique per schedule and due time),
/// publishes <c>replenishment.ran</c> (the owner's mail) and moves <c>next_run_at</c> to the first
/// occurrence after now. A refused order (budget, approval rules, prices) is recorded as a failed run of
/// that period, in a second transaction under the same lock; any other failure rolls everything back and
/// the next check tries again.
/// </summary>
public sealed class ReplenishmentRunner(
    PortalDbContext db,
    TenantScope tenant,
    ActAs actAs,
    OrderTemplateService templates,
    OrderService orders,
    DatabaseMode mode,
    TimeProvider clock,
    ILogger<ReplenishmentRunner> logger)
{
    public const string ChannelClientId = "replenishment";

    /// <summary>Runs the schedule if it is due; false when it was not (any more) due or another instance had it.</summary>
    public async Task<bool> RunAsync(Guid scheduleId, CancellationToken cancellationToken)
    {
        tenant.AcrossAccounts();
        var now = clock.GetUtcNow();
        var schedule = await db.Set<ReplenishmentSchedule>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId && s.Active && s.NextRunAt <= now, cancellationToken);
        if (schedule is null)
        {
            return false;
        }
        var caller = await actAs.UserAsync(ChannelClientId, schedule.CustomerId, schedule.OwnerUserId, cancellationToken);
        var ownerActive = await db.Users.AnyAsync(u => u.Id == schedule.OwnerUserId && u.Active, cancellationToken);

        ProblemException? refused = null;
        await using (var transaction = await db.BeginGuardedAsync(cancellationToken))
        {
            var locked = await LockAsync(scheduleId, now, cancellationToken);
            if (locked is null)
            {
                return false;
            }
            try
            {
                var permission = locked.Mode == ReplenishmentModes.Order ? Permission.OrdersPlace : Permission.CartsUse;
                if (!ownerActive || !PermissionMatrix.Allows(permission, caller))
                {
                    throw new ForbiddenException(ownerActive
                        ? $"The owner may no longer {(locked.Mode == ReplenishmentModes.Order ? "place orders" : "keep carts")}."
                        : "The owner is deactivated.");
                }
                var template = await templates.FindAsync(locked.TemplateId, tracking: false, cancellationToken);
                var run = new ReplenishmentRun { CustomerId = locked.CustomerId, ScheduleId = locked.Id, DueAt = locked.NextRunAt, RanAt = now, Outcome = ReplenishmentOutcomes.CartCreated };
                string? orderStatus = null;
                if (locked.Mode == ReplenishmentModes.Suggest)
                {
                    var (cart, skipped, moved) = await templates.BuildCartAsync(template, locked.OwnerUserId, CartKinds.Suggested,
                        $"Suggested: {template.Name} ({locked.NextRunAt:yyyy-MM-dd})", moveOutOfStock: true, cancellationToken);
                    run.CartId = cart.Id;
                    run.Notes = [.. moved, .. skipped.Select(Skipped)];
                    run.Message = $"A suggested cart with {cart.Lines.Count} line(s) is ready.";
                }
                else
                {
                    var (keep, skipped, moved) = await templates.PlanAsync(template, moveOutOfStock: true, cancellationToken);
                    if (keep.Count == 0)
                    {
                        throw new BusinessRuleException("No line of the template can be ordered.");
                    }
                    var order = await orders.PlaceAsync(
                        keep.Select(l => new OrderService.NewLine(l.Sku, l.Quantity, l.CostCenterId, l.Note, l.DeliveryDate)).ToList(),
                        locked.DeliveryAddressId, null, $"Replenishment '{template.Name}', period {locked.NextRunAt:yyyy-MM-dd HH:mm} UTC", "replenishment", cancellationToken);
                    run.Outcome = ReplenishmentOutcomes.OrderPlaced;
                    run.OrderId = order.Id;
                    run.OrderNumber = order.Number;
                    orderStatus = order.Status;
                    run.Notes = [.. moved, .. skipped.Select(Skipped)];
                    run.Message = $"Order {order.Number} was placed ({order.Status}).";
                }
                Complete(locked, run, template.Name, orderStatus, now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
            catch (ProblemException problem)
            {
                refused = problem;
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }

        if (refused is null)
        {
            return false;
        }

        // Refused: record the failed period (under the lock again: another instance may have recorded it meanwhile).
        db.ChangeTracker.Clear();
        tenant.ForCustomer(schedule.CustomerId);
        await using var again = await db.BeginGuardedAsync(cancellationToken);
        var still = await LockAsync(scheduleId, now, cancellationToken);
        if (still is null)
        {
            return false;
        }
        logger.LogInformation("Replenishment schedule {ScheduleId} due at {DueAt} was refused: {Reason}", still.Id, still.NextRunAt, refused.Detail());
        var templateName = await db.Set<OrderTemplate>().AsNoTracking().Where(t => t.Id == still.TemplateId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? "-";
        var failed = new ReplenishmentRun
        {
            CustomerId = still.CustomerId, ScheduleId = still.Id, DueAt = still.NextRunAt, RanAt = now, Outcome = ReplenishmentOutcomes.Failed,
            Message = Infrastructure.Text.Clip(refused.Detail(), 1000),
        };
        Complete(still, failed, templateName, null, now);
        await db.SaveChangesAsync(cancellationToken);
        await again.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Locks the schedule's row if it is still due and nobody else holds it; the tracked schedule, or null.</summary>
    private async Task<ReplenishmentSchedule?> LockAsync(Guid scheduleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (mode.IsEmbedded)
        {
            // One instance, and SQLite serialises writers: the due check inside the transaction is enough.
            return await db.Set<ReplenishmentSchedule>().FirstOrDefaultAsync(s => s.Id == scheduleId && s.Active && s.NextRunAt <= now, cancellationToken);
        }
        return await db.Set<ReplenishmentSchedule>().FromSql($"""
            SELECT * FROM replenishment_schedules
            WHERE id = {scheduleId} AND active AND next_run_at <= {now}
            FOR UPDATE SKIP LOCKED
            """).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores the run, publishes it (the owner's mail, webhooks) and moves the schedule to its next period.</summary>
    private void Complete(ReplenishmentSchedule schedule, ReplenishmentRun run, string templateName, string? orderStatus, DateTimeOffset now)
    {
        var next = ReplenishmentIntervals.Next(schedule.Interval, schedule.NextRunAt, now);
        db.Add(run);
        db.AddEvent(EventTypes.ReplenishmentRan, schedule.CustomerId, now, new ReplenishmentRanData(
            schedule.Id, schedule.TemplateId, templateName, schedule.OwnerUserId, schedule.Mode, run.Outcome, run.DueAt, next,
            run.CartId, run.OrderId, run.OrderNumber, orderStatus, run.Message,
            run.Notes.Select(n => new ReplenishmentLineNoteDto(n.Sku, n.Action, n.Code, n.Message, n.DeliveryDate)).ToList(), now));
        schedule.NextRunAt = next;
        schedule.LastRunAt = now;
        schedule.LastOutcome = run.Outcome;
        schedule.UpdatedAt = now;
        schedule.Version++;
    }

    private static ReplenishmentLineNote Skipped(ReorderSkipped s) =>
        new() { Sku = s.Sku, Action = "skipped", Code = s.Code, Message = s.Message };
}

internal static class ProblemText
{
    public static string Detail(this ProblemException problem) => problem.Message;
}
