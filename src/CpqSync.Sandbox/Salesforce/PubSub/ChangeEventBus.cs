using System.Buffers.Binary;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>One change event on the bus: its position (replay id), topic entity, schema, Avro payload and commit time.</summary>
internal sealed record BusEvent(long ReplayId, string EventName, string SchemaId, string EventId, byte[] Payload, DateTimeOffset CommittedAt);

/// <summary>
/// The org's event bus: change events in commit order, each with a replay id that only grows, kept for the retention
/// period measured on the sandbox's clock (72 hours, docs: Salesforce's event message durability). Thread-safe.
/// Replay ids are opaque to clients: 8 bytes, big-endian.
/// </summary>
internal sealed class ChangeEventBus(TimeProvider time, TimeSpan retention)
{
    private readonly Lock _lock = new();
    private readonly List<BusEvent> _events = [];
    private long _latest;
    private long _purgedThrough;
    private TaskCompletionSource _published = NewSignal();

    /// <summary>The replay id of the newest event published (0 before the first).</summary>
    public long Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    public static byte[] Encode(long replayId)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, replayId);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> replayId, out long value)
    {
        value = 0;
        if (replayId.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt64BigEndian(replayId);
        return value >= 0;
    }

    /// <summary>Appends one transaction's events in order and wakes every subscriber.</summary>
    public void Publish(IEnumerable<(string EventName, string SchemaId, byte[] Payload)> events)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var any = false;
            foreach (var (eventName, schemaId, payload) in events)
            {
                _latest++;
                _events.Add(new BusEvent(_latest, eventName, schemaId, Guid.NewGuid().ToString(), payload, now));
                any = true;
            }

            if (!any)
            {
                return;
            }

            signal = _published;
            _published = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Completes when the next event is published.</summary>
    public Task NextPublication()
    {
        lock (_lock)
        {
            return _published.Task;
        }
    }

    /// <summary>Whether a subscriber may resume after <paramref name="replayId"/>: issued by this bus and still retained.</summary>
    public bool IsValidReplayId(long replayId)
    {
        lock (_lock)
        {
            Purge();
            return replayId <= _latest && (replayId > _purgedThrough || (replayId == 0 && _purgedThrough == 0));
        }
    }

    /// <summary>The position just before the oldest retained event (where EARLIEST starts).</summary>
    public long EarliestPosition()
    {
        lock (_lock)
        {
            Purge();
            return _purgedThrough;
        }
    }

    /// <summary>Up to <paramref name="max"/> retained events after <paramref name="after"/> that <paramref name="match"/> accepts.</summary>
    public IReadOnlyList<BusEvent> Read(long after, Func<BusEvent, bool> match, int max)
    {
        lock (_lock)
        {
            Purge();
            var result = new List<BusEvent>();
            for (var i = FirstAfter(after); i < _events.Count && result.Count < max; i++)
            {
                if (match(_events[i]))
                {
                    result.Add(_events[i]);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// What a keep-alive reports as the latest replay id for a subscriber at <paramref name="position"/>: the newest
    /// event on the bus when none after the position is waiting for it, else the position itself (never past an
    /// event the subscriber has not received).
    /// </summary>
    public long LatestFor(long position, Func<BusEvent, bool> match)
    {
        lock (_lock)
        {
            for (var i = FirstAfter(position); i < _events.Count; i++)
            {
                if (match(_events[i]))
                {
                    return position;
                }
            }

            return Math.Max(position, _latest);
        }
    }

    private int FirstAfter(long replayId)
    {
        var index = _events.BinarySearch(new BusEvent(replayId, "", "", "", [], default), ReplayOrder.Instance);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Drops events older than the retention period.</summary>
    private void Purge()
    {
        var cutoff = time.GetUtcNow() - retention;
        var count = 0;
        while (count < _events.Count && _events[count].CommittedAt <= cutoff)
        {
            count++;
        }

        if (count > 0)
        {
            _purgedThrough = _events[count - 1].ReplayId;
            _events.RemoveRange(0, count);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ReplayOrder : IComparer<BusEvent>
    {
        public static readonly ReplayOrder Instance = new();

        public int Compare(BusEvent? x, BusEvent? y) => x!.ReplayId.CompareTo(y!.ReplayId);
    }
}
