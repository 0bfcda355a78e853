using System.Threading.RateLimiting;

namespace CpqSync.Stripe;

/// <summary>
/// The client-side token bucket every Stripe request (each retry included) waits on, so the applier stays under
/// <see cref="StripeOptions.MaxRequestsPerSecond"/> instead of bouncing off Stripe's <c>429</c>s. One instance per
/// application: the limit is the account's, shared by every apply running at once.
/// </summary>
/// <remarks>
/// The bucket holds at most one second's worth of requests and gains one token every 1/rate seconds. Requests queue
/// for a token without limit, oldest first; the caller's cancellation token ends the wait. The bucket refills on
/// its own timer: System.Threading.RateLimiting measures elapsed time with the system clock, not a TimeProvider.
/// </remarks>
internal sealed class StripeRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;

    public StripeRateLimiter(double requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Floor(requestsPerSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public RateLimiter Limiter => _bucket;

    public void Dispose() => _bucket.Dispose();
}
