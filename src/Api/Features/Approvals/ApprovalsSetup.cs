using Portal.Api.Features.Budgets;
using Quartz;

namespace Portal.Api.Features.Approvals;

/// <summary>Registration of approvals and budgets: services, the escalation job, the decision-link pages.</summary>
public static class ApprovalsSetup
{
    public static IServiceCollection AddApprovalsAndBudgets(this IServiceCollection services)
    {
        services.AddScoped<BudgetLedger>();
        services.AddScoped<BudgetService>();
        services.AddScoped<BudgetCheckService>();
        services.AddScoped<BudgetReportService>();
        services.AddScoped<ApprovalRouting>();
        services.AddScoped<ApprovalDeciders>();
        services.AddScoped<ApprovalOrderSteps>();
        services.AddScoped<ApprovalWorkflow>();
        services.AddScoped<OrderPlacementGate>();
        services.AddScoped<ApprovalRuleService>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalMails>();
        services.AddSingleton<ApprovalLinks>();
        services.AddAntiforgery();
        services.AddRazorComponents();
        return services;
    }

    /// <summary>The escalation check, every <c>Portal:Approvals:EscalationCheckInterval</c> (default 1 minute).</summary>
    public static void RegisterJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var interval = configuration.GetValue<TimeSpan?>("Portal:Approvals:EscalationCheckInterval") ?? TimeSpan.FromMinutes(1);
        var key = new JobKey(nameof(ApprovalEscalationJob), "approvals");
        quartz.AddJob<ApprovalEscalationJob>(job => job.WithIdentity(key).StoreDurably(true)
            .WithDescription("Escalates approvals pending longer than their rule's escalateAfter."));
        quartz.AddTrigger<ApprovalEscalationJob>(trigger => trigger.ForJob(key)
            .WithIdentity(nameof(ApprovalEscalationJob) + ".interval", "approvals")
            .StartNow()
            .WithSimpleSchedule(interval, null));
    }
}
