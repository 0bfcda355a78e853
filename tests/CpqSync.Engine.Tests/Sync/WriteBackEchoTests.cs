using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CpqSync.Engine.Changes;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// CpqSync's own write-back moves the order's SystemModstamp, so change detection finds it again: that echo must not
/// sync the order a second time, while any edit a user makes still does.
/// </summary>
public sealed class WriteBackEchoTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Live_sync_syncs_an_activated_order_once_then_again_only_when_a_user_edits_a_line(bool editInTheSecondOfTheWriteBack)
    {
        var stripeRequests = new RequestCounter();
        // The org's clock, which stamps its records, and change polling's: it stands still unless the test moves it, so
        // the order's copy, its sync's write-back and the user's edit all happen in one second unless told otherwise.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var org = await SyncOrg.StartAsync(
            configureServices: services => services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => stripeRequests), salesforceTime: clock);
        using var traces = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "CpqSync",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(traces);
        var polling = new ChangePollingOptions { Interval = TimeSpan.FromSeconds(1) };
        var source = await new ChangeSourceFactory(org.Client, org.Store, Options.Create(polling), clock, org.Services.GetRequiredService<WriteBackEchoes>())
            .CreateAsync(org.Connection.Id, org.Connection.Preferences, TestCancellation.Token);
        var poller = new LiveSyncPoller(source, new LiveSyncSwitch(on: true), polling);
        // Past the settle delay of the demo seed's rows, so that the first poll reads them once and the later polls,
        // whose Salesforce calls this test counts, skip them (a row read within the settle delay of its stamp is queued
        // again at every poll: see ModstampChangeSource).
        clock.Advance(polling.SettleDelay + TimeSpan.FromSeconds(1));
        await PollAndSyncAsync(org, poller); // The demo seed's recent orders.
        var schedulesBefore = await org.CountStripeAsync("subscription_schedules");
        var template = (await org.ActivatedOrdersAsync())[Stark];
        var orderId = await OrderBuilder.CopyAsync(org.Client, template, lines: 2, "Activated while live sync runs");

        var first = await PollAndSyncAsync(org, poller);
        var stripeRequestsAfterSync = stripeRequests.Of(orderId);
        var salesforceBeforeEcho = org.Salesforce.ApiUsage;
        var echo = await PollAndSyncAsync(org, poller);
        var idle = await PollAndSyncAsync(org, poller);

        Assert.Contains(orderId, first);
        // The write-back moved the order and its lines; how they read after it is known, so the polls after it drop
        // them before reading anything: one call per poll, no re-read of the order.
        Assert.DoesNotContain(orderId, echo);
        Assert.DoesNotContain(orderId, idle);
        Assert.Equal(2, org.Salesforce.ApiUsage - salesforceBeforeEcho);
        Assert.True(stripeRequestsAfterSync > 0);
        Assert.Equal(stripeRequestsAfterSync, stripeRequests.Of(orderId));
        Assert.Equal(schedulesBefore + 1, await org.CountStripeAsync("subscription_schedules"));
        Assert.Equal([SyncStatus.Success], await OutcomesAsync(org, orderId));
        Assert.Single(await org.SyncRecordsAsync(orderId));

        var lineId = await FirstLineAsync(org.Client, orderId);
        var writtenBack = await LineStampAsync(org.Client, lineId);
        if (!editInTheSecondOfTheWriteBack)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Salesforce stamps to the second: an edit in the second of the write-back carries the echo's stamp, and is told
        // from the echo by what it changed. Salesforce freezes an activated order's products: a user reopens the order
        // to change a quantity.
        await org.Client.UpdateAsync("Order", orderId, new JsonObject { ["Status"] = "Draft" }, TestCancellation.Token);
        await org.Client.UpdateAsync("OrderItem", lineId, new JsonObject { ["Quantity"] = 7, ["SBQQ__OrderedQuantity__c"] = 7 }, TestCancellation.Token);
        await org.Client.UpdateAsync("Order", orderId, new JsonObject { ["Status"] = "Activated" }, TestCancellation.Token);
        var edited = await PollAndSyncAsync(org, poller);

        Assert.Equal(editInTheSecondOfTheWriteBack, await LineStampAsync(org.Client, lineId) == writtenBack);
        Assert.Contains(orderId, edited);
        Assert.Equal(2, (await OutcomesAsync(org, orderId)).Count);
    }

    [Fact]
    public async Task A_live_sync_of_an_order_unchanged_since_its_sync_makes_no_stripe_call()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())[Stark];
        var synced = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);

        var again = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);
        var backfill = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Backfill, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.Succeeded, synced.Status);
        Assert.Equal(OrderSyncStatus.Unchanged, again.Status);
        Assert.True(again.Succeeded);
        Assert.Equal(0, again.StripeCalls);
        Assert.Equal(OrderSyncStatus.Unchanged, backfill.Status);
        Assert.Single(await org.SyncRecordsAsync(orderId));
    }

    [Fact]
    public async Task A_manual_sync_of_an_unchanged_order_still_runs_in_full()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())[Stark];
        await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);

        var manual = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        Assert.NotEqual(OrderSyncStatus.Unchanged, manual.Status);
        Assert.True(manual.Succeeded, manual.Message);
        Assert.True(manual.StripeCalls > 0);
    }

    [Fact]
    public async Task A_refused_order_is_not_refused_again_until_it_changes()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())["Invalid (ORDER_NO_QUOTE): order not generated from a quote"];
        var refused = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);

        var again = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);
        await org.Client.UpdateAsync("Order", orderId, new JsonObject { ["Description"] = "Edited by a user" }, TestCancellation.Token);
        var edited = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.PlanRefused, refused.Status);
        Assert.Equal(OrderSyncStatus.Unchanged, again.Status);
        Assert.False(again.Succeeded); // Still refused: counted as failed, with the same code.
        Assert.Equal("ORDER_NO_QUOTE", again.ErrorCode);
        Assert.Equal(0, again.StripeCalls);
        Assert.Single(await org.SyncRecordsAsync(orderId));
        Assert.Equal(OrderSyncStatus.PlanRefused, edited.Status);
    }

    [Fact]
    public async Task A_configuration_change_syncs_the_order_again()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())[Stark];
        await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Live, TestCancellation.Token);
        var settings = org.Connection.Configuration.Settings;
        var changed = org.Connection with
        {
            Configuration = org.Connection.Configuration with { Settings = settings with { UpdateCustomerOnOrderSync = !settings.UpdateCustomerOnOrderSync } },
        };

        var result = await org.Syncer.SyncAsync(changed, orderId, SyncTrigger.Live, TestCancellation.Token);

        Assert.NotEqual(OrderSyncStatus.Unchanged, result.Status);
        Assert.True(result.StripeCalls > 0);
    }

    /// <summary>One poll of change detection, then the worker until the queue is empty: the orders the poll queued.</summary>
    private static async Task<List<string>> PollAndSyncAsync(SyncOrg org, LiveSyncPoller poller)
    {
        var poll = await poller.RunOnceAsync(TestCancellation.Token);
        await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);
        return poll!.Queued.Select(static c => c.OrderId).ToList();
    }

    private static async Task<string> LineStampAsync(SalesforceClient client, string lineId) =>
        (await client.RetrieveAsync("OrderItem", lineId, ["SystemModstamp"], TestCancellation.Token))["SystemModstamp"]!.GetValue<string>();

    private static async Task<List<SyncStatus>> OutcomesAsync(SyncOrg org, string orderId) =>
        (await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.Connection.Id, RecordId: orderId), TestCancellation.Token))
        .Select(static o => o.Status)
        .ToList();

    /// <summary>Counts Stripe requests by the order whose sync made them (the "sync order" trace's order id).</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> _byOrder = new(StringComparer.Ordinal);

        public int Of(string orderId) => _byOrder.GetValueOrDefault(orderId);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
            {
                if (activity.GetTagItem("cpqsync.order.id") is string orderId)
                {
                    _byOrder.AddOrUpdate(orderId, 1, static (_, n) => n + 1);
                    break;
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<string> FirstLineAsync(SalesforceClient client, string orderId)
    {
        await foreach (var row in client.QueryAsync(
            Soql.Query($"SELECT Id FROM OrderItem WHERE OrderId = {orderId} ORDER BY OrderItemNumber LIMIT 1"), cancellationToken: TestCancellation.Token))
        {
            return row["Id"]!.GetValue<string>();
        }

        throw new InvalidOperationException($"Order {orderId} has no lines.");
    }
}
