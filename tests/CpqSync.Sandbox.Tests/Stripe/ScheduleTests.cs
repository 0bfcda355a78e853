using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Subscription schedules and the subscriptions they run, following the API reference's rules.</summary>
public sealed class ScheduleTests
{
    private static readonly long Now = StripeApi.Start.ToUnixTimeSeconds();
    private static readonly long InOneMonth = StripeApi.Start.AddMonths(1).ToUnixTimeSeconds();
    private static readonly long InTwoMonths = StripeApi.Start.AddMonths(2).ToUnixTimeSeconds();

    [Fact]
    public async Task A_schedule_starting_now_creates_its_subscription_with_the_first_phases_items()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&start_date=now&end_behavior=release&metadata[sf_quote]=a0Q1" +
            $"&phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=5&phases[0][duration][interval]=month" +
            $"&phases[1][items][0][price]={monthly}&phases[1][items][0][quantity]=8&phases[1][end_date]={InTwoMonths + 86_400}");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;
        var customerAfter = (await api.GetAsync($"/v1/customers/{customer}")).Json;

        Assert.StartsWith("sub_sched_", schedule["id"]!.GetValue<string>());
        Assert.Equal("active", schedule["status"]!.GetValue<string>());
        Assert.Equal(Now, schedule["current_phase"]!["start_date"]!.GetValue<long>());
        Assert.Equal(InOneMonth, schedule["phases"]![0]!["end_date"]!.GetValue<long>());
        Assert.Equal(InOneMonth, schedule["phases"]![1]!["start_date"]!.GetValue<long>());
        Assert.Equal("active", subscription["status"]!.GetValue<string>());
        Assert.Equal(schedule["id"]!.GetValue<string>(), subscription["schedule"]!.GetValue<string>());
        var item = Assert.Single(subscription["items"]!["data"]!.AsArray())!;
        Assert.Equal(5, item["quantity"]!.GetValue<long>());
        Assert.Equal(monthly, item["price"]!["id"]!.GetValue<string>());
        Assert.Equal(InOneMonth, item["current_period_end"]!.GetValue<long>());
        Assert.Equal("usd", customerAfter["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_future_schedule_is_not_started_until_its_start_date_then_moves_through_phases_and_releases()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&start_date={InOneMonth}" +
            $"&phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=1&phases[0][end_date]={InTwoMonths}" +
            $"&phases[1][items][0][price]={monthly}&phases[1][items][0][quantity]=3");
        var id = schedule["id"]!.GetValue<string>();
        api.Time.Advance(TimeSpan.FromDays(31));
        var started = (await api.GetAsync($"/v1/subscription_schedules/{id}")).Json;
        api.Time.Advance(TimeSpan.FromDays(29));
        var second = (await api.GetAsync($"/v1/subscription_schedules/{id}?expand[]=subscription")).Json;
        api.Time.Advance(TimeSpan.FromDays(40));
        var ended = (await api.GetAsync($"/v1/subscription_schedules/{id}")).Json;
        var subscription = (await api.GetAsync($"/v1/subscriptions/{ended["released_subscription"]}")).Json;

        Assert.Equal("not_started", schedule["status"]!.GetValue<string>());
        Assert.Null(schedule["subscription"]);
        Assert.Equal("active", started["status"]!.GetValue<string>());
        Assert.Equal(3, second["subscription"]!["items"]!["data"]![0]!["quantity"]!.GetValue<long>());
        Assert.Equal("released", ended["status"]!.GetValue<string>());
        Assert.Null(ended["subscription"]);
        Assert.Equal("active", subscription["status"]!.GetValue<string>());
        Assert.Null(subscription["schedule"]);
    }

    [Fact]
    public async Task End_behavior_cancel_cancels_the_subscription_when_the_last_phase_ends()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&end_behavior=cancel&phases[0][items][0][price]={monthly}&phases[0][end_date]={InOneMonth}");
        api.Time.Advance(TimeSpan.FromDays(32));
        var ended = (await api.GetAsync($"/v1/subscription_schedules/{schedule["id"]}")).Json;
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;

        Assert.Equal("completed", ended["status"]!.GetValue<string>());
        Assert.Equal("canceled", subscription["status"]!.GetValue<string>());
        Assert.Equal(InOneMonth, subscription["ended_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_backdated_schedule_starts_in_the_past()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var lastMonth = StripeApi.Start.AddMonths(-1).ToUnixTimeSeconds();

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&start_date={lastMonth}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=year");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;

        Assert.Equal(lastMonth, subscription["start_date"]!.GetValue<long>());
        Assert.Equal(Now, subscription["items"]!["data"]![0]!["current_period_start"]!.GetValue<long>());
    }

    [Fact]
    public async Task Cancel_ends_the_schedule_and_its_subscription_and_release_leaves_the_subscription_running()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var form = $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=month";
        var toCancel = await api.CreateAsync("/v1/subscription_schedules", form);
        var toRelease = await api.CreateAsync("/v1/subscription_schedules", form);

        var canceled = await api.CreateAsync($"/v1/subscription_schedules/{toCancel["id"]}/cancel", "");
        var released = await api.CreateAsync($"/v1/subscription_schedules/{toRelease["id"]}/release", "");
        var again = await api.PostAsync($"/v1/subscription_schedules/{toCancel["id"]}/cancel", "");
        var update = await api.PostAsync($"/v1/subscription_schedules/{toRelease["id"]}", "metadata[k]=v");
        var canceledSubscription = (await api.GetAsync($"/v1/subscriptions/{toCancel["subscription"]}")).Json;
        var releasedSubscription = (await api.GetAsync($"/v1/subscriptions/{released["released_subscription"]}")).Json;

        Assert.Equal("canceled", canceled["status"]!.GetValue<string>());
        Assert.Equal("canceled", canceledSubscription["status"]!.GetValue<string>());
        Assert.Equal("released", released["status"]!.GetValue<string>());
        Assert.Equal("active", releasedSubscription["status"]!.GetValue<string>());
        Assert.Equal(400, again.Status);
        Assert.Contains("`released` status", update.Error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_subscription_takes_over_a_subscription_and_rejects_other_parameters()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var first = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}" +
            "&phases[0][items][0][quantity]=2&phases[0][duration][interval]=month");
        var released = await api.CreateAsync($"/v1/subscription_schedules/{first["id"]}/release", "");
        var subscriptionId = released["released_subscription"]!.GetValue<string>();

        var withPhases = await api.PostAsync("/v1/subscription_schedules",
            $"from_subscription={subscriptionId}&phases[0][items][0][price]={monthly}");
        var schedule = await api.CreateAsync("/v1/subscription_schedules", $"from_subscription={subscriptionId}");
        var twice = await api.PostAsync("/v1/subscription_schedules", $"from_subscription={subscriptionId}");

        Assert.Equal(400, withPhases.Status);
        Assert.Equal("active", schedule["status"]!.GetValue<string>());
        Assert.Equal(subscriptionId, schedule["subscription"]!.GetValue<string>());
        Assert.Equal(2, schedule["phases"]![0]!["items"]![0]!["quantity"]!.GetValue<long>());
        Assert.Equal(InOneMonth, schedule["phases"]![0]!["end_date"]!.GetValue<long>());
        Assert.Equal(400, twice.Status);
    }

    [Fact]
    public async Task Updating_phases_changes_the_running_subscription_but_cannot_move_the_current_phase()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}" +
            "&phases[0][items][0][quantity]=1&phases[0][duration][interval]=month");
        var id = schedule["id"]!.GetValue<string>();

        var updated = await api.CreateAsync($"/v1/subscription_schedules/{id}",
            $"proration_behavior=none&phases[0][start_date]={Now}&phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=4" +
            $"&phases[0][end_date]={InOneMonth}&phases[1][items][0][price]={monthly}&phases[1][duration][interval]=year");
        var moved = await api.PostAsync($"/v1/subscription_schedules/{id}",
            $"phases[0][start_date]={Now + 60}&phases[0][items][0][price]={monthly}");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;

        Assert.Equal(2, updated["phases"]!.AsArray().Count);
        Assert.Equal("none", updated["phases"]![0]!["proration_behavior"]!.GetValue<string>());
        Assert.Equal(4, subscription["items"]!["data"]![0]!["quantity"]!.GetValue<long>());
        Assert.Equal(400, moved.Status);
    }

    [Theory]
    [InlineData("phases[0][end_date]={1}&phases[1][start_date]={2}", "phases[1][start_date]")]
    [InlineData("phases[1][end_date]={2}", "phases[0][end_date]")]
    [InlineData("phases[0][end_date]={1}&phases[0][duration][interval]=month", "phases[0][end_date]")]
    public async Task Phases_must_be_contiguous_and_each_but_the_last_must_end(string extra, string param)
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var form = $"customer={customer}&phases[0][items][0][price]={monthly}&phases[1][items][0][price]={monthly}&" +
            extra.Replace("{1}", InOneMonth.ToString(), StringComparison.Ordinal)
                .Replace("{2}", (InOneMonth + 86_400).ToString(), StringComparison.Ordinal);

        var response = await api.PostAsync("/v1/subscription_schedules", form);

        Assert.Equal(400, response.Status);
        Assert.Equal(param, response.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Prices_of_one_phase_must_share_the_currency_and_in_classic_billing_the_interval()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, yearly) = await CatalogAsync(api);
        var euro = (await api.CreateAsync("/v1/prices",
            "product_data[name]=Euro&currency=eur&unit_amount=100&recurring[interval]=month"))["id"];

        var mixedCurrency = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][items][1][price]={euro}");
        var mixedInterval = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][items][1][price]={yearly}");
        var flexible = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&billing_mode[type]=flexible&phases[0][items][0][price]={monthly}&phases[0][items][1][price]={yearly}");

        Assert.Equal(400, mixedCurrency.Status);
        Assert.Equal("phases[0][items][1][price]", mixedCurrency.Error["param"]!.GetValue<string>());
        Assert.Equal(400, mixedInterval.Status);
        Assert.Equal(200, flexible.Status);
    }

    [Fact]
    public async Task A_customer_billing_in_one_currency_cannot_get_a_schedule_in_another()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var euro = (await api.CreateAsync("/v1/prices",
            "product_data[name]=Euro&currency=eur&unit_amount=100&recurring[interval]=month"))["id"];
        await api.CreateAsync("/v1/subscription_schedules", $"customer={customer}&phases[0][items][0][price]={monthly}");

        var response = await api.PostAsync("/v1/subscription_schedules", $"customer={customer}&phases[0][items][0][price]={euro}");

        Assert.Equal(400, response.Status);
        Assert.StartsWith("You cannot combine currencies on a single customer.", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Archived_prices_cannot_go_on_new_phases_but_stay_on_the_phases_that_have_them()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=month");
        await api.CreateAsync($"/v1/prices/{monthly}", "active=false");

        var newSchedule = await api.PostAsync("/v1/subscription_schedules", $"customer={customer}&phases[0][items][0][price]={monthly}");
        var keepCurrent = await api.PostAsync($"/v1/subscription_schedules/{schedule["id"]}",
            $"phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=2&phases[0][end_date]={InOneMonth}");
        var addPhase = await api.PostAsync($"/v1/subscription_schedules/{schedule["id"]}",
            $"phases[0][items][0][price]={monthly}&phases[0][end_date]={InOneMonth}&phases[1][items][0][price]={monthly}");

        Assert.Equal("The price specified is inactive. This field only accepts active prices.",
            newSchedule.Error["message"]!.GetValue<string>());
        Assert.Equal(200, keepCurrent.Status);
        Assert.Equal("phases[1][items][0][price]", addPhase.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Phase_items_take_recurring_prices_and_add_invoice_items_take_one_time_prices()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var setup = (await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=5000"))["id"];

        var oneTimeItem = await api.PostAsync("/v1/subscription_schedules", $"customer={customer}&phases[0][items][0][price]={setup}");
        var recurringInvoiceItem = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][add_invoice_items][0][price]={monthly}");
        var ok = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][add_invoice_items][0][price]={setup}");

        Assert.Equal("phases[0][items][0][price]", oneTimeItem.Error["param"]!.GetValue<string>());
        Assert.Equal("phases[0][add_invoice_items][0][price]", recurringInvoiceItem.Error["param"]!.GetValue<string>());
        Assert.Equal(setup!.GetValue<string>(), ok["phases"]![0]!["add_invoice_items"]![0]!["price"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_add_invoice_item_period_round_trips_and_is_validated_as_Stripe_does()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var setup = (await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=5000"))["id"];
        var start = StripeApi.Start.ToUnixTimeSeconds();
        var phase = $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][add_invoice_items][0][price]={setup}";

        var fixedPeriod = await api.CreateAsync("/v1/subscription_schedules", phase
            + $"&phases[0][add_invoice_items][0][period][start][type]=timestamp&phases[0][add_invoice_items][0][period][start][timestamp]={start}"
            + $"&phases[0][add_invoice_items][0][period][end][type]=timestamp&phases[0][add_invoice_items][0][period][end][timestamp]={InOneMonth}");
        var phaseBounds = await api.CreateAsync("/v1/subscription_schedules", phase
            + "&phases[0][add_invoice_items][0][period][start][type]=phase_start&phases[0][add_invoice_items][0][period][end][type]=phase_end");
        var defaults = await api.CreateAsync("/v1/subscription_schedules", phase);
        var reversed = await api.PostAsync("/v1/subscription_schedules", phase
            + $"&phases[0][add_invoice_items][0][period][start][type]=timestamp&phases[0][add_invoice_items][0][period][start][timestamp]={InOneMonth}"
            + $"&phases[0][add_invoice_items][0][period][end][type]=timestamp&phases[0][add_invoice_items][0][period][end][timestamp]={start}");
        var noTimestamp = await api.PostAsync("/v1/subscription_schedules", phase
            + "&phases[0][add_invoice_items][0][period][start][type]=timestamp&phases[0][add_invoice_items][0][period][end][type]=phase_end");
        var badType = await api.PostAsync("/v1/subscription_schedules", phase
            + "&phases[0][add_invoice_items][0][period][start][type]=now&phases[0][add_invoice_items][0][period][end][type]=phase_end");

        var period = fixedPeriod["phases"]![0]!["add_invoice_items"]![0]!["period"]!;
        Assert.Equal("timestamp", period["start"]!["type"]!.GetValue<string>());
        Assert.Equal(start, period["start"]!["timestamp"]!.GetValue<long>());
        Assert.Equal("timestamp", period["end"]!["type"]!.GetValue<string>());
        Assert.Equal(InOneMonth, period["end"]!["timestamp"]!.GetValue<long>());
        var bounds = phaseBounds["phases"]![0]!["add_invoice_items"]![0]!["period"]!;
        Assert.Equal("phase_start", bounds["start"]!["type"]!.GetValue<string>());
        Assert.Null(bounds["start"]!["timestamp"]);
        Assert.Equal("phase_end", bounds["end"]!["type"]!.GetValue<string>());
        var fallback = defaults["phases"]![0]!["add_invoice_items"]![0]!["period"]!;
        Assert.Equal("max_item_period_start", fallback["start"]!["type"]!.GetValue<string>());
        Assert.Equal("min_item_period_end", fallback["end"]!["type"]!.GetValue<string>());
        Assert.Equal("phases[0][add_invoice_items][0][period][start][timestamp]", reversed.Error["param"]!.GetValue<string>());
        Assert.Equal("phases[0][add_invoice_items][0][period][start][timestamp]", noTimestamp.Error["param"]!.GetValue<string>());
        Assert.Equal("phases[0][add_invoice_items][0][period][start][type]", badType.Error["param"]!.GetValue<string>());

        // Read back as stored, not only as created.
        var read = (await api.GetAsync($"/v1/subscription_schedules/{fixedPeriod["id"]}")).Json;
        Assert.Equal(start, read["phases"]![0]!["add_invoice_items"]![0]!["period"]!["start"]!["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_phase_takes_at_most_20_items_and_a_schedule_at_most_10_phases()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var items = string.Join('&', Enumerable.Range(0, 21).Select(i => $"phases[0][items][{i}][price]={monthly}"));
        var phases = string.Join('&', Enumerable.Range(0, 11).Select(i =>
            $"phases[{i}][items][0][price]={monthly}&phases[{i}][duration][interval]=month"));

        var tooManyItems = await api.PostAsync("/v1/subscription_schedules", $"customer={customer}&{items}");
        var tooManyPhases = await api.PostAsync("/v1/subscription_schedules", $"customer={customer}&{phases}");

        Assert.Equal("phases[0][items]", tooManyItems.Error["param"]!.GetValue<string>());
        Assert.Equal("phases", tooManyPhases.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_coupons_amount_off_currency_must_match_the_phase()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        await api.CreateAsync("/v1/coupons", "id=EUR5&amount_off=500&currency=eur");
        await api.CreateAsync("/v1/coupons", "id=USD5&amount_off=500&currency=usd&duration=forever");

        var wrong = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][discounts][0][coupon]=EUR5");
        var right = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][discounts][0][coupon]=USD5");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{right["subscription"]}")).Json;

        Assert.Equal("phases[0][discounts][0][coupon]", wrong.Error["param"]!.GetValue<string>());
        Assert.Equal("USD5", subscription["discounts"]![0]!["coupon"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trial_makes_the_subscription_trialing_until_trial_end()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await CatalogAsync(api);
        var trialEnd = Now + (14 * 86_400);

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}" +
            $"&phases[0][trial_end]={trialEnd}&phases[0][duration][interval]=month");
        var during = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;
        api.Time.Advance(TimeSpan.FromDays(15));
        var after = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;

        Assert.Equal("trialing", during["status"]!.GetValue<string>());
        Assert.Equal(trialEnd, during["trial_end"]!.GetValue<long>());
        Assert.Equal("active", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metered_items_take_no_quantity()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=m@example.com");
        var meter = await api.CreateAsync("/v1/billing/meters", "display_name=Calls&event_name=calls&default_aggregation[formula]=sum");
        var metered = await api.CreateAsync("/v1/prices",
            "product_data[name]=Calls&currency=usd&unit_amount=1&recurring[interval]=month" +
            $"&recurring[usage_type]=metered&recurring[meter]={meter["id"]}");

        var withQuantity = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][items][0][price]={metered["id"]}&phases[0][items][0][quantity]=3");
        var without = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][items][0][price]={metered["id"]}");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{without["subscription"]}")).Json;

        Assert.Equal("phases[0][items][0][quantity]", withQuantity.Error["param"]!.GetValue<string>());
        Assert.Null(subscription["items"]!["data"]![0]!["quantity"]);
    }

    /// <summary>A customer, a monthly and a yearly USD price.</summary>
    internal static async Task<(string Customer, string Monthly, string Yearly)> CatalogAsync(StripeApi api)
    {
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var product = await api.CreateAsync("/v1/products", "name=Seat");
        var monthly = await api.CreateAsync("/v1/prices",
            $"product={product["id"]}&currency=usd&unit_amount=1000&recurring[interval]=month");
        var yearly = await api.CreateAsync("/v1/prices",
            $"product={product["id"]}&currency=usd&unit_amount=10000&recurring[interval]=year");
        return (Id(customer), Id(monthly), Id(yearly));
    }

    private static string Id(JsonObject value) => value["id"]!.GetValue<string>();
}
