using CpqSync.Core.Mapping;
using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Stripe.Tests.Support;
using Stripe;

namespace CpqSync.Stripe.Tests;

/// <summary>Plans from the real planner, applied to the emulated Stripe API over loopback.</summary>
public sealed class ApplyTests
{
    private static CancellationToken Token => CancellationToken.None;

    [Fact]
    public async Task A_termed_order_becomes_a_customer_products_prices_and_a_schedule_with_the_planned_fields()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(plan.Operations.Select(static o => o.Id), result.Applied.Select(static a => a.OperationId));
        var customer = await new CustomerService(host.Stripe).GetAsync(result.StripeIds[$"customer:{TestOrders.AccountId}"], cancellationToken: Token);
        Assert.Equal("Acme Corp", customer.Name);
        Assert.Equal(TestOrders.AccountId, customer.Metadata["salesforce_account_id"]);

        var schedule = await new SubscriptionScheduleService(host.Stripe).GetAsync(
            result.StripeIds[$"subscription_schedule:{TestOrders.OrderId}"], cancellationToken: Token);
        Assert.Equal(customer.Id, schedule.CustomerId);
        Assert.Equal("cancel", schedule.EndBehavior);
        var phase = Assert.Single(schedule.Phases);
        var item = Assert.Single(phase.Items);
        Assert.Equal(result.StripeIds[$"price:{TestOrders.EntryId(1)}"], item.PriceId);
        Assert.Equal(2, item.Quantity);
        var oneTime = Assert.Single(phase.AddInvoiceItems);
        Assert.Equal(result.StripeIds[$"price:{TestOrders.EntryId(2)}"], oneTime.PriceId);
        // The one-time item carries the order's service period, start to start + term (docs/behaviour.md §4.9).
        Assert.Equal("timestamp", oneTime.Period.Start.Type);
        Assert.Equal(phase.StartDate, oneTime.Period.Start.Timestamp);
        Assert.Equal("timestamp", oneTime.Period.End.Type);
        Assert.Equal(phase.EndDate, oneTime.Period.End.Timestamp);

