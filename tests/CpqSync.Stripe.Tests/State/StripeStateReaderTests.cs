using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Sandbox.Stripe;
using CpqSync.Stripe.State;
using CpqSync.Stripe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CpqSync.Stripe.Tests.State;

/// <summary><see cref="StripeStateReader"/> against the emulated Stripe API: objects made through Stripe.net, read back as the planner needs them.</summary>
public sealed class StripeStateReaderTests
{
    private static CancellationToken Token => CancellationToken.None;

    [Fact]
    public async Task An_applied_order_read_back_replans_as_already_synced_and_its_prices_compare_equal()
    {
        await using var host = await ApplierHost.StartAsync();
        var order = TestOrders.Termed(DateTimeOffset.UtcNow, recurring: 2, oneTime: 1);
        var applied = await host.Applier.ApplyAsync(order.Plan(), Token);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        foreach (var write in applied.WriteBacks.Where(static w => w.RecordId is not null))
        {
            foreach (var (field, value) in write.Fields.Where(static f => f.Key == "Stripe_ID__c"))
            {
                order.With(write.RecordId!, field, value);
            }
        }

        var lookup = Lookup(order);
        var read = await host.Reader.ReadAsync(lookup, Token);

        Assert.Equal(PlanShape.None, order.Plan(read.State).Shape);
        // Without the order's id, only the schedule is planned again: customer, products and prices are reused as they are.
        order.With(TestOrders.OrderId, "Stripe_ID__c", null);
        var replanned = order.Plan(read.State);
        Assert.Equal([StripeOperationKind.UpdateCustomer, StripeOperationKind.UpdateProduct, StripeOperationKind.UpdateProduct,
            StripeOperationKind.UpdateProduct, StripeOperationKind.CreateSubscriptionSchedule], replanned.Operations.Select(static o => o.Kind).Order());
        Assert.Equal(lookup.Prices, read.State.Prices.Keys.ToHashSet());
        Assert.Equal(lookup.Customers.Count + lookup.Products.Count + lookup.Prices.Count + lookup.Schedules.Count, read.StripeCalls);
    }

