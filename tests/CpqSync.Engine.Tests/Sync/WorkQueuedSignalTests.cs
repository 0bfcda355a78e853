using CpqSync.Engine.Sync;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>Live sync wakes the idle worker: work queued during a pass, or while the worker sleeps, ends its wait.</summary>
public sealed class WorkQueuedSignalTests
{
    [Fact]
    public void Work_queued_after_the_worker_read_the_signal_wakes_it_and_the_next_wait_starts_afresh()
    {
        var signal = new WorkQueuedSignal();
        var beforePass = signal.Next;

        Assert.False(beforePass.IsCompleted);
        signal.Notify();

        Assert.True(beforePass.IsCompletedSuccessfully);
        Assert.False(signal.Next.IsCompleted);
    }

    [Fact]
    public void A_notification_with_nobody_waiting_is_not_lost_for_a_worker_that_read_the_signal_before_its_pass()
    {
        var signal = new WorkQueuedSignal();
        var first = signal.Next;
        var second = signal.Next;

        signal.Notify();
        signal.Notify();

        Assert.Same(first, second);
        Assert.True(first.IsCompletedSuccessfully);
    }
}
