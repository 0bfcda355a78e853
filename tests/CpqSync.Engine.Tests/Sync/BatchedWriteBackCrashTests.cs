using CpqSync.Engine.Backfill;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// A backfill's write-backs wait for their page's batch: killed after Stripe made the objects and before the batched
/// write-back reached Salesforce, the next run still writes every id back, with its Sync Record, and makes nothing twice.
/// </summary>
public sealed class BatchedWriteBackCrashTests
{
    [Fact]
    public async Task A_backfill_killed_before_its_batched_write_back_writes_back_on_the_next_run()
    {
        var kill = new KillAtWriteBack();
        await using var org = await SyncOrg.StartAsync(
            stripeRequestsPerSecond: 10_000,
            configureWorker: o => o.LeaseDuration = TimeSpan.FromMilliseconds(300), // the killed engine's orders come back quickly
            configureServices: services =>
            {
                Fast(services);
                services.AddHttpClient("CpqSync.Salesforce").AddHttpMessageHandler(() => kill);
            });

        // Killed: nothing reaches Salesforce any more (the backfill stops on cancellation, or on the next read it cannot send).
        await Assert.ThrowsAnyAsync<Exception>(() => org.Backfill.RunAsync(org.Connection, since: null, progress: null, kill.Token));
        kill.Revive(); // the test's own reads go through the killed engine's client

        // Stripe holds the orders' objects; Salesforce heard of none of them.
        var made = await OrdersInStripeAsync(org);
        Assert.NotEmpty(made);
        foreach (var (orderId, _) in made)
        {
            Assert.Null(await org.StripeIdOfAsync("Order", orderId));
        }

        await using (var restarted = org.NewEngine(services =>
        {
            Fast(services);
            services.PostConfigure<SyncWorkerOptions>(o => o.LeaseDuration = TimeSpan.FromMinutes(1));
        }))
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation.Token);
            bound.CancelAfter(TimeSpan.FromSeconds(90));
            await restarted.GetRequiredService<BackfillRunner>().RunAsync(org.Connection, since: null, progress: null, bound.Token);
        }

        foreach (var (orderId, stripeIds) in made)
        {
            Assert.Contains(await org.StripeIdOfAsync("Order", orderId) ?? "none", stripeIds);
            var rows = await org.SyncRecordsAsync(orderId);
            Assert.Contains(rows, r => r["Secondary_Record_ID__c"]?.GetValue<string>() == orderId
                && r["Resolution_Status__c"]?.GetValue<string>() == "Success");
        }

        await org.AssertNoDuplicatesAsync("customers", "salesforce_account_id");
        await org.AssertNoDuplicatesAsync("products", "salesforce_product2_id");
        // The orders made before the kill kept their objects: none was made a second time.
        var after = await OrdersInStripeAsync(org);
        foreach (var (orderId, stripeIds) in made)
        {
            Assert.Equal(stripeIds.Order(StringComparer.Ordinal), after[orderId].Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Orders Stripe holds an object of (schedule, subscription or invoice), with those objects' ids.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> OrdersInStripeAsync(SyncOrg org)
    {
        var byOrder = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var resource in new[] { "subscription_schedules", "subscriptions", "invoices" })
        {
            foreach (var made in await org.ListStripeAsync(resource))
            {
                if (made["metadata"]?["salesforce_order_id"]?.GetValue<string>() is { } orderId)
                {
                    if (!byOrder.TryGetValue(orderId, out var ids))
                    {
                        byOrder[orderId] = ids = new HashSet<string>(StringComparer.Ordinal);
                    }

                    ids.Add(made["id"]!.GetValue<string>());
                }
            }
        }

        return byOrder;
    }

    private static void Fast(IServiceCollection services) => services.PostConfigure<StripeOptions>(o => o.MaxRequestsPerSecond = 10_000);

    /// <summary>Kills the run at its first write to Salesforce (a composite carrying collections): the request never leaves.</summary>
    private sealed class KillAtWriteBack : DelegatingHandler
    {
        private readonly CancellationTokenSource _killed = new();
        private volatile bool _dead;

        public CancellationToken Token => _killed.Token;

        public void Revive() => _dead = false;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_dead)
            {
                throw new OperationCanceledException(_killed.Token);
            }

            if (!_killed.IsCancellationRequested && request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/composite", StringComparison.Ordinal) == true
                && request.Content is not null && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("/composite/sobjects", StringComparison.Ordinal))
            {
                _dead = true;
                await _killed.CancelAsync();
                throw new OperationCanceledException(_killed.Token);
            }

            return await base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _killed.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
