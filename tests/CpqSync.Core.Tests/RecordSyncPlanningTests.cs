using CpqSync.Core.Planning;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>Records synced on their own plan exactly what an order sync would plan for them, so orders reuse them.</summary>
public class RecordSyncPlanningTests
{
    private const string TermedOrder = "subscriptions/termed-order-becomes-a-schedule-with-one-phase.json";
    private const string EntryId = "01u000000000001AAA";
    private const string ProductId = "01t000000000001AAA";

    [Fact]
    public void A_synced_price_book_entry_has_the_key_and_write_back_of_the_order_line_that_reuses_it()
    {
        var order = Scenario.Load(TermedOrder).ToInput();
        var orderPlan = SyncPlanner.Plan(order).Plan!;

        var recordPlan = SyncPlanner.PlanRecords(
            new RecordSyncInput(order.Records, RecordSyncTarget.Pricebook(EntryId), order.Stripe, order.Configuration, order.Now)).Plan!;

        foreach (var id in new[] { $"product:{ProductId}", $"price:{EntryId}" })
        {
            var fromOrder = Assert.Single(orderPlan.Operations, o => o.Id == id);
            var alone = Assert.Single(recordPlan.Operations, o => o.Id == id);
            Assert.Equal(fromOrder.IdempotencyKey, alone.IdempotencyKey);
            Assert.Equal(fromOrder.Params, alone.Params);
        }

        Assert.Equal(
            orderPlan.WriteBacks.Single(static w => w.RecordId == EntryId).Fields,
            recordPlan.WriteBacks.Single(static w => w.RecordId == EntryId).Fields);
    }

    [Fact]
    public void A_synced_product_has_the_key_an_order_sync_gives_it()
    {
        var order = Scenario.Load(TermedOrder).ToInput();
        var orderPlan = SyncPlanner.Plan(order).Plan!;

        var recordPlan = SyncPlanner.PlanRecords(
            new RecordSyncInput(order.Records, RecordSyncTarget.Products(ProductId), order.Stripe, order.Configuration, order.Now)).Plan!;

        Assert.Equal(
            orderPlan.Operations.Single(static o => o.Id == $"product:{ProductId}").IdempotencyKey,
            Assert.Single(recordPlan.Operations).IdempotencyKey);
    }

    [Fact]
    public void An_id_the_records_do_not_hold_is_a_caller_error()
    {
        var order = Scenario.Load(TermedOrder).ToInput();

        Assert.Throws<ArgumentException>(() => SyncPlanner.PlanRecords(
            new RecordSyncInput(order.Records, RecordSyncTarget.Account("001000000000009AAA"), order.Stripe, order.Configuration, order.Now)));
        Assert.Throws<ArgumentException>(() => SyncPlanner.PlanRecords(
            new RecordSyncInput(order.Records, RecordSyncTarget.Products(EntryId), order.Stripe, order.Configuration, order.Now)));
    }
}
