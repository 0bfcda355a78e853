using System.Diagnostics.Metrics;
using CpqSync.Engine;
using CpqSync.Storage;

namespace CpqSync.Hosting.Serve;

/// <summary>How the latest live sync poll went.</summary>
/// <param name="LiveSync">Whether live sync was on (off: nothing was read).</param>
/// <param name="Queued">Orders the poll queued.</param>
/// <param name="Error">Why the poll failed, in one line; <see langword="null"/> when it did not.</param>
public sealed record LivePoll(DateTimeOffset At, bool LiveSync, int Queued, string? Error);

/// <summary>Which live sync mode runs and how it is doing, for the dashboard.</summary>
/// <param name="Mode">The connection document's name of the mode (<c>change_events</c>, <c>polling</c>).</param>
/// <param name="LastEventLag">How long after its commit the last change event arrived (change events only).</param>
/// <param name="LastReconciliationAt">When the last poll by <c>SystemModstamp</c> ran (every poll, in polling mode).</param>
public sealed record LiveSyncModeStatus(string Mode, DateTimeOffset? LastEventAt, TimeSpan? LastEventLag, DateTimeOffset? LastReconciliationAt);

/// <summary>
/// What the live sync loop last did, for <c>/healthz</c>, and its metrics on the meter <c>CpqSync</c>: polls by outcome,
/// orders queued, and the queue's depth by state.
/// </summary>
public sealed class LiveSyncStatus
{
    private readonly Counter<long> _polls;
    private readonly Counter<long> _queued;
    private volatile LivePoll? _lastPoll;
    private volatile QueueSummary? _queue;

    public LiveSyncStatus(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(EngineTelemetry.Name);
        _polls = meter.CreateCounter<long>("cpqsync.live_sync.polls", "{poll}", "Live sync ticks, by outcome (queued, idle, off, failed).");
        _queued = meter.CreateCounter<long>("cpqsync.live_sync.queued", "{order}", "Orders live sync found changed and queued.");
        meter.CreateObservableGauge("cpqsync.queue.items", ObserveQueue, "{item}", "Work items in the queue, by state (waiting, leased, parked).");
    }

    public LivePoll? LastPoll => _lastPoll;

    /// <summary>The mode that runs; null while live sync is off or not yet started.</summary>
    public LiveSyncModeStatus? Mode { get; private set; }

    public void Record(LiveSyncModeStatus? mode) => Mode = mode;

    public QueueSummary? Queue => _queue;

    public void Record(LivePoll poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        _lastPoll = poll;
        var outcome = poll.Error is not null ? "failed" : !poll.LiveSync ? "off" : poll.Queued > 0 ? "queued" : "idle";
        _polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (poll.Queued > 0)
        {
            _queued.Add(poll.Queued);
        }
    }

    public void Record(QueueSummary queue) => _queue = queue;

    private IEnumerable<Measurement<long>> ObserveQueue()
    {
        if (_queue is not { } queue)
        {
            yield break;
        }

        yield return new Measurement<long>(queue.Pending, new KeyValuePair<string, object?>("state", "waiting"));
        yield return new Measurement<long>(queue.Leased, new KeyValuePair<string, object?>("state", "leased"));
        yield return new Measurement<long>(queue.Parked, new KeyValuePair<string, object?>("state", "parked"));
    }
}
