using CpqSync.Core.Planning;
using CpqSync.Stripe.Tests.Support;
using Stripe;
using Stripe.Billing;

namespace CpqSync.Stripe.Tests;

/// <summary>Metered order lines: their prices bill on a meter per product, shared by every order of the product.</summary>
public sealed class BillingMeterApplyTests
{
    private static CancellationToken Token => CancellationToken.None;

    [Fact]
    public async Task A_metered_line_gets_a_meter_and_a_price_on_it()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = Metered(TestOrders.Termed(DateTimeOffset.UtcNow)).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var meterId = result.StripeIds[$"meter:{TestOrders.ProductId(1)}"];
        var meter = await new MeterService(host.Stripe).GetAsync(meterId, cancellationToken: Token);
        Assert.Equal($"salesforce_{TestOrders.ProductId(1)}", meter.EventName);
        Assert.Equal("sum", meter.DefaultAggregation.Formula);
        var price = await new PriceService(host.Stripe).GetAsync(result.StripeIds[$"price:{MeteredLine}"], cancellationToken: Token);
        Assert.Equal("metered", price.Recurring.UsageType);
        Assert.Equal(meterId, price.Recurring.Meter);
    }

    [Fact]
    public async Task A_second_order_of_the_product_reuses_its_meter_even_after_the_product_was_renamed()
    {
        await using var host = await ApplierHost.StartAsync();
        var first = await host.Applier.ApplyAsync(Metered(TestOrders.Termed(DateTimeOffset.UtcNow)).Plan(), Token);

        // A renamed product changes the meter's parameters and so its idempotency key: only the event name matches.
        var secondPlan = Metered(TestOrders.Termed(DateTimeOffset.UtcNow))
            .With(TestOrders.ProductId(1), "Name", "Platform (renamed)")
            .With(MeteredLine, "UnitPrice", 7m)
            .Plan();
        // TestOrders has one order id, whose schedule Stripe already holds: the second order is its catalogue part.
        var catalogue = secondPlan with
        {
            Operations = secondPlan.Operations.TakeWhile(static o => o.Kind != StripeOperationKind.CreateSubscriptionSchedule).ToList(),
            WriteBacks = [],
        };
        var second = await host.Applier.ApplyAsync(catalogue, Token);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.True(second.Succeeded, second.Failure?.Message);
        var meterOperation = $"meter:{TestOrders.ProductId(1)}";
        Assert.Equal(first.StripeIds[meterOperation], second.StripeIds[meterOperation]);
        Assert.True(second.Applied.Single(a => a.OperationId == meterOperation).Replayed);
        var meters = await new MeterService(host.Stripe).ListAsync(cancellationToken: Token);
        Assert.Single(meters.Data);
    }

    private static string MeteredLine => $"802{1:D12}AAA";

    private static TestOrders Metered(TestOrders order) => order
        .With(MeteredLine, "SBQQ__BillingType__c", "Arrears")
        .With(MeteredLine, "Quantity", 1m)
        .With(MeteredLine, "SBQQ__OrderedQuantity__c", 1m);
}
