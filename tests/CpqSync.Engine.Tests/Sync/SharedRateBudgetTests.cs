using CpqSync.Engine.Backfill;
using CpqSync.Engine.Tests.Support;
using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// One Stripe rate budget per account for every process on a store (docs/architecture.md, Apply): two engines, each
/// with its own service provider and its own connection pool on one SQLite store file, backfilling one connection at
/// once never send Stripe more, together, than the account's rate, and their summaries count each order once.
/// </summary>
/// <remarks>
/// One emulated clock runs the engines (their pacing included), the store (leases, the budget's refills) and the emulated Stripe API's rate
/// limit, and only moves when the test moves it: a step whenever no Stripe request arrived since the last look and
/// none is on the wire (so requests reach Stripe at the instant they were sent, as paced). So
/// the rate is judged by Stripe's own count in emulated time (a request beyond the rate is answered <c>429</c> and
/// counted), whatever the machine's speed: a slow machine only moves the clock more often between requests, which
/// gives the engines more budget and Stripe as much more room. Were the budget not shared, each engine would spend
/// the whole rate on its own, and Stripe would refuse the excess.
/// </remarks>
public sealed class SharedRateBudgetTests
{
    /// <summary>The account's rate: what both engines pace at, and what the emulated Stripe API allows.</summary>
    private const double Rate = 100;

    /// <summary>How far the clock moves when everyone waits on it: a quarter of a block of the shared budget.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Two_engines_on_one_store_stay_within_one_stripe_budget_together_and_count_each_order_once()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var inFlight = new InFlight();
        void Engine(IServiceCollection services)
        {
            services.PostConfigure<StripeOptions>(o => o.MaxRequestsPerSecond = Rate);
            services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => new InFlightHandler(inFlight));
        }

        await using var org = await SyncOrg.StartAsync(seed: "scale:200", time: clock, stripeRequestsPerSecond: Rate, configureServices: Engine);
        await using var secondStore = org.OpenStoreAgain();
        await using var second = org.NewEngine(services =>
        {
            Engine(services);
            // The second engine's own pool on the store file, as another process on the same store has.
            services.AddSingleton(secondStore.Store);
            services.AddSingleton(secondStore.Monitor);
            services.AddSingleton(secondStore.Migrator);
            services.AddSingleton(secondStore.RateBudgets);
        });

        var backfills = Task.WhenAll(
            org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token),
            second.GetRequiredService<BackfillRunner>().RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token));
        var started = clock.GetUtcNow();
        var seen = -1L;
        while (!backfills.IsCompleted)
        {
            var requests = org.Stripe.ApiRequests;
            if (requests == seen && inFlight.Count == 0)
            {
                // Nothing reached Stripe since the last look and nothing is on its way: the engines wait for time to pass
                // (the budget, a retry). Time never passes while a request is in transit, so none reaches Stripe later
                // than the engine sent it.
                clock.Advance(Step);
            }

            seen = requests;
            await Task.WhenAny(backfills, Task.Delay(TimeSpan.FromMilliseconds(5), TestCancellation.Token));
        }

        var reports = await backfills;
        var summary = string.Join("; ", reports.Select(r =>
            $"{r.Succeeded} synced, {r.Unchanged} unchanged, {r.Failed} failed, {r.Parked} parked, {r.StripeCalls} Stripe calls"));
        var emulated = clock.GetUtcNow() - started;

        // Stripe's own count: no request beyond the account's rate, in the time that passed.
        Assert.True(org.Stripe.RateLimitedRequests == 0,
            $"Stripe refused {org.Stripe.RateLimitedRequests} of {org.Stripe.ApiRequests} requests in {emulated.TotalSeconds:F2} s for exceeding {Rate}/s ({summary}).");
        // The engines were held to the rate: what a second's worth of burst and the rate allow in that time.
        Assert.InRange(org.Stripe.ApiRequests, 1, Rate + (Rate * emulated.TotalSeconds));
        Assert.All(reports, r => Assert.True(r.StripeCalls > 0, summary));

        // Each order counted once between the two summaries: every matching order synced, none twice.
        Assert.All(reports, r => Assert.Equal(0, r.Failed + r.Parked));
        Assert.Equal(reports[0].Total, reports.Sum(static r => r.Succeeded));
        Assert.True(reports[0].Total >= 150, summary);
        await org.AssertNoDuplicatesAsync("customers", "salesforce_account_id");
        await org.AssertNoDuplicatesAsync("subscription_schedules", "salesforce_order_id");
    }

    /// <summary>Stripe requests the engines sent (their pacing passed) and Stripe has not answered yet.</summary>
    private sealed class InFlight
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Enter() => Interlocked.Increment(ref _count);

        public void Leave() => Interlocked.Decrement(ref _count);
    }

    /// <summary>Innermost on the Stripe HTTP client: counts each attempt while it is on the wire.</summary>
    private sealed class InFlightHandler(InFlight inFlight) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            inFlight.Enter();
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                inFlight.Leave();
            }
        }
    }
}
