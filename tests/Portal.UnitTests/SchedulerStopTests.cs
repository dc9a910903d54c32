using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Api.Hosting;
using Portal.Api.Infrastructure.Scheduling;
using Quartz;

namespace Portal.UnitTests;

/// <summary>
/// A host can be stopped twice at once: under WebApplicationFactory the factory stops it while the entry
/// point's <c>RunAsync</c>, woken by ApplicationStopping, stops it too and then disposes its container. A
/// stop that returned before the scheduler had shut down let that disposal pull the container from under
/// the other stop (CI once failed with ObjectDisposedException out of Quartz's shutdown). An in-memory
/// Quartz scheduler in a real host; nothing outside the process.
/// </summary>
public class SchedulerStopTests
{
    [Fact]
    public async Task Two_stops_at_once_both_wait_for_the_scheduler_to_shut_down()
    {
        var gate = new JobGate();
        using var host = await StartWithRunningJobAsync<HeldJob>(gate);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var first = host.StopAsync();
        var second = host.StopAsync();
        await Task.WhenAny(Task.WhenAll(first, second), Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(first.IsCompleted, "the first stop waits for the running job");
        Assert.False(second.IsCompleted, "the second stop waits for the same shutdown instead of returning at once");

        gate.Release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SchedulerStatus.Shutdown, scheduler.Status);
        Assert.True(gate.Finished);
    }

    [Fact]
    public async Task A_stop_asks_the_running_job_to_stop_and_waits_for_it()
    {
        var gate = new JobGate();
        using var host = await StartWithRunningJobAsync<SweepJob>(gate);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // The job would run for an hour; the stop signals its token, and waits until it has unwound.
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(gate.Cancelled, "the running job saw its cancellation token signalled");
        Assert.True(gate.Finished, "the stop waited for the job to unwind");
        Assert.Equal(SchedulerStatus.Shutdown, scheduler.Status);
    }

    /// <summary>A real host with the API's scheduler settings and an in-memory store, started; returns once its one job runs.</summary>
    private static async Task<IHost> StartWithRunningJobAsync<TJob>(JobGate gate) where TJob : IJob
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(gate);
        builder.Services.AddSingleton<HostRestart>();
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(SchedulingSetup.ConfigureScheduler);
            quartz.UseInMemoryStore(_ => { });
            var key = new JobKey(typeof(TJob).Name);
            quartz.AddJob<TJob>(job => job.WithIdentity(key));
            quartz.AddTrigger(trigger => trigger.ForJob(key).StartNow());
        });
        builder.Services.AddHostedService<ResilientSchedulerService>();
        var host = builder.Build();
        await host.StartAsync();
        await gate.Running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    public sealed class JobGate
    {
        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Finished { get; set; }
        public bool Cancelled { get; set; }
    }

    private sealed class SweepJob(JobGate gate) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            gate.Running.SetResult();
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                gate.Cancelled = true;
                await Task.Delay(200, CancellationToken.None); // unwinding takes a moment; the stop waits for it
            }
            gate.Finished = true;
        }
    }

    private sealed class HeldJob(JobGate gate) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            gate.Running.SetResult();
            await gate.Release.Task;
            gate.Finished = true;
        }
    }
}
