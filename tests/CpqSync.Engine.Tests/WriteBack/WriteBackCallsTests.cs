using CpqSync.Core.Errors;
using CpqSync.Engine.Tests.Support;
using CpqSync.Stripe;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>Salesforce API calls per order are a product figure: write-back costs the same whatever the order's size.</summary>
public sealed class WriteBackCallsTests
{
    [Fact]
    public async Task A_twenty_line_order_costs_as_many_write_back_calls_as_a_one_line_order()
    {
        await using var demo = await DemoOrg.StartAsync();
        var template = (await demo.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var small = await WriteBackOrg.ForOrderAsync(demo, await OrderBuilder.CopyAsync(demo.Client, template, 1, "One line"));
        var large = await WriteBackOrg.ForOrderAsync(demo, await OrderBuilder.CopyAsync(demo.Client, template, 20, "Twenty lines"));
        Assert.Equal(20, large.Lines.Count);

        var smallCalls = await CountAsync(demo, () => small.SucceedAsync());
        var largeCalls = await CountAsync(demo, () => large.SucceedAsync());

        Assert.Equal(smallCalls, largeCalls);
        // The coupon-copy query; then one composite: Account, Order, Product2, PricebookEntry and OrderItem updates in one
        // collection, the coupon copies' create, the Sync Records' upsert and the read of the order's earlier ones. The
        // fixture writes the same line Stripe ids to every order, which Salesforce refuses as duplicates: the Error rows
        // for those refusals take one more call.
        Assert.Equal(3, largeCalls);
    }

    [Fact]
    public async Task Resolving_earlier_errors_and_retention_add_at_most_one_call()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var preferences = WriteBackOrg.Preferences with { RetentionCount = 1 };
        foreach (var line in org.Lines)
        {
            var error = SyncError.Of(SyncErrorCode.OrderLineNotActive, "OrderItem", line.Text("Id"), null);
            await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [error], WriteBackOrg.Preferences, TestCancellation.Token);
        }

        var errorOnly = await CountAsync(org.Org, () => org.WriteBack.RecordPlanErrorsAsync(
            org.Attempt(), [SyncError.Of(SyncErrorCode.OrderNoQuote, "Order", org.OrderId, null)], WriteBackOrg.Preferences, TestCancellation.Token));
        var withRetention = await CountAsync(org.Org, () => org.WriteBack.RecordAppliedAsync(
            org.Attempt(), new StripeApplyResult([], [], null), preferences, TestCancellation.Token));

        Assert.Equal(1, errorOnly); // upsert and the read of earlier rows, in one composite
        Assert.Equal(2, withRetention); // the same, then the delete of the rows beyond retention
        Assert.Single(await org.SyncRecordsAsync());
    }

    private static async Task<long> CountAsync<T>(DemoOrg org, Func<Task<T>> action)
    {
        var before = org.Server.ApiUsage;
        await action();
        return org.Server.ApiUsage - before;
    }
}
