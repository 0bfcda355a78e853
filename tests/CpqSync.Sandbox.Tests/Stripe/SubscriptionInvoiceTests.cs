using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>What subscriptions bill: an invoice at the start and one per period, priced as Stripe's pricing docs define.</summary>
public sealed class SubscriptionInvoiceTests
{
    [Theory]
    // Per unit: 7 × 10.00.
    [InlineData("unit_amount=1000", 7, 7000)]
    // Per unit with sub-cent precision, rounded once on the line: 3 × 0.555 = 1.665 → 1.67.
    [InlineData("unit_amount_decimal=55.5", 3, 167)]
    // transform_quantity: packs of 10, rounded up: 25 seats → 3 packs × 50.00.
    [InlineData("unit_amount=5000&transform_quantity[divide_by]=10&transform_quantity[round]=up", 25, 15000)]
    // Volume: all 15 units at the second tier's price, plus its flat fee.
    [InlineData("billing_scheme=tiered&tiers_mode=volume&tiers[0][up_to]=10&tiers[0][unit_amount]=1000" +
        "&tiers[1][up_to]=inf&tiers[1][unit_amount]=800&tiers[1][flat_amount]=500", 15, 12500)]
    // Graduated: 10 units at 10.00 and 5 at 8.00, plus each touched tier's flat fee.
    [InlineData("billing_scheme=tiered&tiers_mode=graduated&tiers[0][up_to]=10&tiers[0][unit_amount]=1000&tiers[0][flat_amount]=100" +
        "&tiers[1][up_to]=inf&tiers[1][unit_amount]=800&tiers[1][flat_amount]=200", 15, 14300)]
    public async Task The_first_invoice_charges_each_item_as_its_price_defines(string pricing, long quantity, long expected)
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=bill@example.com");
        var price = await api.CreateAsync("/v1/prices", $"product_data[name]=Seat&currency=usd&recurring[interval]=month&{pricing}");

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][items][0][price]={price["id"]}&phases[0][items][0][quantity]={quantity}");
        var invoice = await LatestInvoiceAsync(api, schedule);

        Assert.Equal("subscription_create", invoice["billing_reason"]!.GetValue<string>());
        Assert.Equal(expected, invoice["total"]!.GetValue<long>());
        Assert.Equal("open", invoice["status"]!.GetValue<string>());
        Assert.Equal("subscription_item_details", invoice["lines"]!["data"]![0]!["parent"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_new_period_issues_a_cycle_invoice_and_phase_invoice_items_join_the_next_one()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        var setup = await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=5000");

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=2" +
            $"&phases[0][add_invoice_items][0][price]={setup["id"]}" +
            "&phases[0][duration][interval]=month&phases[0][duration][interval_count]=3");
        api.Time.Advance(TimeSpan.FromDays(62));
        var invoices = (await api.GetAsync($"/v1/invoices?customer={customer}")).Json["data"]!.AsArray();

        Assert.Equal(["subscription_cycle", "subscription_cycle", "subscription_create"],
            invoices.Select(i => i!["billing_reason"]!.GetValue<string>()));
        Assert.Equal(2000 + 5000, invoices[2]!["total"]!.GetValue<long>());
        Assert.Equal(2000, invoices[0]!["total"]!.GetValue<long>());
        Assert.Equal("2 × Seat (at 10.00 usd / month)", invoices[0]!["lines"]!["data"]![0]!["description"]!.GetValue<string>());
        Assert.Equal(invoices[0]!["id"]!.GetValue<string>(),
            (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json["latest_invoice"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_phase_credit_item_with_a_negative_price_data_amount_reduces_its_invoice()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        var product = (await api.GetAsync($"/v1/prices/{monthly}")).Json["product"]!.GetValue<string>();

        // Stripe takes negative amounts in add_invoice_items[].price_data (one_time_price_data_with_negative_amounts):
        // CpqSync credits unused time this way, on the phase the reduction starts.
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][items][0][quantity]=2" +
            $"&phases[0][add_invoice_items][0][price_data][currency]=usd&phases[0][add_invoice_items][0][price_data][product]={product}" +
            "&phases[0][add_invoice_items][0][price_data][unit_amount_decimal]=-250&phases[0][add_invoice_items][0][quantity]=2" +
            "&phases[0][duration][interval]=month");
        var invoice = await LatestInvoiceAsync(api, schedule);

        Assert.Equal(2000 - 500, invoice["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Coupons_discount_invoices_for_their_duration()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        await api.CreateAsync("/v1/coupons", "id=HALF&percent_off=50&duration=repeating&duration_in_months=1");

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}" +
            "&phases[0][discounts][0][coupon]=HALF&phases[0][duration][interval]=year");
        var first = await LatestInvoiceAsync(api, schedule);
        api.Time.Advance(TimeSpan.FromDays(32));
        var second = await LatestInvoiceAsync(api, schedule);

        Assert.Equal(1000, first["subtotal"]!.GetValue<long>());
        Assert.Equal(500, first["total"]!.GetValue<long>());
        Assert.Equal(500, first["total_discount_amounts"]![0]!["amount"]!.GetValue<long>());
        Assert.Equal(1000, second["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_trial_starts_with_a_zero_invoice_and_bills_when_it_ends()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}" +
            $"&phases[0][trial_end]={StripeApi.Start.AddDays(14).ToUnixTimeSeconds()}" +
            "&phases[0][duration][interval]=year");
        var trial = await LatestInvoiceAsync(api, schedule);
        api.Time.Advance(TimeSpan.FromDays(15));
        var billed = await LatestInvoiceAsync(api, schedule);

        Assert.Equal(0, trial["total"]!.GetValue<long>());
        Assert.Equal("paid", trial["status"]!.GetValue<string>());
        Assert.Equal(1000, billed["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_price_billed_in_another_currency_uses_its_currency_options()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=eu@example.com");
        var price = await api.CreateAsync("/v1/prices",
            "product_data[name]=Seat&currency=usd&unit_amount=1000&currency_options[eur][unit_amount]=900&recurring[interval]=month");

        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][currency]=eur&phases[0][items][0][price]={price["id"]}&phases[0][items][0][quantity]=2");
        var invoice = await LatestInvoiceAsync(api, schedule);

        Assert.Equal("eur", invoice["currency"]!.GetValue<string>());
        Assert.Equal(1800, invoice["total"]!.GetValue<long>());
    }

    private static async Task<JsonObject> LatestInvoiceAsync(StripeApi api, JsonObject schedule)
    {
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}?expand[]=latest_invoice")).Json;
        return subscription["latest_invoice"]!.AsObject();
    }
}
