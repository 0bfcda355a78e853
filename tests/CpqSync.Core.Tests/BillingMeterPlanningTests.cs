using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>Metered prices and the billing meter each one bills on.</summary>
public class BillingMeterPlanningTests
{
    private const string MeteredScenario = "products-and-prices/arrears-billing-makes-a-metered-price-and-an-item-without-quantity.json";

    [Fact]
    public void A_second_order_of_the_metered_product_plans_the_same_meter()
    {
        var input = Scenario.Load(MeteredScenario).ToInput();
        var first = SyncPlanner.Plan(input).Plan!;

        // The same product on a new line of a new order: its meter operation is identical, so Stripe replays it
        // within a day and the applier finds the meter by its event name after that.
        var records = input.Records.All.Select(static r => r.Type switch
        {
            "Order" => r.With("Stripe_ID__c", null),
            "OrderItem" => r.With("UnitPrice", 999m),
            _ => r,
        }).ToList();
        var second = SyncPlanner.Plan(input with { Records = new RecordSet(records) }).Plan!;

        var meter = Assert.Single(first.Operations, static o => o.Kind == StripeOperationKind.CreateBillingMeter);
        var again = Assert.Single(second.Operations, static o => o.Kind == StripeOperationKind.CreateBillingMeter);
        Assert.Equal(meter.IdempotencyKey, again.IdempotencyKey);
        Assert.Equal(meter.Params, again.Params);
    }

    [Fact]
    public void A_metered_price_already_in_stripe_needs_no_meter()
    {
        var input = Scenario.Load(MeteredScenario).ToInput();
        var plan = SyncPlanner.Plan(input).Plan!;
        var (synced, stripe) = PlanApplier.Apply(plan, input.Records.All, input.Stripe);

        var next = synced.Select(static r => r.Type == "Order" ? r.With("Stripe_ID__c", null) : r).ToList();
        var replan = SyncPlanner.Plan(input with { Records = new RecordSet(next), Stripe = stripe });

        Assert.True(replan.Succeeded, string.Join("; ", replan.Errors.Select(static e => e.Message)));
        Assert.DoesNotContain(replan.Plan!.Operations, static o => o.Kind == StripeOperationKind.CreateBillingMeter);
    }

    [Theory]
    [InlineData("salesforce_", "01t000000000001AAA", "salesforce_01t000000000001AAA")]
    [InlineData("acme.cpq-", "01t000000000001AAA", "acme_cpq_01t000000000001AAA")]
    [InlineData("", "01t5e000003AbCdAAK", "01t5e000003AbCdAAK")]
    public void Event_names_keep_the_product_id_and_only_letters_digits_and_underscores(string prefix, string productId, string expected) =>
        Assert.Equal(expected, BillingMeterPlanner.EventName(prefix, productId));

    [Fact]
    public void Event_names_are_at_most_one_hundred_characters_and_keep_the_product_id_whole()
    {
        var name = BillingMeterPlanner.EventName(new string('p', 120), "01t000000000001AAA");

        Assert.Equal(100, name.Length);
        Assert.EndsWith("01t000000000001AAA", name, StringComparison.Ordinal);
    }
}
