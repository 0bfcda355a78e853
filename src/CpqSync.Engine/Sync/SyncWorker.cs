using CpqSync.Core.Errors;
using CpqSync.Engine.WriteBack;
using CpqSync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Runs a connection's queue: leases due orders, syncs them in parallel (orders of one contract one after another,
/// which the store's ordering keys enforce), completes each with its outcome, and retries passing failures with
/// exponential backoff until the last attempt parks them with a visible error.
/// </summary>
/// <remarks>
/// A failure that retrying cannot fix (a plan the planner refuses, data Stripe rejects) completes the order with its
/// Error Sync Record: the next edit of the order queues it again. One bad order never blocks the rest. A worker
/// killed at any point loses nothing: its leases expire and the orders come back to the queue.
/// </remarks>
public sealed partial class SyncWorker
{
    private readonly OrderSyncer _syncer;
    private readonly ISyncStore _store;
    private readonly SyncPipeline _pipeline;
    private readonly ConnectionPreparer _preparer;
    private readonly SyncWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CpqSync.Stripe.StripeThroughput? _throughput;
    private readonly WorkQueuedSignal? _queued;
    private readonly string _workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Orders a pass holds at once, running or waiting for their write-back's flush. Each waiting order holds its plan,
    /// Stripe's answers and its write-back until the flush (tens of kilobytes): 1,000 (flushed 500 at a time) keeps that
    /// memory bounded while a flush still fills its composite calls (five 200-record collections each).
    /// </summary>
    private const int MaxWaitingForWriteBack = 1_000;

    private int _ordersAtOnce;

    public SyncWorker(
        OrderSyncer syncer, ISyncStore store, SyncPipeline pipeline, ConnectionPreparer preparer, IOptions<SyncWorkerOptions> options,
        TimeProvider time, ILogger<SyncWorker> logger, CpqSync.Stripe.StripeThroughput? throughput = null, WorkQueuedSignal? queued = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _syncer = syncer;
        _store = store;
        _pipeline = pipeline;
        _preparer = preparer;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _throughput = throughput;
        _queued = queued;
    }

    /// <summary>
    /// Orders the worker's last lease decision allowed to run at once (<see cref="SyncWorkerOptions.Parallelism"/>); 0
    /// before its first pass.
    /// </summary>
    public int OrdersAtOnce => Volatile.Read(ref _ordersAtOnce);

    /// <summary>
    /// Orders waiting for the write-back flush that make it go out while others still run: a backfill page's worth, so a
    /// pass that work keeps being queued into (a backfill queuing its next page ahead) sends its write-backs a page at a
    /// time without ever letting the orders in flight drain first.
    /// </summary>
    private int FlushAtWaiting => Math.Min(_options.BackfillPageSize, MaxWaitingForWriteBack / 2);

    /// <summary>Syncs every order of the connection that is due now, and returns once none is left (or all are leased elsewhere).</summary>
    /// <param name="onFinished">Told about each order as it finishes (backfill progress).</param>
    public Task<SyncWorkerPass> RunOnceAsync(
        EngineConnection connection, Action<WorkLease, ItemOutcome>? onFinished, CancellationToken cancellationToken) =>
        RunOnceAsync(connection, onLeased: null, onFinished, cancellationToken);

    /// <summary>
    /// Syncs every order of the connection that is due now, including orders queued while the pass runs, and returns
    /// once none is left (or all are leased elsewhere).
    /// </summary>
    /// <param name="onLeased">Told about the orders the pass leases, as it leases them (a backfill queues its next page when few are left).</param>
    /// <param name="onFinished">Told about each order as it finishes (backfill progress).</param>
    public Task<SyncWorkerPass> RunOnceAsync(
        EngineConnection connection, Action<IReadOnlyList<WorkLease>>? onLeased, Action<WorkLease, ItemOutcome>? onFinished,
        CancellationToken cancellationToken) =>
        RunPassAsync(connection, onLeased, onFinished, followEdits: false, cancellationToken);

