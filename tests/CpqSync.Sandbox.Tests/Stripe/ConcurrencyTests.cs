using System.Collections.Concurrent;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>
/// Requests run side by side on per-object locks: writes on different objects do not wait for each other, writes on
/// the same object are serialised, readers see each write whole or not at all, and idempotency keys hold under
/// concurrent retries. A write is held inside the sandbox's write hook (after its handler, before it commits) to
/// prove what does not wait for it, without timing anything.
/// </summary>
public sealed class ConcurrencyTests
{
    /// <summary>Only a guard against a hang failing as a hang: the tests never wait for it to pass.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_write_held_on_one_customer_does_not_block_writes_or_reads_of_another()
    {
        await using var api = await StripeApi.StartAsync();
        var a = (await api.CreateAsync("/v1/customers", "name=A"))["id"]!.GetValue<string>();
        var b = (await api.CreateAsync("/v1/customers", "name=B"))["id"]!.GetValue<string>();
        using var held = new HeldWrite(api, $"/v1/customers/{a}");

        var writeA = api.PostAsync($"/v1/customers/{a}", "name=A2");
        await held.Entered.WaitAsync(Guard);

        var writeB = await api.PostAsync($"/v1/customers/{b}", "name=B2").WaitAsync(Guard);
        var readB = await api.GetAsync($"/v1/customers/{b}").WaitAsync(Guard);
        var created = await api.PostAsync("/v1/customers", "name=C").WaitAsync(Guard);

        Assert.Equal(200, writeB.Status);
        Assert.Equal("B2", readB.Json["name"]!.GetValue<string>());
        Assert.Equal(200, created.Status);
        Assert.False(writeA.IsCompleted, "the held write finished while held");

        held.Release();
        Assert.Equal(200, (await writeA.WaitAsync(Guard)).Status);
        Assert.Equal("A2", (await api.GetAsync($"/v1/customers/{a}")).Json["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscriptions_of_two_customers_on_the_same_price_are_created_side_by_side()
    {
        await using var api = await StripeApi.StartAsync();
        var price = (await api.CreateAsync("/v1/prices",
            "currency=usd&unit_amount=1000&recurring[interval]=month&product_data[name]=Seat"))["id"]!.GetValue<string>();
        var a = (await api.CreateAsync("/v1/customers", "name=A"))["id"]!.GetValue<string>();
        var b = (await api.CreateAsync("/v1/customers", "name=B"))["id"]!.GetValue<string>();
        using var held = new HeldWrite(api, "/v1/subscriptions", body => body.Contains(a, StringComparison.Ordinal));

        var subscriptionA = api.PostAsync("/v1/subscriptions", $"customer={a}&items[0][price]={price}");
        await held.Entered.WaitAsync(Guard);
        var subscriptionB = await api.PostAsync("/v1/subscriptions", $"customer={b}&items[0][price]={price}").WaitAsync(Guard);

        Assert.Equal(200, subscriptionB.Status);
        Assert.False(subscriptionA.IsCompleted, "the held write finished while held");
        held.Release();
        Assert.Equal(200, (await subscriptionA.WaitAsync(Guard)).Status);
    }

    [Fact]
    public async Task Concurrent_writes_on_one_object_lose_no_update()
    {
        await using var api = await StripeApi.StartAsync();
        var id = (await api.CreateAsync("/v1/customers", "name=Shared"))["id"]!.GetValue<string>();
        const int writers = 24;

        // Each write adds its own metadata key to what it read: a lost update drops another write's key.
        var responses = await Task.WhenAll(Enumerable.Range(0, writers)
            .Select(i => Task.Run(() => api.PostAsync($"/v1/customers/{id}", $"metadata[k{i}]=v{i}"))));

        Assert.All(responses, response => Assert.Equal(200, response.Status));
        var metadata = (await api.GetAsync($"/v1/customers/{id}")).Json["metadata"]!.AsObject();
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"k{i}").Order(StringComparer.Ordinal),
            metadata.Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readers_never_see_a_write_half_applied()
    {
        await using var api = await StripeApi.StartAsync();
        var product = (await api.CreateAsync("/v1/products", "name=Seat"))["id"]!.GetValue<string>();
        var first = (await api.CreateAsync("/v1/prices", $"currency=usd&unit_amount=1000&recurring[interval]=month&product={product}"))["id"]!.GetValue<string>();
        var second = (await api.CreateAsync("/v1/prices", $"currency=usd&unit_amount=500&recurring[interval]=month&product={product}"))["id"]!.GetValue<string>();
        var customer = (await api.CreateAsync("/v1/customers", "name=A"))["id"]!.GetValue<string>();
        var subscription = await api.CreateAsync("/v1/subscriptions",
            $"customer={customer}&items[0][price]={first}&items[0][quantity]=1&items[1][price]={second}&items[1][quantity]=1");
        var id = subscription["id"]!.GetValue<string>();
        var items = subscription["items"]!["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToList();

        // Every write sets both items to one quantity in one request; a reader must always see them equal.
        var writes = Task.WhenAll(Enumerable.Range(2, 30).Select(quantity => Task.Run(() => api.PostAsync($"/v1/subscriptions/{id}",
            $"items[0][id]={items[0]}&items[0][quantity]={quantity}&items[1][id]={items[1]}&items[1][quantity]={quantity}&proration_behavior=none"))));
        var seen = new ConcurrentBag<(long, long)>();
        var reads = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var read = (await api.GetAsync($"/v1/subscriptions/{id}")).Json["items"]!["data"]!.AsArray();
                seen.Add((read[0]!["quantity"]!.GetValue<long>(), read[1]!["quantity"]!.GetValue<long>()));
            }
        })));
        var written = await writes.WaitAsync(Guard);
        await reads.WaitAsync(Guard);

