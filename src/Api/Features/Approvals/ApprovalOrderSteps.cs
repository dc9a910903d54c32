using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>Writes approval steps onto the order: its history (actor, time, level) and, when the status moves, the feed and <c>order.status_changed</c>.</summary>
public sealed class ApprovalOrderSteps(PortalDbContext db)
{
    public void Record(Order order, string actor, string reason, DateTimeOffset now) =>
        db.OrderStatusChanges.Add(new OrderStatusChange
        {
            CustomerId = order.CustomerId, OrderId = order.Id, From = order.Status, To = order.Status, At = now, Actor = actor, Reason = reason,
        });

    public void Move(Order order, string status, string actor, string reason, DateTimeOffset now)
    {
        var from = order.Status;
        db.OrderStatusChanges.Add(new OrderStatusChange
        {
            CustomerId = order.CustomerId, OrderId = order.Id, From = from, To = status, At = now, Actor = actor, Reason = reason,
        });
        order.Status = status;
        order.UpdatedAt = now;
        order.Version++;
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, CustomerId = order.CustomerId, Type = "status-changed", Status = status, At = now });
        db.AddEvent(EventTypes.OrderStatusChanged, order.CustomerId, now,
            new OrderStatusChangedData(order.Id, order.Number, from, status, reason, order.TrackingNumber, order.Carrier, now));
    }

    public static string Actor(Guid userId, Guid? onBehalfOf) =>
        onBehalfOf is { } absent ? $"user {userId} (on behalf of user {absent})" : $"user {userId}";

    public static ApprovalRequestedData Requested(Approval approval, ApprovalLevelState level, DateTimeOffset now) => new(
        approval.Id, approval.OrderId, approval.OrderNumber, level.Level, approval.Levels.Count, level.ApproverRole, level.OrgUnitId,
        level.UserIds, approval.Total, approval.Currency, approval.Reasons, now);
}
