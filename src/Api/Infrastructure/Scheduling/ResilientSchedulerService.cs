using Quartz;

namespace Portal.Api.Infrastructure.Scheduling;

/// <summary>
/// Starts the Quartz scheduler once the application has started (after migrations) and stops it with the
/// host, waiting for running jobs. Unlike Quartz's own hosted service, a transient database failure while
/// the scheduler registers its jobs or joins the cluster (a terminated backend, a restarting server) does
/// not end the process: the start is retried with growing pauses until it succeeds or the host stops. A
/// scheduler whose start failed half-way is shut down and a fresh one is built, because Quartz would
/// otherwise treat the second <c>Start</c> as a resume and skip the cluster recovery. Any other failure
/// (a missing table, a bad configuration) is logged as critical and stops the application.
/// </summary>
public sealed class ResilientSchedulerService(
    ISchedulerFactory factory,
    IHostApplicationLifetime lifetime,
    ILogger<ResilientSchedulerService> logger) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private Task? starting;
    private IScheduler? scheduler;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => starting = Task.Run(() => StartWithRetriesAsync(stopping.Token)));
        return Task.CompletedTask;
    }

    private async Task StartWithRetriesAsync(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            IScheduler? candidate = null;
            try
            {
                candidate = await factory.GetScheduler(cancellationToken);
                await candidate.Start(cancellationToken);
                scheduler = candidate;
                if (attempt > 1) logger.LogInformation("Scheduler started after {Attempts} attempts", attempt);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (TransientDbErrors.IsTransient(exception))
            {
                logger.LogWarning(exception, "Scheduler start failed on a transient database error (attempt {Attempt}); retrying in {Pause}", attempt, pause);
                if (candidate is not null)
                {
                    try { await candidate.Shutdown(false, CancellationToken.None); }
                    catch (Exception shutdown) { logger.LogDebug(shutdown, "Shutting down the half-started scheduler failed"); }
                }
                try { await Task.Delay(pause, cancellationToken); }
                catch (OperationCanceledException) { return; }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
            }
            catch (Exception exception)
            {
                logger.LogCritical(exception, "The scheduler could not start; stopping the application");
                lifetime.StopApplication();
                return;
            }
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
