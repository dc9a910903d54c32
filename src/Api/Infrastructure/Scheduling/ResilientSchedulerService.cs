using Portal.Api.Hosting;
using Quartz;

namespace Portal.Api.Infrastructure.Scheduling;

/// <summary>
/// Builds the Quartz scheduler while the host starts, starts it once the application has started (after
/// the migrations) and shuts it down with the host, waiting for running jobs. Quartz's schedulers are
/// one-way: one whose start failed half-way cannot be started again. So a transient database failure while
/// the scheduler registers its jobs fails the host's start, and one while it joins the cluster asks for a
/// restart of the host (<see cref="HostRestart"/>); the entry point then builds a fresh host. Either way
/// the process lives on (issue 13's fault test terminates backends while an instance starts).
/// </summary>
public sealed class ResilientSchedulerService(
    ISchedulerFactory factory,
    IHostApplicationLifetime lifetime,
    HostRestart restart,
    ILogger<ResilientSchedulerService> logger) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private IScheduler? scheduler;
    private Task? starting;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        scheduler = await factory.GetScheduler(cancellationToken);
        lifetime.ApplicationStarted.Register(() => starting = Task.Run(() => StartSchedulerAsync(scheduler, stopping.Token)));
    }

    private async Task StartSchedulerAsync(IScheduler started, CancellationToken cancellationToken)
    {
        try
        {
            await started.Start(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (HostRestart.IsTransient(exception))
        {
            restart.Request("the scheduler could not start on a transient database error", exception);
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "The scheduler could not start; stopping the application");
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (starting is not null)
        {
            try { await starting.WaitAsync(cancellationToken); }
            catch (OperationCanceledException) { }
        }
        if (scheduler is not null)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }
}
