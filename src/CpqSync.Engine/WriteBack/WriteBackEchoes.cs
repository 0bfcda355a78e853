using System.Collections.Concurrent;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// The <c>SystemModstamp</c> each order and order line had right after CpqSync's own write-back to it, read in the
/// write-back's call. Change polling drops a row carrying exactly that stamp before reading anything: it is the echo of
/// the write-back, not a user's change (a later change moves the stamp and is synced).
/// </summary>
public sealed class WriteBackEchoes
{
    /// <summary>How long a stamp is kept: longer than change polling's overlap re-reads a row.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _stamps = new(StringComparer.Ordinal);
    private long _newest;

    /// <summary>Remembers <paramref name="recordId"/>'s stamp after a write-back, and forgets stamps older than an hour before the newest.</summary>
    public void Remember(string recordId, DateTimeOffset modstamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        _stamps[recordId] = modstamp;
        var newest = Math.Max(Interlocked.Read(ref _newest), modstamp.UtcTicks);
        Interlocked.Exchange(ref _newest, newest);
        if (_stamps.Count % 1_000 == 0)
        {
            var before = new DateTimeOffset(newest, TimeSpan.Zero) - Horizon;
            foreach (var (id, stamp) in _stamps.Where(e => e.Value < before).ToList())
            {
                _stamps.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, stamp));
            }
        }
    }

    /// <summary>True when the row is CpqSync's own write-back, unchanged since.</summary>
    public bool IsEcho(string recordId, DateTimeOffset modstamp) => _stamps.TryGetValue(recordId, out var stamp) && stamp == modstamp;
}
