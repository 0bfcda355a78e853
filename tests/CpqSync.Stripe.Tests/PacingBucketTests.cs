using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Stripe.Tests;

/// <summary>The pacing bucket refills by the injected clock's elapsed time, not by the system's or by timer ticks.</summary>
public sealed class PacingBucketTests
{
    [Fact]
    public async Task Requests_past_the_burst_wait_for_the_emulated_clock_and_go_out_one_per_token_oldest_first()
    {
        var time = new FakeTimeProvider();
        using var limiter = new StripeRateLimiter(50, shared: null, budgetName: string.Empty, time);
        var burst = StripeRateLimiter.Burst(50);

        for (var i = 0; i < burst; i++)
        {
            using var lease = await limiter.AcquireAsync(CancellationToken.None);
            Assert.True(lease.IsAcquired);
        }

        var waiting = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        Assert.All(waiting, static w => Assert.False(w.IsCompleted));
        Assert.Equal(3, limiter.Limiter.GetStatistics()!.CurrentQueuedCount);

        // One token every 20 ms of emulated time: the oldest request first, the others still waiting.
        time.Advance(TimeSpan.FromMilliseconds(20));
        using (var first = await waiting[0])
        {
            Assert.True(first.IsAcquired);
        }

        Assert.False(waiting[1].IsCompleted);
        Assert.False(waiting[2].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(40));
        foreach (var lease in await Task.WhenAll(waiting.Skip(1)))
        {
            Assert.True(lease.IsAcquired);
            lease.Dispose();
        }

        Assert.Equal(0, limiter.Limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task A_clock_that_jumps_ahead_costs_no_tokens_and_never_more_than_the_burst_goes_out_at_once()
    {
        var time = new FakeTimeProvider();
        using var limiter = new StripeRateLimiter(50, shared: null, budgetName: string.Empty, time);
        var burst = StripeRateLimiter.Burst(50);
        for (var i = 0; i < burst; i++)
        {
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
        }

        var waiting = Enumerable.Range(0, burst + 2).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();

        // The timer is late by a whole second (a loaded machine): the time it missed refills the bucket, up to the burst.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, limiter.Limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.Equal(0, limiter.Limiter.GetStatistics()!.CurrentAvailablePermits);
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.All(await Task.WhenAll(waiting), static l => Assert.True(l.IsAcquired));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_its_place_to_the_next_request()
    {
        var time = new FakeTimeProvider();
        using var limiter = new StripeRateLimiter(5, shared: null, budgetName: string.Empty, time);
        (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
        using var cancel = new CancellationTokenSource();

        var cancelled = limiter.AcquireAsync(cancel.Token).AsTask();
        var next = limiter.AcquireAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        time.Advance(TimeSpan.FromMilliseconds(200));
        using var lease = await next;
        Assert.True(lease.IsAcquired);
        Assert.Equal(0, limiter.Limiter.GetStatistics()!.CurrentAvailablePermits);
    }
}
