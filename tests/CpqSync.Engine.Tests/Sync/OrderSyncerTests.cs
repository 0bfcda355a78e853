using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>One order synced end to end: Salesforce snapshot, plan, Stripe, id map, write-back.</summary>
public sealed class OrderSyncerTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task A_valid_order_becomes_a_stripe_schedule_with_its_ids_and_a_success_sync_record()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())[Stark];

        var result = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.Succeeded, result.Status);
        var scheduleId = await org.StripeIdOfAsync("Order", orderId);
        Assert.StartsWith("sub_sched_", scheduleId);
        Assert.Equal(scheduleId, result.StripeIds[0]);
        Assert.True(result.SalesforceCalls > 0);
        Assert.True(result.StripeCalls > 0);
        var record = Assert.Single(await org.SyncRecordsAsync(orderId));
        Assert.Equal(SyncRecordStatus.Success, record.Text("Resolution_Status__c"));
        var mapped = await org.Store.FindMappingAsync(org.Connection.Id, "Order", orderId, "subscription_schedule", TestCancellation.Token);
        Assert.Equal(scheduleId, mapped?.StripeId);
        Assert.Equal(1, await org.CountStripeAsync("subscription_schedules"));
    }

    [Fact]
    public async Task An_order_the_planner_refuses_gets_an_error_sync_record_with_the_catalogue_code()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())["Invalid (ORDER_NO_QUOTE): order not generated from a quote"];

        var result = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.PlanRefused, result.Status);
        Assert.Equal("ORDER_NO_QUOTE", result.ErrorCode);
        Assert.False(result.IsTransient);
        var record = Assert.Single(await org.SyncRecordsAsync(orderId));
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("ORDER_NO_QUOTE", record.Text("Error_Code__c"));
        Assert.Equal(0, await org.CountStripeAsync("customers"));
    }

    [Fact]
    public async Task An_unknown_order_is_not_found()
    {
        await using var org = await SyncOrg.StartAsync();

        var result = await org.Syncer.SyncAsync(org.Connection, "801000000000000AAA", SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Syncing_an_order_again_creates_no_second_stripe_object()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())[Stark];
        var first = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        var second = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        Assert.True(second.Succeeded, second.Message);
        Assert.Equal(first.StripeIds[0], await org.StripeIdOfAsync("Order", orderId));
        Assert.Equal(1, await org.CountStripeAsync("subscription_schedules"));
        Assert.Equal(1, await org.CountStripeAsync("customers"));
    }
}
