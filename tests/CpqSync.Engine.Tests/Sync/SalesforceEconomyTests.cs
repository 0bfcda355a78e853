using System.Collections.Concurrent;
using System.Globalization;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Sandbox.Stats;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Salesforce calls are a product figure, counted by the org itself (its API usage per endpoint at
/// <c>/_sandbox/stats</c>, what the customer's daily allowance pays): a live order is read in one composite and written
/// back, Sync Records included, in one more; a backfill reads its orders a page at a time and writes them back a batch
/// at a time. The engine's own counters agree with the org's.
/// </summary>
public sealed class SalesforceEconomyTests(ITestOutputHelper output)
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task A_live_order_costs_two_calls_and_the_engine_counts_each()
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
        // One read, one write-back with its Sync Record (the demo org holds no coupon record: no coupon round; an org
        // with coupons reads them in one more call, three in all).
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task In_an_org_without_coupons_a_live_order_skips_the_coupon_round_and_costs_two_calls()
    {
        await using var org = await SyncOrg.StartAsync(seed: "scale:20");
        var orders = new List<string>();
        await foreach (var row in org.Client.QueryAsync(
            CpqSync.Salesforce.Soql.Query($"SELECT Id FROM Order WHERE ActivatedDate != null AND ContractId = null ORDER BY ActivatedDate LIMIT 2"),
            cancellationToken: TestCancellation.Token))
        {
            orders.Add(row["Id"]!.GetValue<string>());
        }

        // The first read describes the org and counts its coupons with its coupon round.
        Assert.True((await org.Syncer.SyncAsync(org.Connection, orders[0], SyncTrigger.Live, TestCancellation.Token)).Succeeded);
        var before = org.Salesforce.ApiUsage;
        var result = await org.Syncer.SyncAsync(org.Connection, orders[1], SyncTrigger.Live, TestCancellation.Token);
        var calls = org.Salesforce.ApiUsage - before;

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(calls, result.SalesforceCalls);
        Assert.Equal(2, calls);
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
        // The demo seed's orders: most of them served from one page read; its amendments and their contracts' orders read their
        // own; the write-backs go out in a few batches (one per step of its contracts' chains of orders).
        Assert.Equal(30, calls);
    }

    [Fact]
    public async Task A_backfill_of_the_scale_seed_costs_at_most_ten_calls_per_thousand_orders()
    {
        var wire = new SalesforceRequests();
        await using var org = await SyncOrg.StartAsync(
            seed: "scale:" + ScaleOrders, stripeRequestsPerSecond: 10_000,
            configureServices: s =>
            {
                s.PostConfigure<CpqSync.Stripe.StripeOptions>(o => o.MaxRequestsPerSecond = 10_000);
                s.AddHttpClient("CpqSync.Salesforce").AddHttpMessageHandler(() => wire);
            });

        var before = org.Salesforce.ApiUsage;
        wire.Reset();
        // Hundreds of orders through both sandboxes: longer than one test token's minute on a loaded machine.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var report = await org.Backfill.RunAsync(org.Connection, since: null, progress: null, patience.Token);
        var calls = org.Salesforce.ApiUsage - before;
        var perThousand = calls * 1000.0 / report.Total;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale:{ScaleOrders} backfill: {report.Succeeded} of {report.Total} orders, {calls} Salesforce calls (org API usage), {perThousand:F1} per 1,000"));
        output.WriteLine(wire.Endpoints);

        Assert.True(report.AllSucceeded, $"{report.Failed} failed, {report.Parked} parked");
        Assert.Equal(calls, report.SalesforceCalls);
        // The reads, exactly: no describe (the objects were described in the org's facts' call, when the connection was
        // detected), and the one page of orders (the default page holds 2,000) in two calls: its orders with the COUNT and
        // the coupon counts, then everything hanging off them by the page's range, the lines in two ranges of under 2,000
        // rows each. No query outside a composite call (no COUNT, no id query, no queryMore).
        Assert.Equal(0, wire.Count("composite (describes)"));
        Assert.Equal(2, wire.Count("composite (reads)"));
        Assert.Equal(0, wire.Count("GET services/data/v62.0/query"));
        Assert.Equal(0, wire.Count("GET services/data/v62.0/sobjects/Order/describe"));
        // The write-backs with their Sync Records and the echo stamps read after them, five 200-record collections or
        // queries per call.
        Assert.Equal(calls, 2 + wire.Writes);
        Assert.True(perThousand <= 10, $"{calls} Salesforce calls for {report.Total} orders: {perThousand:F1} per 1,000");
    }

    private const int ScaleOrders = 600;

    /// <summary>The engine's Salesforce requests by kind (composite, query, describe…), as they leave.</summary>
    private sealed class SalesforceRequests : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> _byKind = new(StringComparer.Ordinal);

        public int Writes => _byKind.GetValueOrDefault("composite (writes)");

        public int Count(string kind) => _byKind.GetValueOrDefault(kind);

        public void Reset() => _byKind.Clear();

        public string Endpoints => string.Join(", ", _byKind.OrderByDescending(static e => e.Value).Select(static e => $"{e.Key} {e.Value}"));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            var body = path.Contains("/composite", StringComparison.Ordinal) && request.Content is not null
                ? await request.Content.ReadAsStringAsync(cancellationToken)
                : null;
            var kind = body switch
            {
                null => $"{request.Method} {string.Join('/', path.Split('/').Where(static p => p.Length is > 0 and < 15))}",
                // A write-back's collections, or the echo stamps it reads after them (sent on when its calls were full).
                _ when body.Contains("/composite/sobjects", StringComparison.Ordinal)
                    || Uri.UnescapeDataString(body).Contains("FROM OrderItems)", StringComparison.Ordinal) => "composite (writes)",
                _ when body.Contains("/describe", StringComparison.Ordinal) => "composite (describes)",
                _ => "composite (reads)",
            };
            _byKind.AddOrUpdate(kind, 1, static (_, n) => n + 1);
            return await base.SendAsync(request, cancellationToken);
        }
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
