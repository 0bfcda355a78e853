namespace CpqSync.Stripe.Tests;

/// <summary>
/// The client-side token bucket (its pacing is shown end to end by the burst test in <see cref="ResilienceTests"/>, and
/// by a backfill the Stripe sandbox answers without a 429 in the engine's tests).
/// </summary>
public sealed class RateLimiterTests
{
    [Fact]
    public async Task A_full_bucket_lets_a_fifth_of_a_seconds_worth_of_requests_through_at_once_and_queues_the_rest()
    {
        // One token every 200 ms: the loop below takes far less, so no refill lands in it.
        using var limiter = new StripeRateLimiter(5);

        using (var first = limiter.Limiter.AttemptAcquire())
        {
            Assert.True(first.IsAcquired);
        }

        using (var second = limiter.Limiter.AttemptAcquire())
        {
            Assert.False(second.IsAcquired);
        }

        using var queued = await limiter.Limiter.AcquireAsync(1, CancellationToken.None);
        Assert.True(queued.IsAcquired);
    }

    [Theory]
    [InlineData(StripeOptions.TestRequestsPerSecond, 5)]
    [InlineData(StripeOptions.LiveRequestsPerSecond, 19)]
    [InlineData(0.5, 1)]
    public void The_burst_stays_far_inside_stripes_own_bucket_of_a_seconds_worth(double requestsPerSecond, int burst)
    {
        // Test mode allows 25 a second against the default pacing of 23: a burst of 23 left 2 requests of slack.
        Assert.Equal(burst, StripeRateLimiter.Burst(requestsPerSecond));
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
