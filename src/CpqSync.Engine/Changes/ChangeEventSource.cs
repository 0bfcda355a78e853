using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;
using CpqSync.Salesforce.PubSub;
using CpqSync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CpqSync.Engine.Changes;

/// <summary>
/// Change detection by Change Data Capture events (Pub/Sub API). Subscriptions to every topic of
/// <see cref="ChangeEventOptions.Topics"/> start with the first poll and queue the orders their events reveal as the
/// events arrive: an order event queues the order, an order-line event its order (one query per batch reads the
/// orders' contracts and applies the sync filters); account, product, price book entry and quote events queue
/// nothing, as a poll by <c>SystemModstamp</c> would not (docs/behaviour.md §11). Each batch's replay id is stored in
/// the transaction that queues its work, so a restart resumes exactly after the last handled event.
/// </summary>
/// <remarks>
/// <para>
/// Echoes: an update by CpqSync's own user that changed only its write-back fields
/// (<see cref="PackageFields.WriteBackFields"/>) is dropped without an API call.
/// </para>
/// <para>
/// A poll (<see cref="PollAsync"/>) reports what events queued since the last one and runs the
/// <see cref="ModstampChangeSource"/> when a catch-up is owed (a gap or overflow event, a stored replay id past the
/// bus's retention or refused by it: from the last time known to be read) or the reconciliation interval has passed,
/// so a missed event is caught either way.
/// </para>
/// </remarks>
public sealed partial class ChangeEventSource : IChangeSource, IAsyncDisposable
{
    private const int IdsPerQuery = 200;

    private readonly SalesforceClient _client;
    private readonly ISyncStore _store;
    private readonly Guid _connectionId;
    private readonly OrderSyncConditions _conditions;
    private readonly ModstampChangeSource _modstamp;
    private readonly PubSubClient _pubSub;
    private readonly IPubSubCredentialSource _credentials;
    private readonly ChangeEventOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<DetectedChange> _queued = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _readUpTo = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _answered = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _catchUpGate = new();
    private List<Task>? _running;
    private DateTimeOffset? _catchUpFrom;
    private DateTimeOffset? _nextReconciliation;

    public ChangeEventSource(
        SalesforceClient client, ISyncStore store, Guid connectionId, OrderSyncConditions conditions, ModstampChangeSource modstamp,
        PubSubClient pubSub, IPubSubCredentialSource credentials, ChangeEventOptions options, TimeProvider time, ILogger? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _connectionId = connectionId;
        _conditions = conditions ?? throw new ArgumentNullException(nameof(conditions));
        _modstamp = modstamp ?? throw new ArgumentNullException(nameof(modstamp));
        _pubSub = pubSub ?? throw new ArgumentNullException(nameof(pubSub));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What the dashboard shows: the lag of the last event, the last reconciliation, the echoes dropped.</summary>
    public ChangeEventStatus Status { get; } = new();

    public async Task<ChangePoll> PollAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        var queued = new List<DetectedChange>();
        while (_queued.TryDequeue(out var change))
        {
            queued.Add(change);
        }

        var calls = 0;
        var now = _time.GetUtcNow();
        DateTimeOffset? catchUpFrom;
        lock (_catchUpGate)
        {
            catchUpFrom = _catchUpFrom;
            _catchUpFrom = null;
        }

        if (catchUpFrom is not null || now >= _nextReconciliation)
        {
            if (catchUpFrom is { } from)
            {
                await RewindAsync(from, cancellationToken).ConfigureAwait(false);
                LogCatchingUp(_logger, from);
            }

            var poll = await _modstamp.PollAsync(cancellationToken).ConfigureAwait(false);
            calls += poll.ApiCalls;
            queued.AddRange(poll.Queued);
            _nextReconciliation = now + _options.ReconciliationInterval;
            Status.Reconciled(now, catchUp: catchUpFrom is not null);
        }

        return new ChangePoll(queued, calls);
    }

    /// <summary>Reads the stored replay ids and opens one subscription per topic.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var starts = new List<(string Topic, ReadOnlyMemory<byte>? After)>();
        var anyStored = false;
        foreach (var topic in ChangeEventOptions.Topics)
        {
            var stored = await _store.GetReplayPositionAsync(_connectionId, topic, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                starts.Add((topic, null));
                continue;
            }

            anyStored = true;
            _readUpTo[topic] = stored.ReadUpTo;
            if (stored.ReadUpTo < now - ChangeEventOptions.Retention)
            {
                // The bus no longer holds what followed it: read the records instead, and listen from now on.
                RequestCatchUp(stored.ReadUpTo);
                starts.Add((topic, null));
            }
            else
            {
                starts.Add((topic, stored.ReplayId));
            }
        }

