using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.PubSub.Protocol;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Stats;
using CpqSync.Sandbox.Tests.Salesforce.PubSub;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

/// <summary><c>/_sandbox/stats</c>: the requests the emulated org received, per endpoint, with what its API allowance counted.</summary>
public sealed class StatsTests
{
    private const string Root = "/services/data/" + SandboxClient.Version;

    [Fact]
    public async Task Requests_are_counted_per_route_template_with_the_api_version_folded()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var accountId = await sandbox.CreateAccountAsync("Counted Co");
        await sandbox.GetAsync($"sobjects/Account/{accountId}");
        await sandbox.GetAsync($"/services/data/v58.0/sobjects/Account/{accountId}");
        await sandbox.GetAsync("sobjects/Account/describe");
        await sandbox.GetAsync("query?q=" + Uri.EscapeDataString("SELECT Id FROM Account"));
        await sandbox.GetAsync("/services/data");
        await sandbox.GetAsync("/nowhere");
        await sandbox.Http.GetStringAsync("/_sandbox/faults");

        var stats = await ReadAsync(sandbox);

        Assert.Equal(
        [
            "GET (unrouted)", "GET /services/data", "GET /services/data/vXX.X/query", "GET /services/data/vXX.X/sobjects/{sObject}/describe",
            "GET /services/data/vXX.X/sobjects/{sObject}/{id}", "POST /services/data/vXX.X/sobjects/{sObject}", "POST /services/oauth2/token",
        ], stats.Endpoints.Keys);
        Assert.Equal(
            new EndpointCounts { Requests = 2, Status2xx = 2, ApiUsage = 2, Subrequests = 0, Records = 0 },
            stats.Endpoint("GET /services/data/vXX.X/sobjects/{sObject}/{id}"));
        // OAuth and the version list are not API calls; the org's allowance counted the rest.
        Assert.Equal(0, stats.Endpoint("POST /services/oauth2/token").ApiUsage);
        Assert.Equal(0, stats.Endpoint("GET /services/data").ApiUsage);
        Assert.Equal(1, stats.Endpoint("GET (unrouted)").Status4xx);
        Assert.Equal(8, stats.Totals.Requests);
        Assert.Equal(sandbox.Server.ApiUsage, stats.Totals.ApiUsage);
        Assert.NotNull(stats.PubSub);
    }

    [Fact]
    public async Task A_composite_counts_once_against_the_allowance_with_its_subrequests_and_collection_records()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var records = new JsonArray(
            new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Account" }, ["Name"] = "One" },
            new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Account" }, ["Name"] = "Two" });
        var composite = new JsonObject
        {
            ["allOrNone"] = false,
            ["compositeRequest"] = new JsonArray(
                Sub("POST", $"{Root}/composite/sobjects", "Created", new JsonObject { ["allOrNone"] = false, ["records"] = records.DeepClone() }),
                Sub("GET", $"{Root}/query?q=" + Uri.EscapeDataString("SELECT Id FROM Account"), "Read", null),
                Sub("DELETE", $"{Root}/composite/sobjects?ids=@{{Read.records[0].Id}},@{{Read.records[1].Id}}", "Deleted", null)),
        };

        var (status, _) = await sandbox.JsonAsync(HttpMethod.Post, "composite", composite);
        await sandbox.JsonAsync(HttpMethod.Post, "composite/sobjects", new JsonObject { ["allOrNone"] = false, ["records"] = records.DeepClone() });

        var stats = await ReadAsync(sandbox);
        Assert.Equal(200, status);
        Assert.Equal(
            new EndpointCounts { Requests = 1, Status2xx = 1, ApiUsage = 1, Subrequests = 3, Records = 4 },
            stats.Endpoint("POST /services/data/vXX.X/composite"));
        Assert.Equal(2, stats.Endpoint("POST /services/data/vXX.X/composite/sobjects").Records);
        Assert.Equal(6, stats.Totals.Records);
    }

    [Fact]
    public async Task Refused_calls_are_counted_without_using_the_allowance()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(
            new SalesforceSandboxOptions { DailyApiLimit = 1, Org = SandboxClient.OrgWithExternalId() });
        await sandbox.GetAsync("limits");
        await sandbox.GetAsync("limits");
        sandbox.UseToken("00Dxx!expired");
        await sandbox.GetAsync("limits");

        var limits = (await ReadAsync(sandbox)).Endpoint("GET /services/data/vXX.X/limits");

        Assert.Equal(new EndpointCounts { Requests = 3, Status2xx = 1, Status4xx = 2, ApiUsage = 1, Subrequests = 0, Records = 0 }, limits);
    }

    [Fact]
    public async Task Reset_starts_the_requests_and_the_pub_sub_usage_again()
    {
        await using var client = await PubSubTestClient.StartAsync();
        await client.Client.GetTopicAsync(new TopicRequest { TopicName = "/data/OrderChangeEvent" }, client.Headers());
        var before = await ReadAsync(client.Sandbox);

        using var reset = await client.Sandbox.Http.DeleteAsync("/_sandbox/stats");
        var after = (await reset.Content.ReadFromJsonAsync<SandboxStats>(SandboxStats.Json))!;

        Assert.Equal(new PubSubCounts { Calls = 1 }, before.PubSub);
        Assert.Equal(1, before.Endpoint("POST /services/oauth2/token").Requests);
        Assert.Equal(new PubSubCounts(), after.PubSub);
        Assert.Empty(after.Endpoints);
        Assert.True(after.Since >= before.Since);
    }

    private static JsonObject Sub(string method, string url, string referenceId, JsonObject? body) => new()
    {
        ["method"] = method,
        ["url"] = url,
        ["referenceId"] = referenceId,
        ["body"] = body,
    };

    private static Task<SandboxStats> ReadAsync(SandboxClient sandbox) =>
        SandboxStatsClient.ReadAsync(sandbox.Http, sandbox.Server.BaseUrl, CancellationToken.None);
}
