using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.TestInfrastructure;
using Quartz;

namespace Portal.Api.Tests.Events;

/// <summary>
/// The Quartz scheduler clustered on PostgreSQL (tables from the migration): two API instances on one
/// database share one schedule, and each occurrence of a job runs on exactly one of them.
/// </summary>
public sealed class SchedulerClusterTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    private const int Occurrences = 20;

    [Fact]
    public async Task Two_instances_never_run_one_occurrence_twice()
    {
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS test_job_runs (scheduled_at bigint NOT NULL, instance text NOT NULL, fire_instance text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }
        await using var second = api.CreateSecondInstance();
        var first = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var other = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var firstId = await WaitStartedAsync(first);
        var otherId = await WaitStartedAsync(other);
        Assert.NotEqual(firstId, otherId);

        var job = JobBuilder.Create<RecordingJob>().WithIdentity("recording", "tests").UsingJobData("connection", api.ConnectionString).Build();
        var trigger = TriggerBuilder.Create().WithIdentity("recording", "tests").StartAt(DateTimeOffset.UtcNow.AddMilliseconds(500))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(250)).WithRepeatCount(Occurrences - 1)).Build();
        await first.ScheduleJob(job, trigger);

        var runs = new List<(long ScheduledAt, string Instance)>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            runs = await RunsAsync();
            if (runs.Count >= Occurrences)
            {
                break;
            }
            await Task.Delay(250);
        }
        await Task.Delay(1500); // a duplicate would arrive now
        runs = await RunsAsync();

        Assert.Equal(Occurrences, runs.Count);
        Assert.Equal(Occurrences, runs.Select(r => r.ScheduledAt).Distinct().Count());
        Assert.All(runs, r => Assert.Contains(r.Instance, new[] { firstId, otherId }));
    }

    /// <summary>Waits until the hosted scheduler runs, clustered and persistent; returns its instance id.</summary>
    private static async Task<string> WaitStartedAsync(IScheduler scheduler)
    {
        for (var i = 0; i < 100; i++)
        {
            var metadata = await scheduler.GetMetadata();
            if (metadata.RunningSince is not null)
            {
                Assert.True(metadata.JobStoreClustered, "The job store is not clustered.");
                Assert.True(metadata.JobStorePersistent, "The job store is not persistent.");
                return metadata.SchedulerInstanceId;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The scheduler did not start.");
    }

    private async Task<List<(long, string)>> RunsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT scheduled_at, instance FROM test_job_runs", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var runs = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return runs;
    }
}

/// <summary>Records which instance ran which scheduled occurrence.</summary>
public sealed class RecordingJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var connectionString = context.MergedJobDataMap.GetString("connection")!;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO test_job_runs (scheduled_at, instance, fire_instance) VALUES ($1, $2, $3)", connection);
        insert.Parameters.AddWithValue(context.ScheduledFireTimeUtc?.UtcTicks ?? 0L);
        insert.Parameters.AddWithValue(await context.Scheduler.GetSchedulerInstanceId(cancellationToken));
        insert.Parameters.AddWithValue(context.FireInstanceId);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
