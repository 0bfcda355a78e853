using CpqSync.Engine.Changes;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>Live sync as <c>serve</c> ticks it: the change poller, then the worker.</summary>
public sealed class LiveSyncTests
{
    [Fact]
    public async Task An_order_activated_through_the_salesforce_api_gets_a_success_sync_record()
    {
        await using var org = await SyncOrg.StartAsync();
        var polling = new ChangePollingOptions { Interval = TimeSpan.FromSeconds(1) };
        var source = await new ChangeSourceFactory(org.Client, org.Store, Options.Create(polling), TimeProvider.System)
            .CreateAsync(org.Connection.Id, org.Connection.Preferences, TestCancellation.Token);
        var poller = new LiveSyncPoller(source, new LiveSyncSwitch(on: true), polling);
        var template = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var orderId = await OrderBuilder.CopyAsync(org.Client, template, lines: 2, "Activated while live sync runs");

        // serve's ticks: a poll queues what changed, then the worker drains the queue.
        var record = await Eventually.ValueAsync(
            async () =>
            {
                await poller.RunOnceAsync(TestCancellation.Token);
                await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);
                return (await org.SyncRecordsAsync(orderId)).FirstOrDefault(r => r.Text("Resolution_Status__c") == SyncRecordStatus.Success);
            },
            "the new order's Success Sync Record");

        var stripeId = await org.StripeIdOfAsync("Order", orderId);
        Assert.StartsWith("sub_sched_", stripeId);
        Assert.Equal(stripeId, record.Text("Stripe_Object_ID__c"));
    }
}