    [Fact]
    public async Task A_customer_on_a_test_clock_is_read_with_the_clocks_time()
    {
        await using var host = await ApplierHost.StartAsync();
        var frozen = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = await new global::Stripe.TestHelpers.TestClockService(host.Stripe).CreateAsync(
            new global::Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = frozen.UtcDateTime, Name = "acme" }, cancellationToken: Token);
        var onClock = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "On a clock", TestClock = clock.Id }, cancellationToken: Token);
        var plain = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "Plain" }, cancellationToken: Token);

        var read = await host.Reader.ReadAsync(new StripeLookup { Customers = Set(onClock.Id, plain.Id) }, Token);

        Assert.Equal(Set(onClock.Id, plain.Id), read.State.Customers.ToHashSet());
        Assert.Equal(frozen.ToUnixTimeSeconds(), Assert.Single(read.State.CustomerClocks, c => c.Key == onClock.Id).Value);
        Assert.Single(read.State.CustomerClocks);
        Assert.Equal(3, read.StripeCalls);
    }

    /// <summary>
    /// Orders of one customer planned at the same moment share one read of its test clock (single flight); a read that
    /// starts once the shared one has answered sends its own, so a clock advanced between syncs is read again.
    /// </summary>
    [Fact]
    public async Task Reads_of_one_test_clock_in_flight_at_once_share_one_get_and_a_later_read_sends_its_own()
    {
        var gate = new ClockGate();
        await using var host = await ApplierHost.StartAsync(http: builder => builder.AddHttpMessageHandler(() => new ClockGateHandler(gate)));
        var frozen = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var clocks = new global::Stripe.TestHelpers.TestClockService(host.Stripe);
        var clock = await clocks.CreateAsync(
            new global::Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = frozen.UtcDateTime, Name = "acme" }, cancellationToken: Token);
        var customer = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "On a clock", TestClock = clock.Id }, cancellationToken: Token);
        var lookup = new StripeLookup { CustomerClocks = new Dictionary<string, string> { [customer.Id] = clock.Id } };
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Reader.ClockReadJoined += id => joined.TrySetResult();

        var first = host.Reader.ReadAsync(lookup, Token);
        await gate.Arrived.Task;
        var second = host.Reader.ReadAsync(lookup, Token);
        await joined.Task;
        gate.Release.SetResult();
        var (one, two) = (await first, await second);
        await clocks.AdvanceAsync(clock.Id,
            new global::Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = frozen.AddDays(1).UtcDateTime }, cancellationToken: Token);
        var later = await host.Reader.ReadAsync(lookup, Token);

        Assert.Equal(1, one.StripeCalls);
        Assert.Equal(0, two.StripeCalls);
        Assert.Equal(frozen.ToUnixTimeSeconds(), one.State.CustomerClocks[customer.Id]);
        Assert.Equal(frozen.ToUnixTimeSeconds(), two.State.CustomerClocks[customer.Id]);
        Assert.Equal(1, later.StripeCalls);
        Assert.Equal(frozen.AddDays(1).ToUnixTimeSeconds(), later.State.CustomerClocks[customer.Id]);
        Assert.Equal(2, gate.ClockReads);
    }

    /// <summary>Holds the first read of a test clock until released; counts every clock read that reaches Stripe.</summary>
    private sealed class ClockGate
    {
        private int _clockReads;

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ClockReads => Volatile.Read(ref _clockReads);

        public int Count() => Interlocked.Increment(ref _clockReads);
    }

    private sealed class ClockGateHandler(ClockGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri?.AbsolutePath.StartsWith("/v1/test_helpers/test_clocks/", StringComparison.Ordinal) == true
                && gate.Count() == 1)
            {
                gate.Arrived.SetResult();
                await gate.Release.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Missing_and_deleted_ids_are_left_out()
    {
        await using var host = await ApplierHost.StartAsync();
        var live = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "Live" }, cancellationToken: Token);
        var gone = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "Gone" }, cancellationToken: Token);
        await new CustomerService(host.Stripe).DeleteAsync(gone.Id, cancellationToken: Token);
        var coupon = await new CouponService(host.Stripe).CreateAsync(new CouponCreateOptions { PercentOff = 10, Duration = "once" }, cancellationToken: Token);
        await new CouponService(host.Stripe).DeleteAsync(coupon.Id, cancellationToken: Token);

        var read = await host.Reader.ReadAsync(new StripeLookup
        {
            Customers = Set(live.Id, gone.Id, "cus_neverexisted"),
            Products = Set("prod_neverexisted"),
            Prices = Set("price_neverexisted"),
            Coupons = Set(coupon.Id),
            Schedules = Set("sub_sched_neverexisted"),
            Subscriptions = Set("sub_neverexisted"),
            Invoices = Set("in_neverexisted"),
        }, Token);

        Assert.Equal([live.Id], read.State.Customers);
        Assert.Empty(read.State.Products);
        Assert.Empty(read.State.Prices);
        Assert.Empty(read.State.Coupons);
        Assert.Empty(read.State.Schedules);
        Assert.Empty(read.State.Subscriptions);
        Assert.Empty(read.State.Invoices);
        Assert.Equal(9, read.StripeCalls);
    }

    [Fact]
    public async Task A_tiered_price_reads_as_the_form_the_planner_sends()
    {
        await using var host = await ApplierHost.StartAsync();
        var product = await new ProductService(host.Stripe).CreateAsync(new ProductCreateOptions { Name = "API calls" }, cancellationToken: Token);
        var created = await host.Stripe.RawRequestAsync(HttpMethod.Post, "/v1/prices",
            $"product={product.Id}&currency=eur&billing_scheme=tiered&tiers_mode=graduated&recurring[interval]=month" +
            "&recurring[usage_type]=licensed&tiers[0][up_to]=10&tiers[0][unit_amount_decimal]=150.5" +
            "&tiers[1][up_to]=inf&tiers[1][flat_amount_decimal]=1000", cancellationToken: Token);
        var price = host.Stripe.Deserialize<Price>(created.Content);

        var read = await host.Reader.ReadAsync(new StripeLookup { Prices = Set(price.Id) }, Token);

        Assert.Equal(new Dictionary<string, string>
        {
            ["currency"] = "eur",
            ["billing_scheme"] = "tiered",
            ["tiers_mode"] = "graduated",
            ["tiers[0][up_to]"] = "10",
            ["tiers[0][unit_amount_decimal]"] = "150.5",
            ["tiers[1][up_to]"] = "inf",
            ["tiers[1][flat_amount_decimal]"] = "1000",
            ["recurring[interval]"] = "month",
            ["recurring[interval_count]"] = "1",
            ["recurring[usage_type]"] = "licensed",
        }, read.State.Prices[price.Id]);
    }

    [Fact]
    public async Task Coupons_read_as_their_compared_fields()
    {
        await using var host = await ApplierHost.StartAsync();
        var coupons = new CouponService(host.Stripe);
        var percent = await coupons.CreateAsync(new CouponCreateOptions { Name = "Launch", PercentOff = 12.5m, Duration = "repeating", DurationInMonths = 3 },
            cancellationToken: Token);
        var amount = await coupons.CreateAsync(new CouponCreateOptions { AmountOff = 500, Currency = "usd", Duration = "once" }, cancellationToken: Token);

        var read = await host.Reader.ReadAsync(new StripeLookup { Coupons = Set(percent.Id, amount.Id) }, Token);

        Assert.Equal(new Dictionary<string, string>
        {
            ["name"] = "Launch", ["percent_off"] = "12.5", ["duration"] = "repeating", ["duration_in_months"] = "3",
        }, read.State.Coupons[percent.Id]);
        Assert.Equal(new Dictionary<string, string> { ["amount_off"] = "500", ["currency"] = "usd", ["duration"] = "once" },
            read.State.Coupons[amount.Id]);
    }

    [Fact]
    public async Task Schedules_come_with_their_phases_and_released_ones_name_their_subscription()
    {
        await using var host = await ApplierHost.StartAsync();
        var (customer, price) = await CustomerAndPriceAsync(host);
        var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        var middle = DateTimeOffset.UtcNow.AddMonths(1).ToUnixTimeSeconds();
        var end = DateTimeOffset.UtcNow.AddMonths(2).ToUnixTimeSeconds();
        var created = await host.Stripe.RawRequestAsync(HttpMethod.Post, "/v1/subscription_schedules",
            $"customer={customer}&start_date={start}&end_behavior=release&metadata[salesforce_order_id]=801A" +
            $"&phases[0][items][0][price]={price}&phases[0][end_date]={middle}&phases[0][metadata][salesforce_order_id]=801A" +
            $"&phases[1][items][0][price]={price}&phases[1][items][0][quantity]=3&phases[1][end_date]={end}", cancellationToken: Token);
        var schedule = host.Stripe.Deserialize<SubscriptionSchedule>(created.Content);
        var released = await new SubscriptionScheduleService(host.Stripe).ReleaseAsync(schedule.Id, cancellationToken: Token);

        var read = await host.Reader.ReadAsync(new StripeLookup { Schedules = Set(schedule.Id) }, Token);

        var state = read.State.Schedules[schedule.Id];
        Assert.Equal("released", state.Status);
        Assert.Equal(released.ReleasedSubscription, state.Subscription);
        Assert.StartsWith("sub_", state.Subscription);
        Assert.Equal(2, state.Phases.Count);
        Assert.Equal((middle, end), (state.Phases[1].StartDate, state.Phases[1].EndDate));
        Assert.Equal("801A", state.Phases[0].Metadata["salesforce_order_id"]);
        Assert.Empty(state.Phases[1].Metadata);
    }

    [Fact]
    public async Task Subscriptions_come_with_their_status_and_items_naming_their_order_lines()
    {
        await using var host = await ApplierHost.StartAsync();
        var (customer, price) = await CustomerAndPriceAsync(host);
        var subscriptions = new SubscriptionService(host.Stripe);
        var live = await subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer,
            Items = [new SubscriptionItemOptions { Price = price, Quantity = 4, Metadata = new() { ["crm_order_item_id"] = "802A" } }],
        }, cancellationToken: Token);
        var canceled = await subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer, Items = [new SubscriptionItemOptions { Price = price }],
        }, cancellationToken: Token);
        await subscriptions.CancelAsync(canceled.Id, cancellationToken: Token);

        var read = await host.Reader.ReadAsync(new StripeLookup { Subscriptions = Set(live.Id, canceled.Id), MetadataPrefix = "crm_" }, Token);

        Assert.Equal("active", read.State.Subscriptions[live.Id]);
        Assert.Equal("canceled", read.State.Subscriptions[canceled.Id]);
        var item = Assert.Single(read.State.SubscriptionItems[live.Id]);
        Assert.Equal(new StripeSubscriptionItem(live.Items.Data[0].Id, price, 4, "802A"), item);
    }

    [Fact]
    public async Task A_refused_key_is_a_permanent_failure_and_a_server_error_a_transient_one()
    {
        await using var refused = await ApplierHost.StartAsync(o => o.ApiKey = "sk_test_notthesandboxkey");
        await using var failing = await ApplierHost.StartAsync(o => o.MaxRetryAttempts = 0,
            new StripeSandboxOptions { Faults = new StripeFaultOptions { FailNextRequests = 1 } });
        var lookup = new StripeLookup { Customers = Set("cus_1") };

        var unauthorized = await Assert.ThrowsAsync<StripeStateReadException>(() => refused.Reader.ReadAsync(lookup, Token));
        var serverError = await Assert.ThrowsAsync<StripeStateReadException>(() => failing.Reader.ReadAsync(lookup, Token));

        Assert.Equal(401, unauthorized.HttpStatus);
        Assert.False(unauthorized.IsTransient);
        Assert.Equal("/v1/customers/cus_1", unauthorized.Path);
        Assert.True(serverError.HttpStatus >= 500);
        Assert.True(serverError.IsTransient);
    }

    internal static async Task<(string Customer, string Price)> CustomerAndPriceAsync(ApplierHost host)
    {
        var customer = await new CustomerService(host.Stripe).CreateAsync(new CustomerCreateOptions { Name = "Acme" }, cancellationToken: Token);
        var product = await new ProductService(host.Stripe).CreateAsync(new ProductCreateOptions { Name = "Seat" }, cancellationToken: Token);
        var price = await new PriceService(host.Stripe).CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 1000, Recurring = new PriceRecurringOptions { Interval = "month" },
        }, cancellationToken: Token);
        return (customer.Id, price.Id);
    }

    private static HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);

    private static StripeLookup Lookup(TestOrders order)
    {
        string[] Ids(string type) => order.Records.Where(r => r.Type == type).Select(static r => r.GetString("Stripe_ID__c")).OfType<string>().ToArray();
        return new StripeLookup
        {
            Customers = Set(Ids("Account")),
            Products = Set(Ids("Product2")),
            Prices = Set([.. Ids("PricebookEntry"), .. Ids("OrderItem")]),
            Schedules = Set(Ids("Order")),
        };
    }
}
