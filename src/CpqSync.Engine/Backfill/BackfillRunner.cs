using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Backfill;

/// <summary>
/// Syncs every order matching the connection's preferences (its filters and start date, or another start date): reads
/// them page by page in a stable order, queues each page and moves a stored cursor in the same transaction, and lets
/// the worker sync the pages in one pass, queuing the next page (read ahead) once fewer of the queued orders wait than the
/// worker runs at once. A backfill killed at any point resumes after the last page it queued; the orders it had queued
/// and not finished come back from the queue.
/// </summary>
/// <remarks>
/// Salesforce calls: per page (<see cref="SyncWorkerOptions.BackfillPageSize"/> orders) two composite calls for its orders
/// and all their snapshots (<see cref="OrderSnapshotReader.ReadPageAsync"/>, read ahead while the previous page syncs), the
/// backfill's COUNT riding with the first, plus the batched write-backs.
/// </remarks>
public sealed class BackfillRunner(
    SalesforceClient salesforce,
    ConnectionPreparer preparer,
    OrderSnapshotReader reader,
    ISyncStore store,
    ISyncMonitor monitor,
    SyncWorker worker,
    IOptions<SyncWorkerOptions> options,
    TimeProvider time,
    ILogger<BackfillRunner> logger,
    WorkQueuedSignal? queued = null)
{
    private readonly SyncWorkerOptions _options = options.Value;

    /// <param name="since">Orders activated on or after this day (UTC) instead of the preferences' start date.</param>
    /// <exception cref="SyncFilterException">A filter does not fit the org.</exception>
    /// <exception cref="SalesforceApiException">Salesforce refused the backfill's own queries.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; running the backfill again resumes it.</exception>
    public async Task<BackfillReport> RunAsync(
        EngineConnection connection, DateOnly? since, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var tally = ApiCallTally.Begin();
        var started = time.GetTimestamp();
        // Prepared once for the whole backfill: every page's worker pass runs it as it is.
        connection = await preparer.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        var configuration = connection.Configuration;
        var preferences = since is null ? connection.Preferences : connection.Preferences with { StartDate = since };
        var conditions = await OrderSyncConditions.CreateAsync(preferences, salesforce, cancellationToken).ConfigureAwait(false);
        var cursorName = BackfillCursor.Name(since);
        var after = BackfillCursor.After(await store.GetCursorAsync(connection.Id, cursorName, cancellationToken).ConfigureAwait(false));

        // The first page brings the COUNT in the same call.
        var first = await ReadPageAsync(conditions, after, configuration, count: true, cancellationToken).ConfigureAwait(false);
        var counts = new Counts(first.Total ?? 0);
        void Report() => progress?.Report(counts.Progress(time.GetElapsedTime(started)));

        var resumed = after is not null;
        void Finished(WorkLease lease, ItemOutcome outcome)
        {
            counts.Add(outcome);
            Report();
        }

        // The orders this backfill queued that no worker pass has leased yet.
        var backlog = new Backlog(() => worker.OrdersAtOnce);
        using var stopPass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SyncWorkerPass>? pass = null;
        Task<SyncWorkerPass> StartPass() => worker.RunOnceAsync(connection, backlog.Leased, Finished, stopPass.Token);

        var next = Task.FromResult(first);
        try
        {
            while (true)
            {
                var page = await next.ConfigureAwait(false);
                if (page.After is not { } last)
                {
                    break;
                }

                after = last;
                var items = page.Orders
                    .Select(r => SyncWork.Order(connection.Id, r.Id, r.ContractId, SyncTrigger.Backfill))
                    .ToList();
                backlog.Queued(items.Select(static i => i.RecordId));
                await store.EnqueueBatchAsync(items, BackfillCursor.At(connection.Id, cursorName, last.ActivatedDate, last.Id), cancellationToken)
                    .ConfigureAwait(false);
                queued?.Notify();
                counts.Queued += items.Count;
                logger.BackfillPage(items.Count, counts.Queued);
                Report();

                // The next page (its ids and its orders' snapshots) is read while this one syncs.
                var full = page.Count == _options.BackfillPageSize;
                next = full ? ReadPageAsync(conditions, after, configuration, count: false, cancellationToken) : Task.FromResult(OrderPage.Empty);
                // One worker pass runs on while pages are queued into it: it leases this page's orders as the previous
                // page's last ones finish. A pass that ran out of work before this page was queued is started again.
                if (pass is null || pass.IsCompleted)
                {
                    if (pass is not null)
                    {
                        await pass.ConfigureAwait(false);
                    }

                    pass = StartPass();
                }

                if (!full)
                {
                    break;
                }

                // The next page is queued, moving the cursor, once fewer of the queued orders wait to be leased than the
                // worker runs at once: the orders in flight never drain between pages, the queue holds at most about a
                // page more than the worker runs, and a killed backfill resumes after the last page it queued (the
                // orders queued and not finished come back from the queue).
                for (var restarted = false; ;)
                {
                    await Task.WhenAny(pass, backlog.LowAsync()).ConfigureAwait(false);
                    if (!pass.IsCompleted)
                    {
                        break;
                    }

                    await pass.ConfigureAwait(false);
                    // The pass ended as this page was being queued (its last lease came just before): start one for it.
                    if (restarted || backlog.Unleased == 0)
                    {
                        break;
                    }

                    restarted = true;
                    pass = StartPass();
                }
            }

            if (pass is not null)
            {
                await pass.ConfigureAwait(false);
            }
        }
        catch
        {
            // The read-ahead's own failure is of no interest once the backfill failed; observe it so it is not lost. A pass
            // still running (the store refused a page) stops; its orders come back from the queue when their leases expire.
            _ = next.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (pass is { IsCompleted: false })
            {
                await stopPass.CancelAsync().ConfigureAwait(false);
                await ((Task)pass).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }

        await DrainAsync(connection, counts, Report, cancellationToken).ConfigureAwait(false);
        await store.SaveCursorAsync(BackfillCursor.Finished(connection.Id, cursorName), cancellationToken).ConfigureAwait(false);
        logger.BackfillFinished(counts.Total, counts.Succeeded, counts.Failed, counts.Parked);
        // Only what this process's worker finished counts: another backfill on the same store reports its own.
        return new BackfillReport(counts.Total, counts.Queued, resumed, counts.Succeeded, counts.Failed, counts.Parked, counts.Retried,
            tally.Tally.Salesforce, tally.Tally.Stripe, time.GetElapsedTime(started)) { Unchanged = counts.Unchanged };
    }

    /// <summary>
    /// How many orders match the preferences (their filters and start date): what a backfill queues, and what live sync
    /// turned on with this start date syncs first. Filter values may be text, as a document holds them. One COUNT query
    /// (plus a describe per filtered object, cached by the client).
    /// </summary>
    /// <exception cref="SyncFilterException">A filter does not fit the org.</exception>
    public static async Task<int> CountAsync(SalesforceClient salesforce, SyncPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(salesforce);
        var conditions = await OrderSyncConditions.CreateAsync(preferences, salesforce, cancellationToken).ConfigureAwait(false);
        return await CountAsync(salesforce, conditions, cancellationToken).ConfigureAwait(false);
    }

    private static Task<int> CountAsync(SalesforceClient salesforce, OrderSyncConditions conditions, CancellationToken cancellationToken) =>
        salesforce.CountAsync(Count(conditions), cancellationToken);

    private static SoqlQuery Count(OrderSyncConditions conditions) => Soql.Query($"SELECT COUNT() FROM Order WHERE {Where(conditions, after: null)}");

    /// <summary>Runs the worker until the connection's queue holds nothing due or waiting for a retry (parked items stay).</summary>
    private async Task DrainAsync(EngineConnection connection, Counts counts, Action report, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pass = await worker.RunOnceAsync(connection, (_, outcome) =>
            {
                counts.Add(outcome);
                report();
            }, cancellationToken).ConfigureAwait(false);
            if (pass.Processed > 0)
            {
                continue;
            }

            // Nothing was due: orders waiting for a retry, or leased by a worker that stopped (their lease expires).
            var queue = await monitor.GetQueueSummaryAsync(connection.Id, cancellationToken).ConfigureAwait(false);
            if (queue.Pending == 0 && queue.Leased == 0)
            {
                return;
            }

            await Task.Delay(_options.IdleDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One page of orders after <paramref name="after"/>, their snapshots read with it (<see cref="OrderSnapshotReader.ReadPageAsync"/>:
    /// two composite calls for a page without contracts), with the backfill's COUNT in the first call when <paramref name="count"/>.
    /// </summary>
    private async Task<OrderPage> ReadPageAsync(
        OrderSyncConditions conditions, (DateTimeOffset ActivatedDate, string Id)? after, SyncConfiguration configuration, bool count,
        CancellationToken cancellationToken)
    {
        var read = await reader.ReadPageAsync(PageQuery(conditions, after, _options.BackfillPageSize, count), configuration, cancellationToken)
            .ConfigureAwait(false);
        if (read.PrefetchFailure is { } failure)
        {
            // Each order then reads its own snapshot, and its sync reports what Salesforce refused.
            logger.BackfillPrefetchFailed(failure);
        }

        var orders = read.Orders.Select(static o => (o.Id, o.ContractId)).ToList();
        return read.Orders is [.., var last]
            ? new OrderPage(orders, (last.ActivatedDate, last.Id)) { Total = read.Total }
            : OrderPage.Empty with { Total = read.Total };
    }

    /// <summary>
    /// The page of at most <paramref name="limit"/> orders after <paramref name="after"/> (from the start when null) that a
    /// backfill under <paramref name="conditions"/> reads, with the backfill's COUNT when <paramref name="count"/>.
    /// </summary>
    public static OrderPageQuery PageQuery(OrderSyncConditions conditions, (DateTimeOffset ActivatedDate, string Id)? after, int limit, bool count)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return new OrderPageQuery(Where(conditions, after), limit, (path, from, to) => Range(conditions, from ?? after, to, path))
        {
            Count = count ? Count(conditions) : null,
        };
    }

    private sealed record OrderPage(IReadOnlyList<(string Id, string? ContractId)> Orders, (DateTimeOffset ActivatedDate, string Id)? After)
    {
        public static OrderPage Empty { get; } = new([], null);

        public int Count => Orders.Count;

        /// <summary>The COUNT's total, when the page was read with it.</summary>
        public int? Total { get; init; }
    }

    private static SoqlQuery Where(OrderSyncConditions conditions, (DateTimeOffset ActivatedDate, string Id)? after)
    {
        // Never-activated orders have no place in the order (and nothing to sync).
        var where = Soql.Query($"ActivatedDate != null");
        if (conditions.ForOrder() is { } filters)
        {
            where = Soql.Query($"{where} AND {filters}");
        }

        if (after is var (activated, id))
        {
            where = Soql.Query($"{where} AND (ActivatedDate > {activated} OR (ActivatedDate = {activated} AND Id > {id}))");
        }

        return where;
    }

    /// <summary>
    /// A page's orders as its other queries find them through <paramref name="path"/> (<c>Order.</c> from a line): every order
    /// after the cursor (or since the start date) up to the page's last one. The filters are left out: the range holds the
    /// page, and an order of the page whose filtered field changed since the page was read still brings all its records
    /// (orders of the range the filters leave out are read and not used).
    /// </summary>
    private static SoqlQuery Range(
        OrderSyncConditions conditions, (DateTimeOffset ActivatedDate, string Id)? after, (DateTimeOffset ActivatedDate, string Id) last, string path)
    {
        var activatedDate = Soql.Identifier(path + "ActivatedDate");
        var orderId = Soql.Identifier(path + "Id");
        var upTo = Soql.Query($"({activatedDate} < {last.ActivatedDate} OR ({activatedDate} = {last.ActivatedDate} AND {orderId} <= {last.Id}))");
        if (after is var (activated, id))
        {
            return Soql.Query($"({activatedDate} > {activated} OR ({activatedDate} = {activated} AND {orderId} > {id})) AND {upTo}");
        }

        if (conditions.Preferences.StartDate is { } start)
        {
            return Soql.Query($"{activatedDate} >= {new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)} AND {upTo}");
        }

        return upTo;
    }

    /// <summary>
    /// The orders a backfill queued that no worker pass has leased yet, and a signal for when fewer of them are left than
    /// the worker runs at once (<paramref name="atOnce"/>): time to queue the next page.
    /// </summary>
    private sealed class Backlog(Func<int> atOnce)
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _unleased = new(StringComparer.Ordinal);
        private TaskCompletionSource? _low;

        public int Unleased
        {
            get
            {
                lock (_lock)
                {
                    return _unleased.Count;
                }
            }
        }

        public void Queued(IEnumerable<string> orderIds)
        {
            lock (_lock)
            {
                _unleased.UnionWith(orderIds);
            }
        }

        public void Leased(IReadOnlyList<WorkLease> leases)
        {
            TaskCompletionSource? low = null;
            lock (_lock)
            {
                foreach (var lease in leases)
                {
                    _unleased.Remove(lease.RecordId);
                }

                if (_low is not null && _unleased.Count <= atOnce())
                {
                    (low, _low) = (_low, null);
                }
            }

            low?.TrySetResult();
        }

        /// <summary>Completes once at most as many queued orders wait to be leased as the worker runs at once.</summary>
        public Task LowAsync()
        {
            lock (_lock)
            {
                if (_unleased.Count <= atOnce())
                {
                    return Task.CompletedTask;
                }

                _low ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _low.Task;
            }
        }
    }

    private sealed class Counts(int total)
    {
        private int _succeeded;
        private int _unchanged;
        private int _failed;
        private int _parked;
        private int _retried;

        public int Total { get; } = total;

        public int Queued { get; set; }

        public int Succeeded => Volatile.Read(ref _succeeded);

        public int Unchanged => Volatile.Read(ref _unchanged);

        public int Failed => Volatile.Read(ref _failed);

        public int Parked => Volatile.Read(ref _parked);

        public int Retried => Volatile.Read(ref _retried);

        public void Add(ItemOutcome outcome)
        {
            switch (outcome)
            {
                case ItemOutcome.Succeeded:
                    Interlocked.Increment(ref _succeeded);
                    break;
                case ItemOutcome.Unchanged:
                    Interlocked.Increment(ref _unchanged);
                    break;
                case ItemOutcome.Failed:
                    Interlocked.Increment(ref _failed);
                    break;
                case ItemOutcome.Parked:
                    Interlocked.Increment(ref _parked);
                    break;
                case ItemOutcome.Retried:
                    Interlocked.Increment(ref _retried);
                    break;
                default:
                    break;
            }
        }

        public BackfillProgress Progress(TimeSpan elapsed)
        {
            var finished = Succeeded + Unchanged + Failed + Parked;
            return new BackfillProgress(Total, Queued, Succeeded, Failed, Parked, elapsed > TimeSpan.Zero ? finished / elapsed.TotalSeconds : 0)
            {
                Unchanged = Unchanged,
            };
        }
    }
}
