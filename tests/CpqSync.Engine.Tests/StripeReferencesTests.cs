using CpqSync.Core.Records;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.Tests;

/// <summary>The Stripe ids written back to Salesforce, sorted by what they name so the engine can look each up.</summary>
public sealed class StripeReferencesTests
{
    [Fact]
    public void Written_back_ids_are_sorted_by_the_kind_of_stripe_object_they_name()
    {
        var records = new RecordSet(
        [
            Record("Account", "001A", "cus_1"),
            Record("Product2", "01tA", "prod_1"),
            Record("PricebookEntry", "01uA", "price_1"),
            Record("OrderItem", "802A", "price_2"),
            Record("Quote_Stripe_Coupon__c", "a01A", "coupon_1"),
            Record("Order", "801A", "sub_sched_1"),
            Record("Order", "801B", "sub_1"),
            Record("Order", "801C", "in_1"),
            Record("Order", "801D", null),
        ]);

        var ids = StripeReferences.From(records);

        Assert.Equal(["cus_1"], ids.Customers);
        Assert.Equal(["prod_1"], ids.Products);
        Assert.Equal(["price_1", "price_2"], ids.Prices.Order(StringComparer.Ordinal));
        Assert.Equal(["coupon_1"], ids.Coupons);
        Assert.Equal(["sub_sched_1"], ids.Schedules);
        Assert.Equal(["sub_1"], ids.Subscriptions);
        Assert.Equal(["in_1"], ids.Invoices);
    }

    private static SfRecord Record(string type, string id, string? stripeId) =>
        new(type, [new("Id", id), new("Stripe_ID__c", stripeId)]);
}
