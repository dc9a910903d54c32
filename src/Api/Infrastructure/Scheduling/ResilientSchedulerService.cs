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
    private readonly Lock stopGate = new();
    private Task? shutdown;

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

    /// <summary>
    /// Shuts the scheduler down once, however many stops arrive. A host can be stopped twice at once: under
    /// WebApplicationFactory the factory stops it while the entry point's <c>RunAsync</c>, woken by
    /// ApplicationStopping, stops it too and then disposes the container. Each caller waits for the one
    /// shutdown, so the container is not disposed under it (Quartz's job store still resolves services while
    /// it shuts down).
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (stopGate)
        {
            return shutdown ??= ShutDownAsync(cancellationToken);
        }
    }

    private async Task ShutDownAsync(CancellationToken cancellationToken)
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