        Assert.All(written, response => Assert.True(response.Status == 200, response.Body));
        Assert.All(seen, pair => Assert.Equal(pair.Item1, pair.Item2));
    }

    [Fact]
    public async Task A_reader_waits_for_a_held_write_and_then_sees_all_of_it()
    {
        await using var api = await StripeApi.StartAsync();
        var id = (await api.CreateAsync("/v1/customers", "name=Before&email=before@example.com"))["id"]!.GetValue<string>();
        using var held = new HeldWrite(api, $"/v1/customers/{id}");

        var write = api.PostAsync($"/v1/customers/{id}", "name=After&email=after@example.com");
        await held.Entered.WaitAsync(Guard);
        var read = api.GetAsync($"/v1/customers/{id}");
        // Requests on other objects are served meanwhile; the reader of the held object cannot finish before the write.
        await api.PostAsync("/v1/customers", "name=Other").WaitAsync(Guard);
        Assert.False(read.IsCompleted, "a reader finished while the write it reads was held");

        held.Release();
        var customer = (await read.WaitAsync(Guard)).Json;
        Assert.Equal(200, (await write.WaitAsync(Guard)).Status);
        Assert.Equal(("After", "after@example.com"), (customer["name"]!.GetValue<string>(), customer["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Concurrent_identical_requests_with_one_idempotency_key_create_one_object()
    {
        await using var api = await StripeApi.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            api.PostAsync("/v1/customers", "email=once@example.com", idempotencyKey: "create-once"))));

        var created = responses.Where(response => response.Status == 200).ToList();
        Assert.NotEmpty(created);
        Assert.All(responses.Where(response => response.Status != 200), response => response.AssertError(409, "idempotency_key_in_use"));
        Assert.Single(created.Select(response => response.Json["id"]!.GetValue<string>()).Distinct());
        var search = await api.GetAsync("/v1/customers?email=once@example.com");
        Assert.Single(search.Json["data"]!.AsArray());
    }

    /// <summary>Holds the writes to one path (whose body passes a filter) inside the sandbox until released.</summary>
    private sealed class HeldWrite : IDisposable
    {
        private readonly StripeApi _api;
        private readonly ManualResetEventSlim _gate = new(false);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldWrite(StripeApi api, string path, Func<string, bool>? body = null)
        {
            _api = api;
            api.Server.WriteHook = (method, written, form) =>
            {
                if (method == "POST" && written == path && (body is null || body(form)))
                {
                    _entered.TrySetResult();
                    _gate.Wait();
                }
            };
        }

        public Task Entered => _entered.Task;

        public void Release() => _gate.Set();

        public void Dispose()
        {
            _gate.Set();
            _api.Server.WriteHook = null;
            _gate.Dispose();
        }
    }
}
