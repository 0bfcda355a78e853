using System.Globalization;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.Sync;
using CpqSync.Sandbox.Stats;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.StripeResolution;

/// <summary>
/// What an order costs in Stripe calls once the store's ids are trusted: no existence reads of known objects, no
/// recovery searches without an interrupted attempt, no updates that change nothing, prices read once. Each figure is
/// the engine's own counter, checked against the emulated Stripe API's own per-endpoint counts (<c>/_sandbox/stats</c>).
/// </summary>
public sealed class StripeCallEconomyTests(ITestOutputHelper output)
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Theory]
    [InlineData(false, 4, 1)]
    // With a test clock, planning reads the customer's clock for its time (docs/behaviour.md §2): one read more per order.
    [InlineData(true, 5, 2)]
    public async Task A_new_one_line_order_and_a_warm_one_of_the_same_customer_cost_a_call_per_object_they_create(
        bool testClocks, int newOrderCalls, int warmOrderCalls)
    {
        await using var org = await SyncOrg.StartAsync();
        var connection = org.Connection with
        {
            Configuration = org.Connection.Configuration with { Settings = org.Connection.Configuration.Settings with { TestClocks = testClocks } },
        };
        var template = (await org.ActivatedOrdersAsync())[Stark];
        var first = await OrderBuilder.CopyAsync(org.Client, template, 1, "Economy: a new one-line order");
        var second = await OrderBuilder.CopyAsync(org.Client, template, 1, "Economy: a warm one-line order");

        var (cold, coldWire) = await CountAsync(org, () => org.Syncer.SyncAsync(connection, first, SyncTrigger.Backfill, TestCancellation.Token));
        var (warm, warmWire) = await CountAsync(org, () => org.Syncer.SyncAsync(connection, second, SyncTrigger.Backfill, TestCancellation.Token));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test clocks {testClocks}: new one-line order {cold.StripeCalls} Stripe calls ({coldWire.Totals.Requests} reached Stripe), warm order {warm.StripeCalls} ({warmWire.Totals.Requests})"));

        output.WriteLine("new: " + Endpoints(coldWire));
        output.WriteLine("warm: " + Endpoints(warmWire));
        Assert.True(cold.Succeeded, cold.Message);
        Assert.True(warm.Succeeded, warm.Message);
        Assert.Equal(coldWire.Totals.Requests, cold.StripeCalls);
        Assert.Equal(warmWire.Totals.Requests, warm.StripeCalls);
        Assert.Equal(newOrderCalls, cold.StripeCalls);
        Assert.Equal(warmOrderCalls, warm.StripeCalls);
        // What the warm order no longer spends: existence reads of the customer, products and prices the store knows.
        foreach (var existenceRead in new[] { "GET /v1/customers/{id}", "GET /v1/products/{id}", "GET /v1/prices/{id}" })
        {
            Assert.Equal(0, warmWire.Endpoint(existenceRead).Requests);
        }

        Assert.Equal(warmWire.Totals.Requests, warmWire.Totals.Status2xx);
    }

    [Fact]
    public async Task A_backfill_of_the_scale_seed_costs_at_most_two_and_a_half_stripe_calls_per_order()
    {
        await using var org = await SyncOrg.StartAsync(stripeRequestsPerSecond: 100, seed: "scale:120");

        var (report, wire) = await CountAsync(org, () => org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token));
        var perOrder = report.StripeCalls / (double)report.Succeeded;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale:120 backfill: {report.Succeeded} orders, {report.StripeCalls} Stripe calls ({wire.Totals.Requests} reached Stripe), {perOrder:F2} per order"));

        output.WriteLine(Endpoints(wire));
        Assert.True(report.AllSucceeded);
        Assert.Equal(wire.Totals.Requests, report.StripeCalls);
        Assert.True(perOrder <= 2.5, $"{perOrder:F2} Stripe calls per order");
    }

    /// <summary>Runs <paramref name="run"/> and returns what the emulated Stripe API counted meanwhile (each retry included).</summary>
    private static async Task<(T Result, SandboxStats Stats)> CountAsync<T>(SyncOrg org, Func<Task<T>> run)
    {
        using var http = new HttpClient();
        await SandboxStatsClient.ResetAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);
        var result = await run();
        return (result, await SandboxStatsClient.ReadAsync(http, org.Stripe.BaseUrl, TestCancellation.Token));
    }

    /// <summary>Requests by endpoint, most first: where the calls went.</summary>
    private static string Endpoints(SandboxStats stats) =>
        string.Join(", ", stats.Endpoints.OrderByDescending(static e => e.Value.Requests).Select(static e => $"{e.Key} {e.Value.Requests}"));
}
