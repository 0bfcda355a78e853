using CpqSync.Core.Errors;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
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

        var smallCalls = await CountAsync(demo, () => SucceedAsync(small, "small_"));
        var largeCalls = await CountAsync(demo, () => SucceedAsync(large, "large_"));

        Assert.Equal(smallCalls, largeCalls);
        // The coupon-copy query; then one composite: Account, Order, Product2, PricebookEntry and OrderItem updates in one
        // collection, the coupon copies' create, the Sync Records' upsert and the read of the order's earlier ones.
        Assert.Equal(2, largeCalls);
    }

    /// <summary>A success whose line Stripe ids are the order's own (Salesforce refuses a line id another order's line holds).</summary>
    private static Task<WriteBackReport> SucceedAsync(WriteBackOrg org, string linePrefix) =>
        org.WriteBack.RecordAppliedAsync(org.Attempt(), new StripeApplyResult([], org.SuccessWriteBacks()
            .Select(w => w.SObjectType == "OrderItem"
                ? w with { Fields = [.. w.Fields.Select(f => f.Key == "Stripe_ID__c" ? new KeyValuePair<string, string>(f.Key, linePrefix + f.Value) : f)] }
                : w)
            .ToList(), null), WriteBackOrg.Preferences, TestCancellation.Token);

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