        // A first start reads the poller's window at once (as polling would); a restart resumes the events and
        // reconciles an interval later.
        _nextReconciliation = anyStored ? now + _options.ReconciliationInterval : now;
        Status.Started(now);
        _running = starts.Select(s => Task.Run(() => RunTopicAsync(s.Topic, s.After, _stop.Token), CancellationToken.None)).ToList();
    }

    private async Task RunTopicAsync(string topic, ReadOnlyMemory<byte>? after, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var subscription = new ChangeEventSubscription(_pubSub, topic, after, (batch, token) => HandleAsync(batch, token));
            try
            {
                await subscription.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PubSubReplayRejectedException e)
            {
                LogReplayRejected(_logger, topic, e.Message);
                RequestCatchUp(_readUpTo.TryGetValue(topic, out var readUpTo) ? readUpTo : _time.GetUtcNow());
                after = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(ChangeEventBatch batch, CancellationToken cancellationToken)
    {
        await QueueAsync(batch, cancellationToken).ConfigureAwait(false);
        _options.BatchHandled?.Invoke(batch);
    }

    /// <summary>Queues the orders a batch reveals and stores the replay id past it, in one transaction.</summary>
    private async Task QueueAsync(ChangeEventBatch batch, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_answered.TryAdd(batch.Topic, true) && _answered.Count == ChangeEventOptions.Topics.Count)
        {
            _subscribed.TrySetResult();
        }

        var replayId = batch.LatestReplayId.Length > 0 ? batch.LatestReplayId : batch.Events.Count > 0 ? batch.Events[^1].ReplayId : default;
        if (batch.IsKeepAlive)
        {
            Status.KeepAlive(now);
            // Refreshes the stored position now and then, so a quiet topic's replay id does not look expired.
            if (replayId.Length == 0 || (_readUpTo.TryGetValue(batch.Topic, out var last) && now - last < TimeSpan.FromHours(1)))
            {
                return;
            }

            await _store.EnqueueEventsAsync([], new ReplayPosition(_connectionId, batch.Topic, replayId, now), cancellationToken).ConfigureAwait(false);
            _readUpTo[batch.Topic] = now;
            return;
        }

        var orderIds = new HashSet<string>(StringComparer.Ordinal);
        var lineIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in batch.Events)
        {
            Status.Event(change.Header.CommitTimestamp, now);
            var header = change.Header;
            if (header.IsGap)
            {
                // No field values, perhaps not even record ids (an overflow): read the records changed since the last known time.
                LogGap(_logger, batch.Topic, header.ChangeType);
                RequestCatchUp(_readUpTo.TryGetValue(batch.Topic, out var readUpTo) ? readUpTo : header.CommitTimestamp);
                continue;
            }

            if (await IsEchoAsync(header, cancellationToken).ConfigureAwait(false))
            {
                Status.Echo();
                continue;
            }

            if (header.ChangeType == "DELETE")
            {
                continue;
            }

            var target = batch.Topic switch
            {
                ChangeEventOptions.OrderTopic => orderIds,
                ChangeEventOptions.OrderItemTopic => lineIds,
                _ => null,
            };
            target?.UnionWith(header.RecordIds);
        }

        var changes = await ReadOrdersAsync(orderIds, lineIds, cancellationToken).ConfigureAwait(false);
        var items = changes
            .Select(c => new NewWorkItem(_connectionId, ModstampChangeSource.SyncKind, "Order", c.OrderId, OrderingKey: c.ContractId))
            .ToList();
        await _store.EnqueueEventsAsync(items, new ReplayPosition(_connectionId, batch.Topic, replayId, now), cancellationToken).ConfigureAwait(false);
        _readUpTo[batch.Topic] = now;
        foreach (var change in changes)
        {
            _queued.Enqueue(change);
        }

        if (changes.Count > 0)
        {
            Status.Queued(changes.Count);
            LogQueued(_logger, changes.Count, batch.Topic);
        }
    }

    private async ValueTask<bool> IsEchoAsync(ChangeEventHeader header, CancellationToken cancellationToken)
    {
        if (header.ChangeType != "UPDATE" || header.CommitUser is null)
        {
            return false;
        }

        var changed = header.ChangedFields.Where(f => !PackageFields.SystemStamps.Contains(f)).ToList();
        if (changed.Count == 0 || !changed.All(PackageFields.WriteBackFields.Contains))
        {
            return false;
        }

        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        return string.Equals(credentials.UserId, header.CommitUser, StringComparison.Ordinal)
            || (credentials.UserId is { Length: 18 } && header.CommitUser.Length == 15 && credentials.UserId.StartsWith(header.CommitUser, StringComparison.Ordinal));
    }

    /// <summary>The orders (with their contracts) that match the sync filters among those changed and those whose lines changed.</summary>
    private async Task<List<DetectedChange>> ReadOrdersAsync(HashSet<string> orderIds, HashSet<string> lineIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, DetectedChange>(StringComparer.Ordinal);
        foreach (var slice in orderIds.Chunk(IdsPerQuery))
        {
            var where = _conditions.ForOrder() is { } condition ? Soql.Query($"Id IN {slice.ToList()} AND {condition}") : Soql.Query($"Id IN {slice.ToList()}");
            await foreach (var row in _client.QueryAsync(Soql.Query($"SELECT Id, ContractId, SystemModstamp FROM Order WHERE {where}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var id = row["Id"]!.GetValue<string>();
                found.TryAdd(id, new DetectedChange(id, row["ContractId"]?.GetValue<string>(), Modstamp(row)));
            }
        }

        foreach (var slice in lineIds.Chunk(IdsPerQuery))
        {
            var where = _conditions.ForOrderItem() is { } condition ? Soql.Query($"Id IN {slice.ToList()} AND {condition}") : Soql.Query($"Id IN {slice.ToList()}");
            await foreach (var row in _client.QueryAsync(Soql.Query($"SELECT Id, OrderId, Order.ContractId, SystemModstamp FROM OrderItem WHERE {where}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var id = row["OrderId"]!.GetValue<string>();
                found.TryAdd(id, new DetectedChange(id, (row["Order"] as JsonObject)?["ContractId"]?.GetValue<string>(), Modstamp(row)));
            }
        }

        return [.. found.Values];
    }

    private static DateTimeOffset Modstamp(JsonObject row) => SalesforceDateTimes.Parse(row["SystemModstamp"]!.GetValue<string>());

    /// <summary>Owes a catch-up from <paramref name="from"/> (the earliest of those owed), run by the next poll.</summary>
    private void RequestCatchUp(DateTimeOffset from)
    {
        lock (_catchUpGate)
        {
            _catchUpFrom = _catchUpFrom is { } owed && owed < from ? owed : from;
        }
    }

    /// <summary>Moves the poller's cursors back to <paramref name="from"/> where they are later, so its next read starts there.</summary>
    private async Task RewindAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        foreach (var objectName in new[] { "Order", "OrderItem" })
        {
            var cursor = await _store.GetCursorAsync(_connectionId, objectName, cancellationToken).ConfigureAwait(false);
            if (cursor is null || cursor.HighWaterMark > from)
            {
                await _store.SaveCursorAsync(new ChangeCursor(_connectionId, objectName, from, []), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Completes once every topic's stream has answered (events or a keep-alive), so the subscriptions are known to be
    /// live. For tests and the benchmark, which make changes only once they are.
    /// </summary>
    public Task Subscribed => _subscribed.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = EngineEventIds.ChangeEventsQueued, Level = LogLevel.Information, Message = "Change events queued {Orders} orders ({Topic})")]
    private static partial void LogQueued(ILogger logger, int orders, string topic);

    [LoggerMessage(EventId = EngineEventIds.ChangeEventGap, Level = LogLevel.Warning, Message = "A gap event ({ChangeType}) on {Topic}: catching up by SystemModstamp")]
    private static partial void LogGap(ILogger logger, string topic, string changeType);

    [LoggerMessage(EventId = EngineEventIds.ChangeEventReplayRejected, Level = LogLevel.Warning, Message = "The stored replay id of {Topic} was refused ({Reason}): catching up by SystemModstamp and listening from now")]
    private static partial void LogReplayRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = EngineEventIds.ChangeEventsCatchingUp, Level = LogLevel.Information, Message = "Catching up on changes since {From:O} by SystemModstamp")]
    private static partial void LogCatchingUp(ILogger logger, DateTimeOffset from);
}

/// <summary>A change-event source's state as the dashboard shows it; thread-safe.</summary>
public sealed class ChangeEventStatus
{
    private readonly object _gate = new();

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When the last event arrived, and how long after its commit.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    public TimeSpan? LastEventLag { get; private set; }

    public DateTimeOffset? LastKeepAliveAt { get; private set; }

    public DateTimeOffset? LastReconciliationAt { get; private set; }

    public DateTimeOffset? LastCatchUpAt { get; private set; }

    public long EchoesDropped { get; private set; }

    public long OrdersQueued { get; private set; }

    internal void Started(DateTimeOffset at)
    {
        lock (_gate)
        {
            StartedAt = at;
        }
    }

    internal void Event(DateTimeOffset committed, DateTimeOffset received)
    {
        lock (_gate)
        {
            LastEventAt = received;
            LastEventLag = received - committed < TimeSpan.Zero ? TimeSpan.Zero : received - committed;
        }
    }

    internal void KeepAlive(DateTimeOffset at)
    {
        lock (_gate)
        {
            LastKeepAliveAt = at;
        }
    }

    internal void Reconciled(DateTimeOffset at, bool catchUp)
    {
        lock (_gate)
        {
            LastReconciliationAt = at;
            if (catchUp)
            {
                LastCatchUpAt = at;
            }
        }
    }

    internal void Echo()
    {
        lock (_gate)
        {
            EchoesDropped++;
        }
    }

    internal void Queued(int orders)
    {
        lock (_gate)
        {
            OrdersQueued += orders;
        }
    }
}
