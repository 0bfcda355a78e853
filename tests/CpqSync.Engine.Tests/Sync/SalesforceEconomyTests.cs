using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Salesforce calls are a product figure, counted by the org itself (its API usage, what the customer's daily allowance
/// pays): a live order is read in one composite and written back, Sync Records included, in one more; a backfill reads
/// its orders a page at a time. The engine's own counters agree with the org's.
/// </summary>
public sealed class SalesforceEconomyTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task A_live_order_costs_three_calls_and_the_engine_counts_each()
    {
        await using var org = await SyncOrg.StartAsync();
        var template = (await org.ActivatedOrdersAsync())[Stark];
        await org.Syncer.SyncAsync(org.Connection, template, SyncTrigger.Live, TestCancellation.Token); // describes the org once
        var orderId = await OrderBuilder.CopyAsync(org.Client, template, lines: 3, "Activated while live sync runs");

        var before = org.Salesforce.ApiUsage;
        var result = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);
        var calls = org.Salesforce.ApiUsage - before;

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(calls, result.SalesforceCalls);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_backfill_reads_a_page_of_orders_together_and_the_engine_counts_each_call()
    {
        await using var org = await SyncOrg.StartAsync(configureWorker: o => o.BackfillPageSize = 500);

        var before = org.Salesforce.ApiUsage;
        var report = await org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);
        var calls = org.Salesforce.ApiUsage - before;

        Assert.Equal(DemoSeed.OrderCount, report.Total);
        Assert.Equal(calls, report.SalesforceCalls);
        // The demo seed's orders: most of them served from one page read; its amendments and their contracts' orders read their own.
        Assert.Equal(55, calls);
    }
}
