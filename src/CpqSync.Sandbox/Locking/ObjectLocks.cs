namespace CpqSync.Sandbox.Locking;

/// <summary>
/// Reader/writer locks on a sandbox's objects (the emulated Stripe account's objects, the emulated org's records), keyed
/// by kind and id (an entry exists only while someone holds it, so unrelated objects never share a lock): a request
/// holds each object it reads (shared) or may change (exclusive) until it ends, so requests on different objects run
/// side by side and requests on the same object run one after another (two-phase locking). Nobody waits while holding
/// a lock: a request that finds an object locked against it gives up (<see cref="LockConflictException"/>), is undone,
/// releases what it holds, waits for that one object to be free and runs again, so no two requests can wait for each
/// other.
/// </summary>
internal sealed class ObjectLocks
{
    /// <summary>Guards the held locks; held only to look at or change them, never while a request runs.</summary>
    private readonly object _sync = new();
    private readonly Dictionary<(string Kind, string Id), Entry> _held = [];

    /// <summary>Locks the object for <paramref name="owner"/>, or throws <see cref="LockConflictException"/> when another request holds it against this one.</summary>
    public void Acquire(LockOwner owner, string kind, string id, bool exclusive)
    {
        var key = (kind, id);
        var held = owner.Held.GetValueOrDefault(key);
        if (held == Mode.Exclusive || (held == Mode.Shared && !exclusive))
        {
            return;
        }

        lock (_sync)
        {
            if (!_held.TryGetValue(key, out var state))
            {
                state = new Entry();
                _held[key] = state;
            }

            if (exclusive)
            {
                // Free, or held shared by this request alone (an upgrade).
                if (state.Writer is not null || state.Readers > (held == Mode.Shared ? 1 : 0))
                {
                    throw new LockConflictException(key, exclusive);
                }

                state.Readers = 0;
                state.Writer = owner;
                owner.Held[key] = Mode.Exclusive;
            }
            else
            {
                if (state.Writer is not null)
                {
                    throw new LockConflictException(key, exclusive);
                }

                state.Readers++;
                owner.Held[key] = Mode.Shared;
            }
        }
    }

    /// <summary>Releases everything <paramref name="owner"/> holds and wakes requests waiting for an object.</summary>
    public void ReleaseAll(LockOwner owner)
    {
        if (owner.Held.Count == 0)
        {
            return;
        }

        lock (_sync)
        {
            foreach (var (key, mode) in owner.Held)
            {
                var state = _held[key];
                if (mode == Mode.Exclusive)
                {
                    state.Writer = null;
                }
                else
                {
                    state.Readers--;
                }

                if (state.Writer is null && state.Readers == 0)
                {
                    _held.Remove(key);
                }
            }

            owner.Held.Clear();
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Waits, holding nothing, until the object a request ran into could be locked as it wanted it.</summary>
    public void WaitFor(LockConflictException conflict, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            while (IsHeldAgainst(conflict))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Woken by every release; the bound only re-checks cancellation.
                Monitor.Wait(_sync, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>
    /// Waits, holding nothing, until the object a request ran into could be locked as it wanted it, or until
    /// <paramref name="deadline"/> on <paramref name="time"/>'s clock: false when the deadline came first.
    /// </summary>
    public bool WaitFor(LockConflictException conflict, TimeProvider time, DateTimeOffset deadline)
    {
        // The deadline wakes the waiter as a release would, so a fake clock moved past it ends the wait at once.
        using var alarm = time.CreateTimer(_ => Wake(), null, Max(deadline - time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        lock (_sync)
        {
            while (IsHeldAgainst(conflict))
            {
                if (time.GetUtcNow() >= deadline)
                {
                    return false;
                }

                // Woken by every release and by the alarm; the bound is only a safety net.
                Monitor.Wait(_sync, TimeSpan.FromMilliseconds(100));
            }

            return true;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Wake()
    {
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
    }

    private bool IsHeldAgainst(LockConflictException conflict) =>
        _held.TryGetValue(conflict.Key, out var state) && (state.Writer is not null || (conflict.Exclusive && state.Readers > 0));

    internal enum Mode
    {
        None,
        Shared,
        Exclusive,
    }

    private sealed class Entry
    {
        public LockOwner? Writer { get; set; }

        public int Readers { get; set; }
    }
}

/// <summary>The objects one request holds locked.</summary>
internal sealed class LockOwner
{
    public Dictionary<(string Kind, string Id), ObjectLocks.Mode> Held { get; } = [];
}

/// <summary>A request ran into an object another request holds; it is undone and run again once the object is free.</summary>
internal sealed class LockConflictException((string Kind, string Id) key, bool exclusive) : Exception("The object is locked by another request.")
{
    public (string Kind, string Id) Key { get; } = key;

    public bool Exclusive { get; } = exclusive;
}
