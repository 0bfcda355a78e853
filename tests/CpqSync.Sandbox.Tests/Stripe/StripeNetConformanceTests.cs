using CpqSync.Sandbox.Stripe;
using Stripe;

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

    internal static StripeClient Client(StripeSandboxServer server, int retries = 0) => new(
        apiKey: server.SecretKey,
        httpClient: new SystemNetHttpClient(maxNetworkRetries: retries),
        apiBase: server.BaseUrl.ToString().TrimEnd('/'));
}
