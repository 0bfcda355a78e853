using CpqSync.Stripe.Tests.Support;
using Stripe;

namespace CpqSync.Stripe.Tests.State;

/// <summary><see cref="CpqSync.Stripe.State.StripeMetadataSearch"/>: objects found by the Salesforce id CpqSync put in their metadata.</summary>
public sealed class StripeMetadataSearchTests
{
    private const string Key = "salesforce_account_id";

    private static CancellationToken Token => CancellationToken.None;

    [Fact]
    public async Task A_customer_is_found_by_its_account_id_and_the_oldest_of_duplicates_wins()
    {
        await using var host = await ApplierHost.StartAsync();
        var customers = new CustomerService(host.Stripe);
        // Stripe's created is in seconds: the first customer lives on a test clock an hour back, so it is the older one.
        var clock = await new global::Stripe.TestHelpers.TestClockService(host.Stripe).CreateAsync(
            new global::Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = DateTime.UtcNow.AddHours(-1) }, cancellationToken: Token);
        var older = Customer("001A");
        older.TestClock = clock.Id;
        var first = await customers.CreateAsync(older, cancellationToken: Token);
        await customers.CreateAsync(Customer("001B"), cancellationToken: Token);
        var deleted = await customers.CreateAsync(Customer("001C"), cancellationToken: Token);
        await customers.DeleteAsync(deleted.Id, cancellationToken: Token);
        var duplicate = await customers.CreateAsync(Customer("001A"), cancellationToken: Token);

        var found = await host.Search.FindCustomerAsync(Key, "001A", Token);
        var none = await host.Search.FindCustomerAsync(Key, "001C", Token);
        var quoted = await host.Search.FindCustomerAsync(Key, "it's", Token);

        Assert.Equal(first.Id, found.Id);
        Assert.NotEqual(duplicate.Id, found.Id);
        Assert.Equal(2, found.Matches);
        Assert.Equal(1, found.StripeCalls);
        Assert.False(none.Found);
        Assert.False(quoted.Found);
    }

    [Fact]
    public async Task Only_an_active_product_is_found_and_prices_are_found_too()
    {
        await using var host = await ApplierHost.StartAsync();
        var products = new ProductService(host.Stripe);
        var archived = await products.CreateAsync(Product("01tA"), cancellationToken: Token);
        await products.UpdateAsync(archived.Id, new ProductUpdateOptions { Active = false }, cancellationToken: Token);
        var active = await products.CreateAsync(Product("01tB"), cancellationToken: Token);

        var price = await new PriceService(host.Stripe).CreateAsync(new PriceCreateOptions
        {
            Product = active.Id, Currency = "usd", UnitAmount = 100, Metadata = new() { ["salesforce_pricebook_entry_id"] = "01uB" },
        }, cancellationToken: Token);

        Assert.False((await host.Search.FindProductAsync("salesforce_product2_id", "01tA", Token)).Found);
        Assert.Equal(active.Id, (await host.Search.FindProductAsync("salesforce_product2_id", "01tB", Token)).Id);
        Assert.Equal(price.Id, (await host.Search.FindPriceAsync("salesforce_pricebook_entry_id", "01uB", Token)).Id);
    }

    [Fact]
    public async Task A_schedule_is_found_among_its_customers_schedules_and_a_subscription_by_search()
    {
        await using var host = await ApplierHost.StartAsync();
        var (customer, price) = await StripeStateReaderTests.CustomerAndPriceAsync(host);
        var schedules = new SubscriptionScheduleService(host.Stripe);
        var start = DateTimeOffset.UtcNow.AddMonths(1);
        SubscriptionScheduleCreateOptions Schedule(string orderId) => new()
        {
            Customer = customer,
            StartDate = start.UtcDateTime,
            EndBehavior = "cancel",
            Metadata = new() { ["salesforce_order_id"] = orderId },
            Phases = [new SubscriptionSchedulePhaseOptions { Items = [new() { Price = price }], EndDate = start.AddMonths(12).UtcDateTime }],
        };
        await schedules.CreateAsync(Schedule("801A"), cancellationToken: Token);
        var wanted = await schedules.CreateAsync(Schedule("801B"), cancellationToken: Token);
        var canceled = await schedules.CreateAsync(Schedule("801C"), cancellationToken: Token);
        await schedules.CancelAsync(canceled.Id, cancellationToken: Token);
        var subscription = await new SubscriptionService(host.Stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer, Items = [new() { Price = price }], Metadata = new() { ["salesforce_order_id"] = "801D" },
        }, cancellationToken: Token);

        Assert.Equal(wanted.Id, (await host.Search.FindScheduleAsync(customer, "salesforce_order_id", "801B", Token)).Id);
        Assert.False((await host.Search.FindScheduleAsync(customer, "salesforce_order_id", "801C", Token)).Found);
        Assert.Equal(subscription.Id, (await host.Search.FindSubscriptionAsync("salesforce_order_id", "801D", Token)).Id);
        Assert.False((await host.Search.FindSubscriptionAsync("salesforce_order_id", "801B", Token)).Found);
    }

    [Fact]
    public async Task An_invoice_is_found_among_its_customers_invoices()
    {
        await using var host = await ApplierHost.StartAsync();
        var (customer, _) = await StripeStateReaderTests.CustomerAndPriceAsync(host);
        var invoices = new InvoiceService(host.Stripe);
        await invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer, Metadata = new() { ["salesforce_order_id"] = "801A" } },
            cancellationToken: Token);
        var wanted = await invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer, Metadata = new() { ["salesforce_order_id"] = "801B" } },
            cancellationToken: Token);

        var found = await host.Search.FindInvoiceAsync(customer, "salesforce_order_id", "801B", Token);

        Assert.Equal(wanted.Id, found.Id);
        Assert.Equal(1, found.StripeCalls);
        Assert.False((await host.Search.FindInvoiceAsync(customer, "salesforce_order_id", "801C", Token)).Found);
    }

    private static CustomerCreateOptions Customer(string accountId) => new() { Name = "Acme", Metadata = new() { [Key] = accountId } };

    private static ProductCreateOptions Product(string productId) => new() { Name = "Seat", Metadata = new() { ["salesforce_product2_id"] = productId } };
}
