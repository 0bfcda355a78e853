namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Subscriptions, subscription items, invoice items, invoices and test clocks.</summary>
public sealed class BillingTests
{
    [Fact]
    public async Task A_subscription_created_directly_follows_the_same_rules_and_can_be_taken_over_by_a_schedule()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, yearly) = await ScheduleTests.CatalogAsync(api);
        var lastWeek = StripeApi.Start.AddDays(-7).ToUnixTimeSeconds();

        var subscription = await api.CreateAsync("/v1/subscriptions",
            $"customer={customer}&items[0][price]={monthly}&items[0][quantity]=3" +
            $"&metadata[sf_contract]=800A&backdate_start_date={lastWeek}");
        var trial = await api.CreateAsync("/v1/subscriptions", $"customer={customer}&items[0][price]={monthly}&trial_period_days=30");
        var mixed = await api.PostAsync("/v1/subscriptions", $"customer={customer}&items[0][price]={monthly}&items[1][price]={yearly}");
        var noItems = await api.PostAsync("/v1/subscriptions", $"customer={customer}");
        var schedule = await api.CreateAsync("/v1/subscription_schedules", $"from_subscription={subscription["id"]}");

        Assert.StartsWith("sub_", subscription["id"]!.GetValue<string>());
        Assert.Null(subscription["schedule"]);
        Assert.Equal(lastWeek, subscription["start_date"]!.GetValue<long>());
        Assert.Equal("800A", subscription["metadata"]!["sf_contract"]!.GetValue<string>());
        Assert.Equal(3000, (await api.GetAsync($"/v1/invoices/{subscription["latest_invoice"]}")).Json["total"]!.GetValue<long>());
        Assert.Equal("trialing", trial["status"]!.GetValue<string>());
        Assert.Equal("items[1][price]", mixed.Error["param"]!.GetValue<string>());
        noItems.AssertError(400, "parameter_missing", "items");
        Assert.Equal(subscription["id"]!.GetValue<string>(), schedule["subscription"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscriptions_are_listed_by_customer_and_price_and_canceled_ones_only_on_request()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        var form = $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=month";
        var kept = await api.CreateAsync("/v1/subscription_schedules", form);
        var canceled = await api.CreateAsync("/v1/subscription_schedules", form);
        await api.DeleteAsync($"/v1/subscriptions/{canceled["subscription"]}");

        var byCustomer = (await api.GetAsync($"/v1/subscriptions?customer={customer}")).Json;
        var all = (await api.GetAsync($"/v1/subscriptions?customer={customer}&status=all")).Json;
        var byPrice = (await api.GetAsync($"/v1/subscriptions?price={monthly}")).Json;
        var schedule = (await api.GetAsync($"/v1/subscription_schedules/{canceled["id"]}")).Json;

        Assert.Equal(kept["subscription"]!.GetValue<string>(), Assert.Single(byCustomer["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(2, all["data"]!.AsArray().Count);
        Assert.Single(byPrice["data"]!.AsArray());
        Assert.Equal("canceled", schedule["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_subscription_is_updated_through_its_items_metadata_and_cancel_at_period_end()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, yearly) = await ScheduleTests.CatalogAsync(api);
        var other = await api.CreateAsync("/v1/prices", "product_data[name]=Addon&currency=usd&unit_amount=300&recurring[interval]=month");
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=month");
        var subscriptionId = schedule["subscription"]!.GetValue<string>();
        var item =
            (await api.GetAsync($"/v1/subscription_items?subscription={subscriptionId}")).Json["data"]![0]!["id"]!.GetValue<string>();

        var updated = await api.CreateAsync($"/v1/subscriptions/{subscriptionId}",
            $"metadata[sf]=1&cancel_at_period_end=true&items[0][id]={item}&items[0][quantity]=7&items[1][price]={other["id"]}");
        var third = await api.CreateAsync("/v1/prices", "product_data[name]=Extra&currency=usd&unit_amount=50&recurring[interval]=month");
        var added = await api.CreateAsync("/v1/subscription_items", $"subscription={subscriptionId}&price={third["id"]}&quantity=2");
        var yearlyItem = await api.PostAsync("/v1/subscription_items", $"subscription={subscriptionId}&price={yearly}");
        var duplicate = await api.PostAsync("/v1/subscription_items", $"subscription={subscriptionId}&price={monthly}");
        var mixedInterval = await api.PostAsync($"/v1/subscriptions/{subscriptionId}", $"items[0][price]={yearly}");
        var itemsAfterFailure = (await api.GetAsync($"/v1/subscription_items?subscription={subscriptionId}")).Json["data"]!.AsArray();
        var removed = (await api.DeleteAsync($"/v1/subscription_items/{added["id"]}")).Json;
        api.Time.Advance(TimeSpan.FromDays(32));
        var ended = (await api.GetAsync($"/v1/subscriptions/{subscriptionId}")).Json;

        Assert.True(updated["cancel_at_period_end"]!.GetValue<bool>());
        Assert.Equal(StripeApi.Start.AddMonths(1).ToUnixTimeSeconds(), updated["cancel_at"]!.GetValue<long>());
        Assert.Equal(2, updated["items"]!["data"]!.AsArray().Count);
        Assert.Equal(7, updated["items"]!["data"]![0]!["quantity"]!.GetValue<long>());
        Assert.StartsWith("si_", added["id"]!.GetValue<string>());
        Assert.Equal(400, duplicate.Status);
        Assert.Equal("price", yearlyItem.Error["param"]!.GetValue<string>());
        Assert.Equal("items", mixedInterval.Error["param"]!.GetValue<string>());
        Assert.Equal(3, itemsAfterFailure.Count);
        Assert.True(removed["deleted"]!.GetValue<bool>());
        Assert.Equal("canceled", ended["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_subscription_item_needs_an_active_recurring_price_in_the_subscriptions_currency()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        var euro = await api.CreateAsync("/v1/prices", "product_data[name]=E&currency=eur&unit_amount=100&recurring[interval]=month");
        var schedule = await api.CreateAsync("/v1/subscription_schedules", $"customer={customer}&phases[0][items][0][price]={monthly}");

        var response = await api.PostAsync("/v1/subscription_items", $"subscription={schedule["subscription"]}&price={euro["id"]}");
        var missing = await api.GetAsync("/v1/subscription_items");

        Assert.Equal(400, response.Status);
        Assert.Equal("price", response.Error["param"]!.GetValue<string>());
        missing.AssertError(400, "parameter_missing", "subscription");
    }

    [Fact]
    public async Task Invoice_items_wait_for_an_invoice_that_totals_them_and_finalizes_with_a_number()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var setup = await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=2500");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&pricing[price]={setup["id"]}&quantity=2");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1000&currency=usd&description=Travel");

        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&pending_invoice_items_behavior=include");
        var finalized = await api.CreateAsync($"/v1/invoices/{invoice["id"]}/finalize", "");
        var again = await api.PostAsync($"/v1/invoices/{invoice["id"]}/finalize", "");
        var pending = (await api.GetAsync($"/v1/invoiceitems?customer={customer["id"]}&pending=true")).Json;
        var open = (await api.GetAsync($"/v1/invoices?customer={customer["id"]}&status=open")).Json;

        Assert.StartsWith("in_", invoice["id"]!.GetValue<string>());
        Assert.Equal("draft", invoice["status"]!.GetValue<string>());
        Assert.Equal(6000, invoice["total"]!.GetValue<long>());
        Assert.Equal(2, invoice["lines"]!["data"]!.AsArray().Count);
        Assert.Equal("open", finalized["status"]!.GetValue<string>());
        Assert.Equal($"{customer["invoice_prefix"]}-0001", finalized["number"]!.GetValue<string>());
        Assert.Equal(6000, finalized["amount_due"]!.GetValue<long>());
        Assert.Equal(400, again.Status);
        Assert.Empty(pending["data"]!.AsArray());
        Assert.Single(open["data"]!.AsArray());
    }

    [Fact]
    public async Task Invoice_items_take_one_time_prices_in_the_customers_currency()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var recurring = await api.CreateAsync("/v1/prices", "product_data[name]=R&currency=usd&unit_amount=100&recurring[interval]=month");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1000&currency=usd");

        var recurringPrice = await api.PostAsync("/v1/invoiceitems", $"customer={customer["id"]}&pricing[price]={recurring["id"]}");
        var otherCurrency = await api.PostAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1000&currency=eur");
        var nothing = await api.PostAsync("/v1/invoiceitems", $"customer={customer["id"]}");

        Assert.Equal("pricing[price]", recurringPrice.Error["param"]!.GetValue<string>());
        Assert.StartsWith("You cannot combine currencies", otherCurrency.Error["message"]!.GetValue<string>());
        Assert.Equal(400, nothing.Status);
    }

    [Fact]
    public async Task Only_draft_invoices_can_be_deleted_and_only_open_ones_voided()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var draft = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1000&currency=usd&invoice={draft["id"]}");
        var open = await api.CreateAsync($"/v1/invoices/{draft["id"]}/finalize", "");

        var delete = await api.DeleteAsync($"/v1/invoices/{open["id"]}");
        var voided = await api.CreateAsync($"/v1/invoices/{open["id"]}/void", "");
        var sendInvoice = await api.PostAsync("/v1/invoices", $"customer={customer["id"]}&collection_method=send_invoice");

        Assert.Equal(400, delete.Status);
        Assert.Equal("void", voided["status"]!.GetValue<string>());
        Assert.Equal("days_until_due", sendInvoice.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_test_clock_deletes_its_customers_with_their_schedules_subscriptions_and_invoices()
    {
        await using var api = await StripeApi.StartAsync();
        var clock = await api.CreateAsync("/v1/test_helpers/test_clocks", $"frozen_time={StripeApi.Start.ToUnixTimeSeconds()}&name=doomed");
        var customer = await api.CreateAsync("/v1/customers", $"name=Doomed&test_clock={clock["id"]}");
        var other = await api.CreateAsync("/v1/customers", "name=Kept");
        var product = await api.CreateAsync("/v1/products", "name=Seat");
        var price = await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=1000&recurring[interval]=month");
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][items][0][price]={price["id"]}&phases[0][duration][interval]=month");
        var kept = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={other["id"]}&phases[0][items][0][price]={price["id"]}&phases[0][duration][interval]=month");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;

        await api.DeleteAsync($"/v1/test_helpers/test_clocks/{clock["id"]}");

        (await api.GetAsync($"/v1/customers/{customer["id"]}")).AssertError(404, "resource_missing");
        (await api.GetAsync($"/v1/subscription_schedules/{schedule["id"]}")).AssertError(404, "resource_missing");
        (await api.GetAsync($"/v1/subscriptions/{subscription["id"]}")).AssertError(404, "resource_missing");
        (await api.GetAsync($"/v1/invoices/{subscription["latest_invoice"]}")).AssertError(404, "resource_missing");
        var schedules = (await api.GetAsync("/v1/subscription_schedules")).Json["data"]!.AsArray();
        Assert.Equal(kept["id"]!.GetValue<string>(), Assert.Single(schedules)!["id"]!.GetValue<string>());
        Assert.Single((await api.GetAsync("/v1/invoices")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task Paying_an_invoice_out_of_band_or_with_a_payment_method_marks_it_paid()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "name=Payer");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=2500&currency=usd");
        var draft = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&pending_invoice_items_behavior=include");
        await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1250&currency=usd");
        var second = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&pending_invoice_items_behavior=include");
        await api.CreateAsync($"/v1/invoices/{second["id"]}/finalize", "");

        var refused = await api.PostAsync($"/v1/invoices/{second["id"]}/pay", "");
        var paid = await api.CreateAsync($"/v1/invoices/{draft["id"]}/pay", "paid_out_of_band=true");
        var byCard = await api.CreateAsync($"/v1/invoices/{second["id"]}/pay", "payment_method=pm_card_visa");
        var again = await api.PostAsync($"/v1/invoices/{second["id"]}/pay", "payment_method=pm_card_visa");

        Assert.Equal(400, refused.Status);
        Assert.Equal("paid", paid["status"]!.GetValue<string>());
        Assert.NotNull(paid["number"]);
        Assert.Equal(2500, paid["amount_paid"]!.GetValue<long>());
        Assert.Equal(0, paid["amount_remaining"]!.GetValue<long>());
        Assert.NotNull(paid["status_transitions"]!["paid_at"]);
        Assert.Equal("paid", byCard["status"]!.GetValue<string>());
        Assert.Equal(1250, byCard["amount_paid"]!.GetValue<long>());
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task Advancing_a_test_clock_moves_its_customers_schedules_through_phases_and_ends_them()
    {
        await using var api = await StripeApi.StartAsync();
        var frozen = StripeApi.Start.AddYears(1).ToUnixTimeSeconds();
        var clock = await api.CreateAsync("/v1/test_helpers/test_clocks", $"frozen_time={frozen}&name=renewal");
        var customer = await api.CreateAsync("/v1/customers", $"email=clock@example.com&test_clock={clock["id"]}");
        var product = await api.CreateAsync("/v1/products", "name=Seat");
        var price = await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=1000&recurring[interval]=month");
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&end_behavior=cancel&phases[0][items][0][price]={price["id"]}&phases[0][duration][interval]=month" +
            $"&phases[1][items][0][price]={price["id"]}&phases[1][items][0][quantity]=9&phases[1][duration][interval]=month");
        var id = schedule["id"]!.GetValue<string>();

        var advancing = await api.CreateAsync($"/v1/test_helpers/test_clocks/{clock["id"]}/advance",
            $"frozen_time={DateTimeOffset.FromUnixTimeSeconds(frozen).AddMonths(1).AddDays(1).ToUnixTimeSeconds()}");
        var second = (await api.GetAsync($"/v1/subscription_schedules/{id}?expand[]=subscription")).Json;
        var backwards = await api.PostAsync($"/v1/test_helpers/test_clocks/{clock["id"]}/advance", $"frozen_time={frozen}");
        await api.CreateAsync($"/v1/test_helpers/test_clocks/{clock["id"]}/advance",
            $"frozen_time={DateTimeOffset.FromUnixTimeSeconds(frozen).AddMonths(3).ToUnixTimeSeconds()}");
        var ended = (await api.GetAsync($"/v1/subscription_schedules/{id}?expand[]=subscription")).Json;
        var ready = (await api.GetAsync($"/v1/test_helpers/test_clocks/{clock["id"]}")).Json;

        Assert.StartsWith("clock_", clock["id"]!.GetValue<string>());
        Assert.Equal(clock["id"]!.GetValue<string>(), schedule["test_clock"]!.GetValue<string>());
        Assert.Equal(frozen, schedule["phases"]![0]!["start_date"]!.GetValue<long>());
        Assert.Equal("advancing", advancing["status"]!.GetValue<string>());
        Assert.Equal(9, second["subscription"]!["items"]!["data"]![0]!["quantity"]!.GetValue<long>());
        Assert.Equal(400, backwards.Status);
        Assert.Equal("completed", ended["status"]!.GetValue<string>());
        Assert.Equal("canceled", ended["subscription"]!["status"]!.GetValue<string>());
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_account_is_kept_in_the_data_directory_across_restarts()
    {
        var directory = Directory.CreateTempSubdirectory("stripe-sandbox-").FullName;
        try
        {
            string id;
            await using (var api = await StripeApi.StartAsync(o => o.DataDirectory = directory))
            {
                id = (await api.CreateAsync("/v1/customers", "email=kept@example.com"))["id"]!.GetValue<string>();
            }

            await using var restarted = await StripeApi.StartAsync(o => o.DataDirectory = directory);
            var customer = (await restarted.GetAsync($"/v1/customers/{id}")).Json;

            Assert.Equal("kept@example.com", customer["email"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
