using CpqSync.Engine.Backfill;
using CpqSync.Engine.Tests.Support;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// A backfill keeps the orders in flight across page boundaries: it queues the next page (read ahead) once fewer of the
/// queued orders wait to be leased than the worker runs at once, and the worker's pass leases them while the current
/// page's orders still run. Shown with Stripe holding every request, so no order can finish while it is looked at.
/// </summary>
public sealed class BackfillPageBoundaryTests
{
    private const int PageSize = 4;
    private const int AtOnce = 8;

    [Fact]
    public async Task The_next_page_is_queued_and_leased_before_any_order_of_the_current_page_finishes_and_the_queue_stays_short()
    {
        var stripe = new StripeGate();
        await using var org = await SyncOrg.StartAsync(
            seed: "scale:40",
            configureWorker: o =>
            {
                o.BackfillPageSize = PageSize;
                o.MaxParallelism = AtOnce;
            },
            configureServices: services => services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => stripe));
        var monitor = org.Services.GetRequiredService<ISyncMonitor>();
        var secondPage = new TaskCompletionSource<BackfillProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SynchronousProgress<BackfillProgress>(p =>
        {
            if (p.Queued > PageSize)
            {
                secondPage.TrySetResult(p);
            }
        });

        var backfill = org.Backfill.RunAsync(org.Connection, since: null, progress, TestCancellation.Token);
        try
        {
            // Stripe answers nothing yet, so no order that needs Stripe has finished: the second page was queued while
            // the first page's orders were in flight.
            var queued = await secondPage.Task.WaitAsync(TestCancellation.Token);
            Assert.True(queued.Finished < PageSize, $"{queued.Finished} orders finished before the second page was queued");

            // The worker's pass, woken by the queued page, leases its orders beside the first page's (no order finished).
            var summary = await monitor.GetQueueSummaryAsync(org.Connection.Id, TestCancellation.Token);
            while (summary.Leased <= PageSize)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), TestCancellation.Token);
                summary = await monitor.GetQueueSummaryAsync(org.Connection.Id, TestCancellation.Token);
            }

            Assert.Equal(0, stripe.Answered);
            Assert.InRange(summary.Leased, PageSize + 1, AtOnce);
            // The queue stays short: what runs at once, plus at most a page more than the worker runs (queued once
            // fewer than that waited to be leased).
            Assert.InRange(summary.Pending + summary.Leased, PageSize + 1, AtOnce + PageSize + AtOnce);
        }
        finally
        {
            stripe.Open();
        }

        var report = await backfill;

        Assert.Equal(report.Total, report.Queued);
        Assert.Equal(report.Total, report.Succeeded + report.Failed);
        Assert.Equal(0, report.Parked);
        Assert.Equal(0, org.Stripe.RateLimitedRequests);
        var after = await monitor.GetQueueSummaryAsync(org.Connection.Id, TestCancellation.Token);
        Assert.Equal(0, after.Pending + after.Leased);
        await org.AssertNoDuplicatesAsync("customers", "salesforce_account_id");
        await org.AssertNoDuplicatesAsync("subscription_schedules", "salesforce_order_id");
    }

    /// <summary>Innermost on the Stripe HTTP client: holds every request until opened.</summary>
    private sealed class StripeGate : DelegatingHandler
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _answered;

        public int Answered => Volatile.Read(ref _answered);

        public void Open() => _open.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await _open.Task.WaitAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _answered);
            return response;
        }
    }
}
