using System.Threading.RateLimiting;

namespace CpqSync.Stripe;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: it holds at most <c>capacity</c> tokens, refills continuously at
/// <c>perSecond</c> by the time elapsed since it last looked (so a late timer costs no tokens, only the wait of the
/// requests queued meanwhile), and hands tokens to waiting requests oldest first, one timer at a time set for when the
/// oldest one's token is due. Waits without limit; the caller's cancellation ends a wait.
/// </summary>
internal sealed class PacingBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(acquired: true);
    private static readonly RateLimitLease Refused = new Lease(acquired: false);

    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly ITimer _timer;
    private double _tokens;
    private long _refilledAt;
    private long _idleSince;
    private bool _disposed;

    public PacingBucket(double perSecond, int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _perSecond = perSecond;
        _capacity = capacity;
        _tokens = capacity;
        _refilledAt = time.GetTimestamp();
        _idleSince = _refilledAt;
        _timer = time.CreateTimer(static bucket => ((PacingBucket)bucket!).Release(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count == 0 ? _time.GetElapsedTime(_idleSince) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens, CurrentQueuedCount = _waiting.Count };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ThrowIfNotOne(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return TryTake() ? Granted : Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ThrowIfNotOne(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryTake())
            {
                return ValueTask.FromResult(Granted);
            }

            waiter = new Waiter();
            waiter.Node = _waiting.AddLast(waiter);
            if (_waiting.Count == 1)
            {
                Schedule();
            }
        }

        return WaitAsync(waiter, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> waiting;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        _timer.Dispose();
        waiting.ForEach(static w => w.Done.TrySetResult(Refused));
    }

    private async ValueTask<RateLimitLease> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                if (waiter.Node?.List is not null)
                {
                    _waiting.Remove(waiter.Node);
                }
                else if (waiter.Done.Task.IsCompletedSuccessfully && waiter.Done.Task.Result.IsAcquired)
                {
                    // A token handed over as the wait was cancelled is not lost: it goes back to the bucket.
                    _tokens = Math.Min(_capacity, _tokens + 1);
                }
            }

            Release();
            throw;
        }
    }

    /// <summary>Hands the tokens time has brought to the oldest waiters, and sets the timer for the next one's.</summary>
    private void Release()
    {
        var served = new List<Waiter>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Refill();
            while (_waiting.First is { } first && _tokens >= 1)
            {
                _waiting.RemoveFirst();
                _tokens -= 1;
                served.Add(first.Value);
            }

            if (_waiting.Count > 0)
            {
                Schedule();
            }
            else
            {
                _idleSince = _time.GetTimestamp();
            }
        }

        served.ForEach(static w => w.Done.TrySetResult(Granted));
    }

    private bool TryTake()
    {
        Refill();
        if (_waiting.Count > 0 || _tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now);
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * _perSecond));
            _refilledAt = now;
        }
    }

    /// <summary>Sets the timer for when the next token is due (called under the lock, with someone waiting).</summary>
    private void Schedule()
    {
        var due = TimeSpan.FromSeconds(Math.Max(0, 1 - _tokens) / _perSecond);
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }

    private static void ThrowIfNotOne(int permitCount)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A Stripe request takes one token.");
        }
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<RateLimitLease> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
