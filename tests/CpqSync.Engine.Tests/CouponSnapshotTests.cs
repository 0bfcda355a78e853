using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>Coupons attached to a quote (CpqSync's coupon objects) reach the plan through the snapshot.</summary>
public sealed class CouponSnapshotTests
{
    [Fact]
    public async Task A_coupon_on_the_orders_quote_is_read_and_planned()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var orderId = orders["Umbrella: premium support"];
        var quoteId = (await org.Client.RetrieveAsync("Order", orderId, ["SBQQ__Quote__c"], TestCancellation.Token))["SBQQ__Quote__c"]!.GetValue<string>();
        var couponId = (await org.Client.CreateAsync("Quote_Stripe_Coupon__c", new JsonObject
        {
            ["Name__c"] = "Launch discount",
            ["Percent_Off__c"] = 10,
            ["Duration__c"] = "forever",
        }, TestCancellation.Token)).Id!;
        await org.Client.CreateAsync("Quote_Stripe_Coupon_Association__c", new JsonObject
        {
            ["Quote__c"] = quoteId,
            ["Quote_Stripe_Coupon__c"] = couponId,
        }, TestCancellation.Token);

        var preview = await org.Previewer.PreviewAsync(orderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);

        Assert.NotNull(preview.Snapshot.Records.Find(couponId));
        Assert.True(preview.Result.Succeeded, string.Join("; ", preview.Result.Errors.Select(e => e.CodeName + ": " + e.Message)));
        Assert.Contains(preview.Result.Plan!.Operations, o => o.Kind == StripeOperationKind.CreateCoupon);
    }
}
