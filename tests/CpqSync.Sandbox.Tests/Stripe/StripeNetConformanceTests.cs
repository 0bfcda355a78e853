using CpqSync.Sandbox.Stripe;
using Stripe;
using Clocks = Stripe.TestHelpers;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>The official .NET client, unchanged, against the sandbox over loopback.</summary>
public sealed class StripeNetConformanceTests
{
    [Fact]
    public async Task Stripe_net_creates_lists_and_pages_customers()
    {
        await using var api = await StripeApi.StartAsync();
        var client = Client(api.Server);
        var customers = new CustomerService(client);

        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var customer = await customers.CreateAsync(new CustomerCreateOptions
            {
                Email = $"c{i}@example.com",
                Metadata = new Dictionary<string, string> { ["sf_account_id"] = $"001{i}" },
            });
            created.Add(customer.Id);
        }

        var all = new List<string>();
        await foreach (var customer in customers.ListAutoPagingAsync(new CustomerListOptions { Limit = 2 }))
        {
            all.Add(customer.Id);
        }

        var found = await customers.SearchAsync(new CustomerSearchOptions { Query = "metadata['sf_account_id']:'0011'" });

        Assert.Equal(created.AsEnumerable().Reverse(), all);
        Assert.Equal(created[1], Assert.Single(found.Data).Id);
    }

    [Fact]
    public async Task Stripe_net_creates_a_tiered_price_and_reads_it_back_expanded()
    {
        await using var api = await StripeApi.StartAsync();
        var client = Client(api.Server);

        var product = await new ProductService(client).CreateAsync(new ProductCreateOptions { Name = "Seat" });
        var price = await new PriceService(client).CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            Currency = "usd",
            BillingScheme = "tiered",
            TiersMode = "volume",
            Recurring = new PriceRecurringOptions { Interval = "month" },
            Tiers =
            [
                new PriceTierOptions { UpTo = 10, UnitAmount = 1000 },
                new PriceTierOptions { UpTo = PriceTierUpTo.Inf, UnitAmount = 800 },
            ],
            LookupKey = "seat_volume",
        });
        var read = await new PriceService(client).GetAsync(price.Id, new PriceGetOptions { Expand = ["tiers", "product"] });

        Assert.Equal("volume", read.TiersMode);
        Assert.Equal(2, read.Tiers.Count);
        Assert.Null(read.Tiers[1].UpTo);
        Assert.Equal("Seat", read.Product.Name);
    }

    [Fact]
    public async Task Stripe_net_surfaces_stripes_error_object()
    {
        await using var api = await StripeApi.StartAsync();
        var client = Client(api.Server);

        var error = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(client).GetAsync("cus_missing"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("No such customer: 'cus_missing'", error.StripeError.Message);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
    }

    [Fact]
    public async Task Stripe_net_retries_an_injected_500_with_its_idempotency_key_and_creates_once()
    {
        await using var api = await StripeApi.StartAsync(o => o.Faults.FailNextRequests = 1);
        var client = Client(api.Server, retries: 2);

        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions { Email = "a@example.com" });
        var list = await new CustomerService(client).ListAsync();

        Assert.Equal(customer.Id, Assert.Single(list.Data).Id);
    }

    [Fact]
    public async Task Stripe_net_gets_the_saved_result_when_its_first_answer_was_lost()
    {
        await using var api = await StripeApi.StartAsync(o => o.Faults.DropNextRequests = 1);
        var client = Client(api.Server, retries: 2);

        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions { Email = "a@example.com" });
        var list = await new CustomerService(client).ListAsync();

        Assert.Equal(customer.Id, Assert.Single(list.Data).Id);
    }

    [Fact]
    public async Task Stripe_net_runs_a_schedule_through_its_phases_on_a_test_clock()
    {
        await using var api = await StripeApi.StartAsync();
        var client = Client(api.Server);
        var frozen = StripeApi.Start.AddDays(10);
        var clock = await new Clocks.TestClockService(client).CreateAsync(
            new Clocks.TestClockCreateOptions { FrozenTime = frozen.UtcDateTime, Name = "Stripe.net" });
        var customer = await new CustomerService(client).CreateAsync(
            new CustomerCreateOptions { Email = "n@example.com", TestClock = clock.Id });
        var price = await new PriceService(client).CreateAsync(new PriceCreateOptions
        {
            ProductData = new PriceProductDataOptions { Name = "Plan" },
            Currency = "jpy",
            UnitAmount = 5000,
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var coupon = await new CouponService(client).CreateAsync(new CouponCreateOptions
        {
            AmountOff = 500, Currency = "jpy", Duration = "repeating", DurationInMonths = 2,
        });
        var schedules = new SubscriptionScheduleService(client);

        var schedule = await schedules.CreateAsync(new SubscriptionScheduleCreateOptions
        {
            Customer = customer.Id,
            StartDate = SubscriptionScheduleStartDate.Now,
            EndBehavior = "cancel",
            Metadata = new Dictionary<string, string> { ["sf_quote_id"] = "a0Q000" },
            Phases =
            [
                new SubscriptionSchedulePhaseOptions
                {
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = price.Id, Quantity = 2 }],
                    Duration = new SubscriptionSchedulePhaseDurationOptions { Interval = "month", IntervalCount = 1 },
                    Discounts = [new SubscriptionSchedulePhaseDiscountOptions { Coupon = coupon.Id }],
                },
                new SubscriptionSchedulePhaseOptions
                {
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = price.Id, Quantity = 6 }],
                    EndDate = frozen.AddMonths(3).UtcDateTime,
                    ProrationBehavior = "none",
                },
            ],
        });
        await new Clocks.TestClockService(client).AdvanceAsync(clock.Id,
            new Clocks.TestClockAdvanceOptions { FrozenTime = frozen.AddMonths(1).AddDays(1).UtcDateTime });
        var moved = await schedules.GetAsync(schedule.Id, new SubscriptionScheduleGetOptions { Expand = ["subscription"] });
        await new Clocks.TestClockService(client).AdvanceAsync(clock.Id,
            new Clocks.TestClockAdvanceOptions { FrozenTime = frozen.AddMonths(4).UtcDateTime });
        var ended = await schedules.GetAsync(schedule.Id, new SubscriptionScheduleGetOptions { Expand = ["subscription"] });

        Assert.Equal("active", schedule.Status);
        Assert.Equal(frozen.AddMonths(1).UtcDateTime, schedule.Phases[0].EndDate);
        Assert.Equal(coupon.Id, schedule.Phases[0].Discounts[0].CouponId);
        Assert.Equal(6, moved.Subscription.Items.Data[0].Quantity);
        Assert.Equal(5000, moved.Subscription.Items.Data[0].Price.UnitAmount);
        Assert.Equal("completed", ended.Status);
        Assert.Equal("canceled", ended.Subscription.Status);
    }

    [Fact]
    public async Task Stripe_net_gathers_invoice_items_into_a_finalized_invoice()
    {
        await using var api = await StripeApi.StartAsync();
        var client = Client(api.Server);
        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions { Email = "i@example.com" });
        var setup = await new PriceService(client).CreateAsync(new PriceCreateOptions
        {
            ProductData = new PriceProductDataOptions { Name = "Setup" }, Currency = "usd", UnitAmount = 12_000,
        });

        await new InvoiceItemService(client).CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id, Pricing = new InvoiceItemPricingOptions { Price = setup.Id }, Quantity = 1,
        });
        var draft = await new InvoiceService(client).CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id, PendingInvoiceItemsBehavior = "include", CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        var open = await new InvoiceService(client).FinalizeInvoiceAsync(draft.Id);

        Assert.Equal(12_000, draft.Total);
        Assert.Equal("open", open.Status);
        Assert.Single(open.Lines.Data);
    }

    internal static StripeClient Client(StripeSandboxServer server, int retries = 0) => new(
        apiKey: server.SecretKey,
        httpClient: new SystemNetHttpClient(maxNetworkRetries: retries),
        apiBase: server.BaseUrl.ToString());
}