    /// <param name="followEdits">
    /// Whether the pass stops leasing once the connection's stored document was saved again since it was loaded
    /// (<see cref="EngineConnection.DocumentVersion"/>): the worker's own loop, which then loads it again for the next pass.
    /// A backfill runs on the connection it prepared at its start.
    /// </param>
    private async Task<SyncWorkerPass> RunPassAsync(
        EngineConnection connection, Action<IReadOnlyList<WorkLease>>? onLeased, Action<WorkLease, ItemOutcome>? onFinished,
        bool followEdits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Connection preparation (filter values, the org's instance URL) once per pass, not once per order; nothing to do
        // for a connection the caller prepared (ConnectionPreparer.LoadAsync, a backfill).
        connection = await _preparer.PreparePassAsync(connection, cancellationToken).ConfigureAwait(false);
        var pass = SyncWorkerPass.Empty;
        var running = new List<Task<(WorkLease Lease, ItemOutcome Outcome)>>();
        // The pass's orders send their write-backs together: an order waiting for the flush frees its place for the next.
        var batch = new WriteBackBatch();
        using var batched = WriteBackBatch.Use(batch);
        var flushes = new List<Task>();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var changed = batch.Changed;
                var waiting = batch.Waiting;
                var active = Math.Max(0, running.Count - waiting - batch.Flushing);
                var atOnce = _options.Parallelism(_throughput);
                Volatile.Write(ref _ordersAtOnce, atOnce);
                var free = Math.Min(atOnce - active, MaxWaitingForWriteBack - running.Count);
                if (free > 0 && followEdits && connection.DocumentVersion is { } version
                    && (await _store.GetConnectionAsync(connection.Id, cancellationToken).ConfigureAwait(false))?.Version != version)
                {
                    // Saved again (the wizard, a config command): what is leased from now on runs with the new document.
                    free = 0;
                }

                var leased = 0;
                // Read before leasing: work queued after the lease (a backfill's next page) wakes the pass at once.
                Task? queuedSince = null;
                if (free > 0)
                {
                    queuedSince = _queued?.Next;
                    var request = new LeaseRequest(_workerId, free, _options.LeaseDuration, connection.Id, ParkAfterAttempts: _options.MaxAttempts);
                    var leases = await _store.LeaseAsync(request, cancellationToken).ConfigureAwait(false);
                    leased = leases.Count;
                    running.AddRange(leases.Select(lease => RunItemAsync(connection, lease, cancellationToken)));
                    if (leased > 0)
                    {
                        onLeased?.Invoke(leases);
                    }
                }

                if (running.Count == 0)
                {
                    return pass;
                }

                // Flushed when nothing else can join it (every order of the pass waits for it, nothing more is due: a
                // page done, a lone live order at once), when it is full, or when a page's worth of orders waits while
                // more run (the backfill's next page queued ahead): the orders in flight never drain for a flush.
                if (waiting > 0 && (batch.IsFull || waiting >= FlushAtWaiting || (leased == 0 && active == 0)))
                {
                    flushes.RemoveAll(static f => f.IsCompleted);
                    flushes.Add(batch.FlushAsync(cancellationToken));
                    continue;
                }

                // Each finished order may release the next of its contract: lease again after every one, and when work is
                // queued while the pass has room for more than it found.
                var wakeUps = running.Append<Task>(changed);
                if (leased < free && queuedSince is not null)
                {
                    wakeUps = wakeUps.Append(queuedSince);
                }

                var finished = await Task.WhenAny(wakeUps).ConfigureAwait(false);
                if (finished is not Task<(WorkLease Lease, ItemOutcome Outcome)> item)
                {
                    continue;
                }

                running.Remove(item);
                var (lease, outcome) = await item.ConfigureAwait(false);
                pass += outcome.ToPass();
                onFinished?.Invoke(lease, outcome);
            }
        }
        finally
        {
            // Cancelled (or the store failed): let the orders in flight stop before returning (their leases expire and they
            // come back); those waiting for the batch get it sent, or their cancellation.
            await FinishAsync(batch, running, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(flushes.Select(static t => t.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }
    }

    private static async Task FinishAsync(
        WriteBackBatch batch, List<Task<(WorkLease Lease, ItemOutcome Outcome)>> running, CancellationToken cancellationToken)
    {
        while (running.Any(static t => !t.IsCompleted))
        {
            var changed = batch.Changed;
            if (batch.Waiting > 0)
            {
                await batch.FlushAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            await Task.WhenAny(running.Where(static t => !t.IsCompleted).Append<Task>(changed)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="RunOnceAsync(EngineConnection, Action{WorkLease, ItemOutcome}?, CancellationToken)"/>
    public Task<SyncWorkerPass> RunOnceAsync(EngineConnection connection, CancellationToken cancellationToken) =>
        RunOnceAsync(connection, onFinished: null, cancellationToken);

    /// <summary>Runs the queue until cancelled, waiting <see cref="SyncWorkerOptions.IdleDelay"/> whenever nothing is due.</summary>
    public Task RunAsync(EngineConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return RunLoopAsync(_ => Task.FromResult(connection), followEdits: false, cancellationToken);
    }

    /// <summary>
    /// Runs the queue until cancelled, loading the connection before each pass so an edited configuration applies to the
    /// next orders.
    /// </summary>
    public Task RunAsync(Func<CancellationToken, Task<EngineConnection>> loadConnection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadConnection);
        return RunLoopAsync(loadConnection, followEdits: true, cancellationToken);
    }

    private async Task RunLoopAsync(Func<CancellationToken, Task<EngineConnection>> loadConnection, bool followEdits, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var pass = SyncWorkerPass.Empty;
            // Read before the pass: work queued while it runs then ends the idle wait at once.
            var woken = _queued?.Next;
            try
            {
                var connection = await loadConnection(cancellationToken).ConfigureAwait(false);
                pass = await RunPassAsync(connection, onLeased: null, onFinished: null, followEdits, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.WorkerLoopFailed(ex);
            }

            if (pass.Processed == 0 && !await IdleAsync(woken, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Waits <see cref="SyncWorkerOptions.IdleDelay"/>, or less when live sync queues work (<paramref name="woken"/>).</summary>
    /// <returns><see langword="false"/> when cancelled.</returns>
    private async Task<bool> IdleAsync(Task? woken, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_options.IdleDelay, _time, idle.Token);
        await (woken is null ? delay : Task.WhenAny(delay, woken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await idle.CancelAsync().ConfigureAwait(false);
        return !cancellationToken.IsCancellationRequested;
    }

    private async Task<(WorkLease, ItemOutcome)> RunItemAsync(EngineConnection connection, WorkLease lease, CancellationToken cancellationToken)
    {
        // Yield first, so leasing the next orders does not wait for this one's synchronous start.
        await Task.Yield();
        SyncMetrics.OrderInFlight(1);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewWhileRunningAsync(lease, leaseLost, renewing.Token);
        try
        {
            var outcome = await SyncItemAsync(connection, lease, leaseLost.Token).ConfigureAwait(false);
            return (lease, outcome);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.WorkItemLeaseLost(lease.RecordId, lease.ItemId);
            return (lease, ItemOutcome.LeaseLost);
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            SyncMetrics.OrderInFlight(-1);
        }
    }

    /// <summary>Renews the lease every third of its duration; cancels the sync when the lease was lost to another worker.</summary>
    private async Task RenewWhileRunningAsync(WorkLease lease, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.LeaseDuration / 3, _time, stop).ConfigureAwait(false);
                if (!await _store.RenewLeaseAsync(lease, _options.LeaseDuration, stop).ConfigureAwait(false))
                {
                    await leaseLost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The sync finished (or the worker stops): nothing more to renew.
        }
    }

    private async Task<ItemOutcome> SyncItemAsync(EngineConnection connection, WorkLease lease, CancellationToken cancellationToken)
    {
        SyncResult result;
        if (lease.Kind != SyncWork.Kind || lease.ObjectName != SyncWork.OrderObject)
        {
            return await FailAsync(lease, null, "UNSUPPORTED_WORK", $"This worker syncs orders; it cannot run '{lease.Kind}' of {lease.ObjectName}.",
                transient: false, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            result = await _syncer.SyncAsync(connection, lease.RecordId, SyncWork.TriggerOf(lease), lease.Attempt, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception bug) when (bug is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug in the engine: retried like a passing failure (it may depend on timing), then parked, never blocking the rest.
            _logger.WorkItemCrashed(lease.RecordId, bug);
            return await FailAsync(lease, null, "INTERNAL_ERROR", bug.Message, transient: true, cancellationToken).ConfigureAwait(false);
        }

        if (result.Status == OrderSyncStatus.Unchanged)
        {
            // Work this worker did not do (its last sync did, maybe in another process): counted apart, never as synced again.
            return await _store.CompleteAsync(lease, Outcome(connection, lease, result), cancellationToken).ConfigureAwait(false)
                ? ItemOutcome.Unchanged
                : ItemOutcome.LeaseLost;
        }

        if (result.Succeeded)
        {
            return await _store.CompleteAsync(lease, Outcome(connection, lease, result), cancellationToken).ConfigureAwait(false)
                ? ItemOutcome.Succeeded
                : ItemOutcome.LeaseLost;
        }

        if (!result.IsTransient)
        {
            // Retrying unchanged cannot help: the Error Sync Record tells the user, and their fix queues the order again.
            return await _store.CompleteAsync(lease, Outcome(connection, lease, result), cancellationToken).ConfigureAwait(false)
                ? ItemOutcome.Failed
                : ItemOutcome.LeaseLost;
        }

        return await FailAsync(lease, (connection, result), result.ErrorCode ?? "SYNC_FAILED", result.Message ?? result.Status.ToString(),
            transient: true, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// An <see cref="OrderSyncStatus.Unchanged"/> order logs nothing: it is the echo of its own last sync, whose outcome
    /// stays the order's latest.
    /// </remarks>
    private SyncOutcome? Outcome(EngineConnection connection, WorkLease lease, SyncResult result) =>
        result.Status == OrderSyncStatus.Unchanged ? null : result.ToOutcome(connection.Id, _time.GetUtcNow(), lease.ItemId, lease.Attempt);
}
