using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Sandbox.Stats;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Salesforce calls are a product figure, counted by the org itself (its API usage per endpoint at
/// <c>/_sandbox/stats</c>, what the customer's daily allowance pays): a live order is read in one composite and written
/// back, Sync Records included, in one more; a backfill reads its orders a page at a time. The engine's own counters
/// agree with the org's.
/// </summary>
public sealed class SalesforceEconomyTests(ITestOutputHelper output)
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task A_live_order_costs_three_calls_and_the_engine_counts_each()
    {
        await using var org = await SyncOrg.StartAsync();
        var template = (await org.ActivatedOrdersAsync())[Stark];
        await org.Syncer.SyncAsync(org.Connection, template, SyncTrigger.Live, TestCancellation.Token); // describes the org once
        var orderId = await OrderBuilder.CopyAsync(org.Client, template, lines: 3, "Activated while live sync runs");

        var (result, stats) = await CountAsync(org, () => org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token));
        var calls = stats.Totals.ApiUsage;

        output.WriteLine(Endpoints(stats));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(calls, result.SalesforceCalls);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_backfill_reads_a_page_of_orders_together_and_the_engine_counts_each_call()
    {
        await using var org = await SyncOrg.StartAsync(configureWorker: o => o.BackfillPageSize = 500);

        var (report, stats) = await CountAsync(org, () => org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token));
        var calls = stats.Totals.ApiUsage;

        output.WriteLine(Endpoints(stats));

        Assert.Equal(DemoSeed.OrderCount, report.Total);
        Assert.Equal(calls, report.SalesforceCalls);
        // The demo seed's orders: most of them served from one page read; its amendments and their contracts' orders read their own.
        Assert.Equal(55, calls);
    }

    /// <summary>Runs <paramref name="run"/> and returns what the org counted meanwhile, per endpoint (<c>/_sandbox/stats</c>).</summary>
    private static async Task<(T Result, SandboxStats Stats)> CountAsync<T>(SyncOrg org, Func<Task<T>> run)
    {
        using var http = new HttpClient();
        await SandboxStatsClient.ResetAsync(http, org.Salesforce.BaseUrl, TestCancellation.Token);
        var result = await run();
        return (result, await SandboxStatsClient.ReadAsync(http, org.Salesforce.BaseUrl, TestCancellation.Token));
    }

    /// <summary>Requests and API usage by endpoint: where the calls went.</summary>
    private static string Endpoints(SandboxStats stats) => string.Join(", ", stats.Endpoints.Select(static e =>
        $"{e.Key} {e.Value.Requests} ({e.Value.ApiUsage} API, {e.Value.Subrequests} subrequests, {e.Value.Records} records)"));
}
