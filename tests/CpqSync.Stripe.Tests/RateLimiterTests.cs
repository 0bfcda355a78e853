namespace CpqSync.Stripe.Tests;

/// <summary>The client-side token bucket (its pacing is shown end to end by the burst test in <see cref="ResilienceTests"/>).</summary>
public sealed class RateLimiterTests
{
    [Fact]
    public async Task A_full_bucket_lets_one_seconds_worth_of_requests_through_at_once()
    {
        using var limiter = new StripeRateLimiter(20);

        for (var i = 0; i < 20; i++)
        {
            using var lease = limiter.Limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired, $"request {i + 1}");
        }

        using var queued = await limiter.Limiter.AcquireAsync(1, CancellationToken.None);
        Assert.True(queued.IsAcquired);
    }

    [Fact]
    public async Task A_request_waiting_for_a_token_stops_waiting_when_cancelled()
    {
        using var limiter = new StripeRateLimiter(0.5);
        using var first = await limiter.Limiter.AcquireAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.Limiter.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
