using System.Text;
using CpqSync.Sandbox.Stats;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary><c>/_sandbox/stats</c>: the requests the emulated Stripe API received, per endpoint, as it counted them.</summary>
public sealed class StatsTests
{
    [Fact]
    public async Task Requests_are_counted_per_method_and_route_template_and_control_endpoints_are_not()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=a@example.com");
        var id = customer["id"]!.GetValue<string>();
        await api.GetAsync($"/v1/customers/{id}");
        await api.GetAsync($"//v1/customers/{id}");
        await api.GetAsync("/v1/customers/cus_missing");
        await api.GetAsync("/v1/nowhere");
        await api.Http.GetStringAsync("_sandbox/faults");
        await ReadAsync(api);

        var stats = await ReadAsync(api);

        Assert.Equal(StripeApi.Start, stats.Since);
        Assert.Equal(["GET (unrouted)", "GET /v1/customers/{id}", "POST /v1/customers"], stats.Endpoints.Keys);
        var retrieve = stats.Endpoint("GET /v1/customers/{id}");
        Assert.Equal(new EndpointCounts { Requests = 3, Status2xx = 2, Status4xx = 1 }, retrieve);
        Assert.Equal(1, stats.Endpoint("POST /v1/customers").Status2xx);
        Assert.Equal(1, stats.Endpoint("GET (unrouted)").Status4xx);
        Assert.Equal(new EndpointCounts { Requests = 5, Status2xx = 3, Status4xx = 2 }, stats.Totals);
        Assert.Null(stats.PubSub);
    }

    [Fact]
    public async Task Requests_refused_with_a_429_and_dropped_connections_are_counted_under_their_endpoint()
    {
        await using var api = await StripeApi.StartAsync();
        api.Server.Faults.Update(f => f.RateLimitNextRequests = 2);
        await api.GetAsync("/v1/products");
        await api.GetAsync("/v1/products");
        await api.GetAsync("/v1/products");
        api.Server.Faults.Update(f => f.DropNextRequests = 1);
        await Assert.ThrowsAsync<HttpRequestException>(() => api.PostAsync("/v1/products", "name=Dropped"));
        api.Http.DefaultRequestHeaders.Authorization = null;
        await api.GetAsync("/v1/products");

        var stats = await ReadAsync(api);

        Assert.Equal(new EndpointCounts { Requests = 4, Status2xx = 1, Status4xx = 3, RateLimited = 2 }, stats.Endpoint("GET /v1/products"));
        Assert.Equal(new EndpointCounts { Requests = 1, Dropped = 1 }, stats.Endpoint("POST /v1/products"));
        Assert.Equal(2, stats.Totals.RateLimited);
    }

    [Fact]
    public async Task Delete_and_post_reset_start_the_counts_again_from_now()
    {
        await using var api = await StripeApi.StartAsync();
        await api.GetAsync("/v1/customers");
        api.Time.Advance(TimeSpan.FromHours(1));

        using var deleted = await api.Http.DeleteAsync("_sandbox/stats");
        var afterDelete = await ReadAsync(api);
        await api.GetAsync("/v1/prices");
        using var posted = await api.Http.PostAsync("_sandbox/stats/reset", new StringContent("", Encoding.UTF8));
        var afterPost = await ReadAsync(api);

        deleted.EnsureSuccessStatusCode();
        posted.EnsureSuccessStatusCode();
        Assert.Equal(StripeApi.Start.AddHours(1), afterDelete.Since);
        Assert.Empty(afterDelete.Endpoints);
        Assert.Equal(0, afterDelete.Totals.Requests);
        Assert.Empty(afterPost.Endpoints);
    }

    private static Task<SandboxStats> ReadAsync(StripeApi api) => SandboxStatsClient.ReadAsync(api.Http, api.Server.BaseUrl, CancellationToken.None);
}
