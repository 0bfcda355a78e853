using System.Globalization;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.StripeResolution;

/// <summary>
/// What an order costs in Stripe calls once the store's ids are trusted: no existence reads of known objects, no
/// recovery searches without an interrupted attempt, no updates that change nothing, prices read once. Each figure is
/// the engine's own counter, checked against the requests that reached the emulated Stripe API.
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
        var wire = new StripeRequestCounter();
        await using var org = await SyncOrg.StartAsync(configureServices: s => s.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => wire));
        var connection = org.Connection with
        {
            Configuration = org.Connection.Configuration with { Settings = org.Connection.Configuration.Settings with { TestClocks = testClocks } },
        };
        var template = (await org.ActivatedOrdersAsync())[Stark];
        var first = await OrderBuilder.CopyAsync(org.Client, template, 1, "Economy: a new one-line order");
        var second = await OrderBuilder.CopyAsync(org.Client, template, 1, "Economy: a warm one-line order");

        var (cold, coldWire) = await wire.CountAsync(() => org.Syncer.SyncAsync(connection, first, SyncTrigger.Backfill, TestCancellation.Token));
        var (warm, warmWire) = await wire.CountAsync(() => org.Syncer.SyncAsync(connection, second, SyncTrigger.Backfill, TestCancellation.Token));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test clocks {testClocks}: new one-line order {cold.StripeCalls} Stripe calls ({coldWire} reached Stripe), warm order {warm.StripeCalls} ({warmWire})"));

        output.WriteLine(wire.Endpoints);
        Assert.True(cold.Succeeded, cold.Message);
        Assert.True(warm.Succeeded, warm.Message);
        Assert.Equal(coldWire, cold.StripeCalls);
        Assert.Equal(warmWire, warm.StripeCalls);
        Assert.Equal(newOrderCalls, cold.StripeCalls);
        Assert.Equal(warmOrderCalls, warm.StripeCalls);
    }

    [Fact]
    public async Task A_backfill_of_the_scale_seed_costs_at_most_two_and_a_half_stripe_calls_per_order()
    {
        var wire = new StripeRequestCounter();
        await using var org = await SyncOrg.StartAsync(
            configureServices: s => s.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => wire), stripeRequestsPerSecond: 100, seed: "scale:120");

        var (report, wireCalls) = await wire.CountAsync(() => org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token));
        var perOrder = report.StripeCalls / (double)report.Succeeded;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale:120 backfill: {report.Succeeded} orders, {report.StripeCalls} Stripe calls ({wireCalls} reached Stripe), {perOrder:F2} per order"));

        output.WriteLine(wire.Endpoints);
        Assert.True(report.AllSucceeded);
        Assert.Equal(wireCalls, report.StripeCalls);
        Assert.True(perOrder <= 2.5, $"{perOrder:F2} Stripe calls per order");
    }

    /// <summary>Counts the requests the engine's Stripe client sends (each retry included), as the emulated API receives them.</summary>
    private sealed class StripeRequestCounter : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byEndpoint = new(StringComparer.Ordinal);
        private int _count;

        /// <summary>Requests by method and path, ids masked: where the calls went.</summary>
        public string Endpoints => string.Join(", ", _byEndpoint.OrderByDescending(static e => e.Value).Select(static e => $"{e.Key} {e.Value}"));

        public async Task<(T Result, int Requests)> CountAsync<T>(Func<Task<T>> run)
        {
            var before = Volatile.Read(ref _count);
            var result = await run();
            return (result, Volatile.Read(ref _count) - before);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var path = string.Join('/', request.RequestUri!.AbsolutePath.Split('/').Select(static p => p.Contains('_', StringComparison.Ordinal) && p.Any(char.IsDigit) ? "{id}" : p));
            _byEndpoint.AddOrUpdate($"{request.Method} {path}", 1, static (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
