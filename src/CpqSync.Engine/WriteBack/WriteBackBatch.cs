using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// The write-backs of the syncs a worker pass runs at once, sent together: each sync hands its writes and queries here
/// (<see cref="SendAsync"/>) and waits; the worker flushes them (<see cref="FlushAsync"/>) as shared collections when
/// every sync it runs is waiting (a page done, or a lone live order at once) or when the batch is full.
/// </summary>
/// <remarks>
/// A sync waiting here still holds its queue lease, completed only once its write-back is answered: a process that dies
/// before the flush leaves the orders leased, they come back to the queue when the lease expires, and their next sync
/// finds the Stripe objects through the id map and writes them back. Syncs outside a worker pass (a manual sync) send
/// their own write-back at once.
/// </remarks>
public sealed class WriteBackBatch
{
    /// <summary>
    /// Records waiting before the batch counts as full: four composite calls of five 200-record collections, so a flush
    /// of a full batch packs its collections without many half-empty ones.
    /// </summary>
    public const int FullAtRecords = 4 * SalesforceClient.CompositeMaxQueriesAndCollections * SalesforceClient.CollectionBatchSize;

    private static readonly AsyncLocal<WriteBackBatch?> CurrentBatch = new();

    private readonly Lock _lock = new();
    private List<Waiter> _waiting = [];
    private int _records;
    private int _flushing;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The batch of the worker pass running in this async flow, if any.</summary>
    internal static WriteBackBatch? Current => CurrentBatch.Value;

    /// <summary>Syncs waiting for the next flush.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Syncs whose write-back a flush is sending now.</summary>
    public int Flushing => Volatile.Read(ref _flushing);

    /// <summary>Enough records wait to fill several composite calls.</summary>
    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                return _records >= FullAtRecords;
            }
        }
    }

    /// <summary>Completes when a sync starts waiting or a flush ends; read it before looking at <see cref="Waiting"/>.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Makes <paramref name="batch"/> the one syncs started from this async flow send their write-backs through.</summary>
    public static Scope Use(WriteBackBatch batch)
    {
        var previous = CurrentBatch.Value;
        CurrentBatch.Value = batch;
        return new Scope(previous);
    }

    /// <summary>Hands one sync's writes to the batch and waits for the flush that sends them.</summary>
    internal async Task SendAsync(CompositeWrites writes, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(writes);
        lock (_lock)
        {
            _waiting.Add(waiter);
            _records += writes.Records;
        }

        Signal();
        using (cancellationToken.Register(() => Withdraw(waiter)))
        {
            await waiter.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends every waiting sync's writes together and releases the syncs; a failure to send reaches each of them.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<Waiter> taken;
        lock (_lock)
        {
            taken = _waiting;
            _waiting = [];
            _records = 0;
            Interlocked.Add(ref _flushing, taken.Count);
        }

        try
        {
            foreach (var byClient in taken.GroupBy(static w => w.Writes.Client))
            {
                var waiters = byClient.ToList();
                try
                {
                    await CompositeWrites.SendAsync(byClient.Key, [.. waiters.Select(static w => w.Writes)], cancellationToken).ConfigureAwait(false);
                    waiters.ForEach(static w => w.Done.TrySetResult());
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    waiters.ForEach(w => w.Done.TrySetCanceled(cancellationToken));
                }
                catch (Exception failed)
                {
                    // Not an answer Salesforce gave per record (an expired session that could not be renewed, no connection).
                    waiters.ForEach(w => w.Done.TrySetException(failed));
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _flushing, -taken.Count);
            Signal();
        }
    }

    /// <summary>A sync that stopped waiting (its lease lost, the pass cancelled) before a flush took its writes.</summary>
    private void Withdraw(Waiter waiter)
    {
        lock (_lock)
        {
            if (_waiting.Remove(waiter))
            {
                _records -= waiter.Writes.Records;
            }
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Waiter(CompositeWrites writes)
    {
        public CompositeWrites Writes { get; } = writes;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Restores the batch the flow used before <see cref="Use"/>.</summary>
    public readonly struct Scope(WriteBackBatch? previous) : IDisposable
    {
        public void Dispose() => CurrentBatch.Value = previous;
    }
}
