using Portal.Api.Features.Ordering;
using Quartz;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// Escalates approvals whose open level waited longer than its rule's <c>escalateAfter</c>. A scheduled job
/// (every <c>Portal:Approvals:EscalationCheckInterval</c>): one instance of the cluster runs each occurrence,
/// and each approval's version guards against a decision arriving at the same moment.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ApprovalEscalationJob(PortalDbContext db, TenantScope tenant, ApprovalWorkflow workflow, TimeProvider clock, ILogger<ApprovalEscalationJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        tenant.AcrossAccounts();
        var now = clock.GetUtcNow();
        var due = await db.Set<Approval>().Where(a => a.Status == ApprovalStatuses.Pending && a.EscalateAt != null && a.EscalateAt <= now)
            .OrderBy(a => a.EscalateAt).Select(a => a.Id).Take(200).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var approval = await db.Set<Approval>().FirstAsync(a => a.Id == id, cancellationToken);
            var order = await db.Orders.FirstAsync(o => o.Id == approval.OrderId, cancellationToken);
            if (order.Status != OrderStatuses.PendingApproval)
            {
                approval.EscalateAt = null; // cancelled meanwhile: nothing to escalate
            }
            else
            {
                await workflow.EscalateAsync(approval, order, cancellationToken);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Approval {ApprovalId} changed while escalating; the next run looks at it again.", id);
            }
        }
    }
}