        var price = await new PriceService(host.Stripe).GetAsync(item.PriceId, cancellationToken: Token);
        Assert.Equal(result.StripeIds[$"product:{TestOrders.ProductId(1)}"], price.ProductId);
        Assert.Equal("usd", price.Currency);
        Assert.Equal("month", price.Recurring.Interval);
    }

    [Fact]
    public async Task Text_with_form_delimiters_and_accents_reaches_stripe_unchanged()
    {
        await using var host = await ApplierHost.StartAsync();
        const string name = "Smith & Sons = Société Générale + 100% [EU]";
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).With(TestOrders.AccountId, "Name", name).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var customer = await new CustomerService(host.Stripe).GetAsync(result.StripeIds[$"customer:{TestOrders.AccountId}"], cancellationToken: Token);
        Assert.Equal(name, customer.Name);
    }

    [Fact]
    public async Task Write_backs_carry_the_created_stripe_ids_and_dashboard_links()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(plan.WriteBacks.Count, result.WriteBacks.Count);
        var order = Assert.Single(result.WriteBacks, static w => w.SObjectType == "Order");
        var fields = order.Fields.ToDictionary();
        var scheduleId = result.StripeIds[$"subscription_schedule:{TestOrders.OrderId}"];
        Assert.Equal(scheduleId, fields["Stripe_ID__c"]);
        Assert.EndsWith($"/subscription_schedules/{scheduleId}", fields["Stripe_Subscription_Payment_Link__c"], StringComparison.Ordinal);
        Assert.DoesNotContain(result.WriteBacks.SelectMany(static w => w.Fields), static f => f.Value.Contains("${", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_termination_on_the_start_day_cancels_the_schedule_without_invoicing_or_proration()
    {
        await using var host = await ApplierHost.StartAsync();
        var orders = TestOrders.Termed(DateTimeOffset.UtcNow);
        var synced = await host.Applier.ApplyAsync(orders.Plan(), Token);
        Assert.True(synced.Succeeded, synced.Failure?.Message);
        var scheduleId = synced.StripeIds[$"subscription_schedule:{TestOrders.OrderId}"];
        var phase = (await new SubscriptionScheduleService(host.Stripe).GetAsync(scheduleId, cancellationToken: Token)).Phases[0];
        var stripe = new StripeState
        {
            Customers = new HashSet<string> { synced.StripeIds[$"customer:{TestOrders.AccountId}"] },
            Products = synced.StripeIds.Where(static p => p.Key.StartsWith("product:", StringComparison.Ordinal)).Select(static p => p.Value).ToHashSet(),
            Schedules = new Dictionary<string, StripeScheduleState>
            {
                [scheduleId] = new(scheduleId, "not_started",
                    [new StripeSchedulePhase(Unix(phase.StartDate), Unix(phase.EndDate), phase.Metadata)]),
            },
        };
        var plan = orders.TerminatedOnItsStartDay(synced.StripeIds).PlanOrder(TestOrders.TerminationId, stripe);

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var cancel = Assert.Single(plan.Operations, static o => o.Kind == StripeOperationKind.CancelSubscriptionSchedule);
        Assert.Equal([("invoice_now", "false"), ("prorate", "false")], cancel.Params.Select(static p => (p.Key, p.Value.Text)));
        Assert.Equal("canceled", (await new SubscriptionScheduleService(host.Stripe).GetAsync(scheduleId, cancellationToken: Token)).Status);
    }

    private static long Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    [Fact]
    public async Task Applying_the_same_plan_twice_replays_every_call_and_creates_no_duplicate()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow, recurring: 2, oneTime: 1).Plan();

        var first = await host.Applier.ApplyAsync(plan, Token);
        var second = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(second.Succeeded, second.Failure?.Message);
        Assert.Equal(first.StripeIds, second.StripeIds);
        Assert.All(first.Applied, static a => Assert.False(a.Replayed));
        Assert.All(second.Applied, static a => Assert.True(a.Replayed));
        await AssertStripeHoldsOnceAsync(host, customers: 1, products: 3, prices: 3, schedules: 1);
    }

    [Fact]
    public async Task An_update_of_a_product_stripe_no_longer_has_fails_naming_stripes_code_param_and_the_salesforce_product()
    {
        await using var host = await ApplierHost.StartAsync();
        var missing = "prod_DeletedInStripe0001";
        var orders = TestOrders.Termed(DateTimeOffset.UtcNow).With(TestOrders.ProductId(1), "Stripe_ID__c", missing);
        var plan = orders.Plan(new StripeState { Products = new HashSet<string> { missing } });

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal($"product:{TestOrders.ProductId(1)}", failure.OperationId);
        Assert.Equal(StripeOperationKind.UpdateProduct, failure.Kind);
        Assert.Equal(TestOrders.ProductId(1), failure.SourceRecordId);
        Assert.Equal(404, failure.HttpStatus);
        Assert.Equal("invalid_request_error", failure.ErrorType);
        Assert.Equal("resource_missing", failure.Code);
        Assert.Equal("id", failure.Param);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("req_", failure.RequestId, StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
        Assert.DoesNotContain(result.Applied, a => a.OperationId == failure.OperationId);
        // The customer, products and prices run side by side; nothing after them starts once one is refused.
        Assert.DoesNotContain(result.Applied, a => a.Kind == StripeOperationKind.CreateSubscriptionSchedule);
    }

    [Fact]
    public async Task A_price_in_another_currency_than_the_schedule_fails_naming_the_phase_item_and_the_salesforce_order()
    {
        await using var host = await ApplierHost.StartAsync();
        var orders = TestOrders.Termed(DateTimeOffset.UtcNow, recurring: 2, oneTime: 0);
        // Salesforce still links the second price book entry to a price Stripe holds in euros; the sync state believes
        // it matches the entry, so the planner reuses it.
        var planned = orders.Plan().Operations.Single(o => o.Id == $"price:{TestOrders.EntryId(2)}");
        var euros = await new PriceService(host.Stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "eur",
            UnitAmount = 10200,
            Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Platform 2 (EUR)" },
        }, cancellationToken: Token);
        var believed = planned.Params.Where(static p => PriceData.IsCompared(p.Key)).ToDictionary(static p => p.Key, static p => p.Value.Text!);
        orders.With(TestOrders.EntryId(2), "Stripe_ID__c", euros.Id);
        var plan = orders.Plan(new StripeState { Prices = new Dictionary<string, IReadOnlyDictionary<string, string>> { [euros.Id] = believed } });

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal(StripeOperationKind.CreateSubscriptionSchedule, failure.Kind);
        Assert.Equal(TestOrders.OrderId, failure.SourceRecordId);
        Assert.Equal(400, failure.HttpStatus);
        Assert.Equal("invalid_request_error", failure.ErrorType);
        Assert.Equal("phases[0][items][1][price]", failure.Param);
        Assert.Contains("eur", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
        // What Stripe already holds is still recorded in Salesforce; what depends on the refused schedule is not.
        Assert.DoesNotContain(result.WriteBacks, static w => w.SObjectType == "Order");
        Assert.Contains(result.WriteBacks, w => w.SObjectType == "Product2" && w.RecordId == TestOrders.ProductId(1)
            && w.Fields.Any(f => f.Value == result.StripeIds[$"product:{TestOrders.ProductId(1)}"]));
    }

    [Fact]
    public async Task A_wrong_api_key_fails_the_first_operation_with_stripes_authentication_error()
    {
        await using var host = await ApplierHost.StartAsync(static o => o.ApiKey = "sk_test_notTheSandboxKey");
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal(plan.Operations[0].Id, failure.OperationId);
        Assert.Equal(401, failure.HttpStatus);
        Assert.Equal("authentication_error", failure.ErrorType);
        Assert.False(failure.IsTransient);
        Assert.Empty(result.Applied);
        Assert.Equal([401], host.Attempts.Statuses);
    }

    [Fact]
    public async Task A_plan_with_nothing_to_do_sends_nothing_to_stripe()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).With(TestOrders.OrderId, "Status", "Draft").Plan();
        Assert.Equal(PlanShape.None, plan.Shape);

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Applied);
        Assert.Empty(host.Attempts.Statuses);
    }

    internal static async Task AssertStripeHoldsOnceAsync(ApplierHost host, int customers, int products, int prices, int schedules)
    {
        Assert.Equal(customers, (await new CustomerService(host.Stripe).ListAsync(new CustomerListOptions { Limit = 100 }, cancellationToken: Token)).Data.Count);
        Assert.Equal(products, (await new ProductService(host.Stripe).ListAsync(new ProductListOptions { Limit = 100 }, cancellationToken: Token)).Data.Count);
        Assert.Equal(prices, (await new PriceService(host.Stripe).ListAsync(new PriceListOptions { Limit = 100 }, cancellationToken: Token)).Data.Count);
        Assert.Equal(schedules, (await new SubscriptionScheduleService(host.Stripe).ListAsync(
            new SubscriptionScheduleListOptions { Limit = 100 }, cancellationToken: Token)).Data.Count);
    }
}
