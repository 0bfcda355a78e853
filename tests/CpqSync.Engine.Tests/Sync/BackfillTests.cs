using CpqSync.Engine.Backfill;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>A backfill of the whole demo seed: queued page by page, drained by the worker.</summary>
public sealed class BackfillTests
{
    [Fact]
    public async Task Every_demo_order_syncs_or_shows_its_catalogue_error_and_a_second_backfill_changes_nothing()
    {
        await using var org = await SyncOrg.StartAsync(configureWorker: o => o.BackfillPageSize = 4);
        var progress = new List<BackfillProgress>();

        var report = await org.Backfill.RunAsync(org.Connection, since: null, new SynchronousProgress<BackfillProgress>(progress.Add), TestCancellation.Token);

        // Paced at the test key's default (23 requests/s against test mode's 25) with a small burst: Stripe never had
        // to refuse a request, so none was retried after a 429.
        Assert.Equal(0, org.Stripe.RateLimitedRequests);
        Assert.Equal(DemoSeed.OrderCount, report.Total);
        Assert.Equal(DemoSeed.OrderCount, report.Queued);
        Assert.Equal(0, report.Parked);
        Assert.Equal(report.Total, progress[^1].Finished);
        var orders = await org.ActivatedOrdersAsync();
        foreach (var description in DemoSeed.Synced)
        {
            var stripeId = await org.StripeIdOfAsync("Order", orders[description]);
            Assert.False(string.IsNullOrEmpty(stripeId), description);
            var record = Assert.Single(await org.SyncRecordsAsync(orders[description]));
            Assert.Equal(SyncRecordStatus.Success, record.Text("Resolution_Status__c"));
            Assert.Equal(stripeId, record.Text("Stripe_Object_ID__c"));
        }

        Assert.Equal(SyncRecordStatus.Success, Assert.Single(await org.SyncRecordsAsync(orders[DemoSeed.SyncedAmendment])).Text("Resolution_Status__c"));
        foreach (var (description, code) in DemoSeed.Refused)
        {
            var record = Assert.Single(await org.SyncRecordsAsync(orders[description]));
            Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
            Assert.Equal(code, record.Text("Error_Code__c"));
        }

        // The usage order needs billing meters (see DemoSeed.UsageOrder). Without them, as on this branch today, Stripe
        // refuses its metered price and its amendment waits with nothing to do (no Sync Record); with them both sync.
        var usage = Assert.Single(await org.SyncRecordsAsync(orders[DemoSeed.UsageOrder]));
        var usageSynced = usage.Text("Resolution_Status__c") == SyncRecordStatus.Success;
        if (usageSynced)
        {
            var amendment = await org.SyncRecordsAsync(orders[DemoSeed.UsageAmendment]);
            Assert.Equal(SyncRecordStatus.Success, Assert.Single(amendment).Text("Resolution_Status__c"));
        }
        else
        {
            Assert.Equal("STRIPE_API_ERROR", usage.Text("Error_Code__c"));
            Assert.Contains("recurring[meter]", usage.Text("Resolution_Message__c"), StringComparison.Ordinal);
            Assert.Empty(await org.SyncRecordsAsync(orders[DemoSeed.UsageAmendment]));
        }

        // Both amendments count as synced (one with nothing to do while its initial order is not in Stripe).
        Assert.Equal(DemoSeed.Synced.Count + 2 + (usageSynced ? 1 : 0), report.Succeeded);
        Assert.Equal(DemoSeed.Refused.Count + (usageSynced ? 0 : 1), report.Failed);

        // A second backfill on the same store, in another engine: it finds every order as the first left it and
        // reports none as synced again (two backfills sharing a store each count only their own work).
        var before = await StripeObjectsAsync(org);
        await using var second = org.NewEngine();
        var again = await second.GetRequiredService<BackfillRunner>().RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);

        Assert.False(again.Resumed);
        // No order counted twice, and what the first left as it was is reported unchanged, not synced again.
        var counts = $"{again.Succeeded} synced, {again.Unchanged} unchanged, {again.Failed} failed, {again.Parked} parked";
        Assert.True(again.Succeeded + again.Unchanged + again.Failed + again.Parked <= DemoSeed.OrderCount, counts);
        Assert.True(again.Unchanged > again.Succeeded, counts);
        Assert.Equal(before, await StripeObjectsAsync(org));
    }

    [Fact]
    public async Task A_start_date_after_every_activation_queues_nothing()
    {
        await using var org = await SyncOrg.StartAsync();

        var report = await org.Backfill.RunAsync(org.Connection, new DateOnly(2999, 1, 1), progress: null, TestCancellation.Token);

        Assert.Equal(0, report.Total);
        Assert.Equal(0, report.Queued);
        Assert.Equal(0, await org.CountStripeAsync("customers"));
    }

    internal static async Task<string> StripeObjectsAsync(SyncOrg org)
    {
        var counts = new List<string>();
        foreach (var resource in new[] { "customers", "products", "prices", "coupons", "subscription_schedules", "subscriptions", "invoices" })
        {
            counts.Add($"{resource}={await org.CountStripeAsync(resource)}");
        }

        return string.Join(", ", counts);
    }
}

/// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> posts to the thread pool, out of order).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
