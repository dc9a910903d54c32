using Portal.Api.Features.Events;

namespace Portal.UnitTests;

/// <summary>
/// The outbox dispatcher's lanes sleep on <see cref="OutboxSignal"/> when they find no work. A lane takes
/// <see cref="OutboxSignal.Next"/> before it looks, so a commit made while it looked wakes it at once, and one
/// notification wakes every lane.
/// </summary>
public class OutboxSignalTests
{
    [Fact]
    public async Task A_notification_made_while_a_lane_looked_for_work_is_not_missed()
    {
        var signal = new OutboxSignal();
        var next = signal.Next; // taken before looking
        signal.Notify();        // a commit while the lane looked (and found nothing)
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await OutboxSignal.WaitAsync(next, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(signal.Next.IsCompleted); // the next wait waits for the next notification
    }

    [Fact]
    public async Task One_notification_wakes_every_waiting_lane()
    {
        var signal = new OutboxSignal();
        var lanes = Enumerable.Range(0, 3).Select(_ => OutboxSignal.WaitAsync(signal.Next, TimeSpan.FromSeconds(30), CancellationToken.None)).ToList();
        Assert.All(lanes, lane => Assert.False(lane.IsCompleted));
        signal.Notify();
        var all = Task.WhenAll(lanes);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Without_a_notification_the_wait_ends_at_the_poll_interval_and_stopping_ends_it_at_once()
    {
        var signal = new OutboxSignal();
        await OutboxSignal.WaitAsync(signal.Next, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.False(signal.Next.IsCompleted);

        using var stopping = new CancellationTokenSource();
        var wait = OutboxSignal.WaitAsync(signal.Next, TimeSpan.FromSeconds(30), stopping.Token);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
