namespace CpqSync.Engine.Sync;

/// <summary>
/// Wakes this process's idle <see cref="SyncWorker"/> when live sync queues work (a change event, a poll), so an order
/// queued while the worker sleeps does not wait out <see cref="SyncWorkerOptions.IdleDelay"/>. Other processes on the
/// store still find the work at their next pass.
/// </summary>
public sealed class WorkQueuedSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when work is queued after this was read: the worker reads it before a pass, so work queued during the
    /// pass wakes it at once instead of being missed.
    /// </summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Work was queued: wake the worker if it idles.</summary>
    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
