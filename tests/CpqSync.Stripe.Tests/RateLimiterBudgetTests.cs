using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Stripe.Tests;

/// <summary>The shared budget is claimed a block at a time, ahead of need, and waits (in emulated time) once spent.</summary>
public sealed class RateLimiterBudgetTests
{
    [Fact]
    public async Task Tokens_come_from_the_shared_budget_in_blocks_not_one_claim_per_request()
    {
        var budget = new CountingBudget(grant: int.MaxValue);
        var time = new FakeTimeProvider();
        using var limiter = new StripeRateLimiter(50, budget, "stripe:test", time);

        for (var i = 0; i < 30; i++)
        {
            // A token's worth of time per request: the process's own bucket (on the same clock) never holds one back.
            time.Advance(TimeSpan.FromMilliseconds(20));
            using var lease = await limiter.AcquireAsync(CancellationToken.None);
            Assert.True(lease.IsAcquired);
        }

        // Blocks of a fifth of a second's worth (10 tokens), the next claimed once half of one is left: 4 claims for 30 requests.
        Assert.Equal(4, budget.Claims);
    }

    [Fact]
    public async Task A_spent_budget_holds_requests_until_time_refills_it()
    {
        var time = new FakeTimeProvider();
        var budget = new CountingBudget(grant: 0);
        using var limiter = new StripeRateLimiter(50, budget, "stripe:test", time);

        var waiting = limiter.AcquireAsync(CancellationToken.None).AsTask();
        await budget.Claimed.WaitAsync();
        Assert.False(waiting.IsCompleted);

        budget.Grant = 10;
        time.Advance(TimeSpan.FromSeconds(1));
        using var lease = await waiting;
        Assert.True(lease.IsAcquired);
    }

    private sealed class CountingBudget(int grant) : IStripeRateBudget
    {
        private int _claims;

        public int Grant { get; set; } = grant;

        public int Claims => Volatile.Read(ref _claims);

        public SemaphoreSlim Claimed { get; } = new(0);

        public Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _claims);
            Claimed.Release();
            return Task.FromResult(Math.Min(wanted, Grant));
        }
    }
}
