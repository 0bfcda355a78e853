using System.Text.Json.Nodes;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.Sync;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Stats;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.StripeResolution;

/// <summary>
/// Two orders of one account and product syncing side by side, each read before the other wrote its ids back, both
/// need the same new customer, product and price: Stripe receives one create per object and no read of them, however
/// the two syncs interleave (an order a backfill page read ahead plans from the ids it had when read).
/// </summary>
public sealed class ParallelCreateTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task Two_orders_in_flight_at_once_needing_the_same_new_objects_send_one_create_each_and_no_read()
    {
        // Each order's own object waits until the other order's is sent too: both planned and created their shared
        // objects before either recorded an id (in the id map or in Salesforce), whichever sent its creates first.
        var gate = new OrderObjectGate(orders: 2);
        await using var org = await SyncOrg.StartAsync(
            configureServices: services => services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => gate));
        var template = (await org.ActivatedOrdersAsync())[Stark];
        var first = await OrderBuilder.CopyAsync(org.Client, template, 1, "Parallel: first");
        var second = await OrderBuilder.CopyAsync(org.Client, template, 1, "Parallel: second");
        using var http = new HttpClient();
        await SandboxStatsClient.ResetAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);

        var results = await Task.WhenAll(
            org.Syncer.SyncAsync(org.Connection, first, SyncTrigger.Backfill, TestCancellation.Token),
            org.Syncer.SyncAsync(org.Connection, second, SyncTrigger.Backfill, TestCancellation.Token));

        var wire = await SandboxStatsClient.ReadAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(wire.Totals.Requests, results.Sum(static r => r.StripeCalls));
        Assert.Equal(2, wire.Endpoint("POST /v1/subscription_schedules").Requests);
        AssertOneCreatePerObject(wire, customers: 1, products: 1, prices: await org.CountStripeAsync("prices"));
        Assert.Equal(1, await org.CountStripeAsync("customers"));
        Assert.Equal(1, await org.CountStripeAsync("products"));
        var schedules = (First: await org.StripeIdOfAsync("Order", first), Second: await org.StripeIdOfAsync("Order", second));
        Assert.NotNull(schedules.First);
        Assert.NotEqual(schedules.First, schedules.Second);
    }

    [Fact]
    public async Task An_order_read_before_another_wrote_back_the_product_it_made_uses_it_without_reading_or_creating_it()
    {
        await using var org = await SyncOrg.StartAsync();
        var template = (await org.ActivatedOrdersAsync())[Stark];
        var first = await OrderBuilder.CopyAsync(org.Client, template, 1, "Parallel: first");
        var second = await OrderBuilder.CopyAsync(org.Client, template, 1, "Parallel: second");
        var synced = await org.Syncer.SyncAsync(org.Connection, first, SyncTrigger.Backfill, TestCancellation.Token);
        Assert.True(synced.Succeeded, synced.Message);
        var product = await FirstLineAsync(org, first, "Product2Id");
        var entry = await FirstLineAsync(org, first, "PricebookEntryId");
        var made = await org.StripeIdOfAsync("Product2", product);
        // What the second order reads when read before the first one's write-back: the id map holds the ids, Salesforce not yet.
        await ClearStripeIdAsync(org, "Product2", product);
        await ClearStripeIdAsync(org, "PricebookEntry", entry);
        var prices = await org.CountStripeAsync("prices");
        using var http = new HttpClient();
        await SandboxStatsClient.ResetAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);

        var again = await org.Syncer.SyncAsync(org.Connection, second, SyncTrigger.Backfill, TestCancellation.Token);

        var wire = await SandboxStatsClient.ReadAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(wire.Totals.Requests, again.StripeCalls);
        Assert.Equal(0, wire.Endpoint("GET /v1/products/{id}").Requests);
        AssertOneCreatePerObject(wire, customers: 0, products: 0, prices: await org.CountStripeAsync("prices") - prices);
        Assert.Equal(1, await org.CountStripeAsync("products"));
        Assert.Equal(made, await org.StripeIdOfAsync("Product2", product));
    }

    /// <summary>Every create Stripe received made an object (none was a replay of another order's), and nothing was read back.</summary>
    private static void AssertOneCreatePerObject(SandboxStats wire, int customers, int products, int prices)
    {
        Assert.Equal(customers, wire.Endpoint("POST /v1/customers").Requests);
        Assert.Equal(products, wire.Endpoint("POST /v1/products").Requests);
        Assert.Equal(prices, wire.Endpoint("POST /v1/prices").Requests);
        foreach (var read in new[] { "GET /v1/customers/{id}", "GET /v1/products/{id}", "GET /v1/prices/{id}" })
        {
            Assert.Equal(0, wire.Endpoint(read).Requests);
        }
    }

    private static async Task<string> FirstLineAsync(SyncOrg org, string orderId, string field)
    {
        await foreach (var line in org.Client.QueryAsync(
            Soql.Query($"SELECT Product2Id, PricebookEntryId FROM OrderItem WHERE OrderId = {orderId} LIMIT 1"), cancellationToken: TestCancellation.Token))
        {
            return line[field]!.GetValue<string>();
        }

        throw new InvalidOperationException($"Order {orderId} has no line.");
    }

    private static Task ClearStripeIdAsync(SyncOrg org, string type, string id) =>
        org.Client.UpdateAsync(type, id, new JsonObject { ["Stripe_ID__c"] = null }, TestCancellation.Token);

    /// <summary>
    /// Holds each order's own object (its schedule, subscription or invoice) until <paramref name="orders"/> of them are
    /// on their way: no timer, the syncs meet here.
    /// </summary>
    private sealed class OrderObjectGate(int orders) : DelegatingHandler
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Post && path is "/v1/subscription_schedules" or "/v1/subscriptions" or "/v1/invoices")
            {
                if (Interlocked.Increment(ref _arrived) == orders)
                {
                    _all.TrySetResult();
                }

                await _all.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
