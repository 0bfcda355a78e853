using System.Collections.Concurrent;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// The <c>SystemModstamp</c> each order and order line had right after CpqSync's own write-back to it, read in the
/// write-back's call. Change polling drops a row carrying exactly that stamp before reading anything: it is the echo of
/// the write-back, not a user's change (a later change moves the stamp and is synced).
/// </summary>
/// <remarks>
/// Bounded in time and in size, so a long backfill (every order and line it writes back) does not grow the process:
/// about <see cref="DefaultCapacity"/> stamps (about 175 bytes each, so about 4 MB; the count is checked every eighth of
/// it). At a backfill's pace of up to ~30 orders a second with a few lines each (about 120 stamps a second) that still
/// covers the last three minutes, more than change polling's default interval plus overlap (30 s + 2 min); in a
/// 100,000-order backfill with a cap of 100,000 (about four stamps per order), the live heap grew from 47 to 52 MB
/// between 14,000 and 21,800 orders and the peak resident size passed 300 MB (bench/CpqSync.EndToEnd/README.md). A
/// stamp forgotten early only costs the poll one read of that row (it is then synced as unchanged), never a missed
/// change.
/// </remarks>
public sealed class WriteBackEchoes
{
    /// <summary>Stamps kept at most by default.</summary>
    public const int DefaultCapacity = 25_000;

    /// <summary>How long a stamp is kept: longer than change polling's overlap re-reads a row.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _stamps = new(StringComparer.Ordinal);
    private readonly Lock _trimming = new();
    private readonly int _capacity;
    private long _newest;
    private long _added;

    public WriteBackEchoes()
        : this(DefaultCapacity)
    {
    }

    /// <param name="capacity">Stamps kept at most; past that the oldest quarter is forgotten.</param>
    public WriteBackEchoes(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 4);
        _capacity = capacity;
    }

    /// <summary>Stamps held now.</summary>
    public int Count => _stamps.Count;

    /// <summary>
    /// Remembers <paramref name="recordId"/>'s stamp after a write-back, and forgets stamps older than an hour before the
    /// newest, and the oldest ones past the capacity.
    /// </summary>
    public void Remember(string recordId, DateTimeOffset modstamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        _stamps[recordId] = modstamp;
        var newest = Math.Max(Interlocked.Read(ref _newest), modstamp.UtcTicks);
        Interlocked.Exchange(ref _newest, newest);
        var added = Interlocked.Increment(ref _added);
        if (added % 1_000 == 0)
        {
            Forget(_stamps.Where(e => e.Value < new DateTimeOffset(newest, TimeSpan.Zero) - Horizon).ToList());
        }

        // Count is read only every capacity/8 additions: it takes every lock of the dictionary.
        if (added % Math.Max(1, _capacity / 8) == 0 && _stamps.Count > _capacity && _trimming.TryEnter())
        {
            try
            {
                var excess = _stamps.Count - (_capacity - (_capacity / 4));
                Forget(excess > 0 ? [.. _stamps.OrderBy(static e => e.Value).Take(excess)] : []);
            }
            finally
            {
                _trimming.Exit();
            }
        }
    }

    /// <summary>True when the row is CpqSync's own write-back, unchanged since.</summary>
    public bool IsEcho(string recordId, DateTimeOffset modstamp) => _stamps.TryGetValue(recordId, out var stamp) && stamp == modstamp;

    private void Forget(List<KeyValuePair<string, DateTimeOffset>> stamps)
    {
        foreach (var stamp in stamps)
        {
            // Only this stamp: a newer write-back of the same record since the scan stays.
            _stamps.TryRemove(stamp);
        }
    }
}
