using System.Threading.RateLimiting;

namespace CpqSync.Stripe;

/// <summary>
/// The client-side token bucket every Stripe request (each retry included) waits on, so the applier stays under
/// <see cref="StripeOptions.MaxRequestsPerSecond"/> instead of bouncing off Stripe's <c>429</c>s.
/// </summary>
/// <remarks>
/// The bucket holds at most one second's worth of requests and gains one token every 1/rate seconds, paced by the
/// injected <see cref="TimeProvider"/> rather than the wall clock. Requests queue for a token without limit; the
/// caller's cancellation token ends the wait.
/// </remarks>
internal sealed class StripeRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly ITimer _refill;

    public StripeRateLimiter(double requestsPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        var period = TimeSpan.FromSeconds(1 / requestsPerSecond);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Floor(requestsPerSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _refill = time.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), _bucket, period, period);
    }

    public RateLimiter Limiter => _bucket;

    public void Dispose()
    {
        _refill.Dispose();
        _bucket.Dispose();
    }
}
