namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// A token bucket per API key: it holds up to one second's worth of requests and refills continuously, in emulated
/// time, which is how Stripe's per-second limits behave (bursts allowed, sustained overload refused).
/// </summary>
internal sealed class TokenBucket(double requestsPerSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (double Tokens, long Stamp)> _buckets = new(StringComparer.Ordinal);

    public bool TryTake(string key)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var capacity = Math.Max(1, requestsPerSecond);
            var (tokens, stamp) = _buckets.TryGetValue(key, out var bucket) ? bucket : (capacity, now);
            var elapsed = time.GetElapsedTime(stamp, now).TotalSeconds;
            tokens = Math.Min(capacity, tokens + (elapsed * requestsPerSecond));
            var allowed = tokens >= 1;
            _buckets[key] = (allowed ? tokens - 1 : tokens, now);
            return allowed;
        }
    }
}
