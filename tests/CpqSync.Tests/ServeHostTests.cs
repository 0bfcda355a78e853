using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Engine.Connections;
using CpqSync.Hosting.Serve;
using CpqSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests;

/// <summary><c>cpqsync serve --sandbox</c> started in-process: the endpoints a user and a monitoring system see.</summary>
public sealed class ServeHostTests : IDisposable
{
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-serve-test-");

    [Fact]
    public async Task Healthz_reports_the_store_salesforce_stripe_and_the_last_poll()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };

        var health = await ServeRun.WaitForHealthAsync(http, h => h["last_poll"] is not null);

        using var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (string?)health["status"]);
        Assert.Equal("default", (string?)health["connection"]);
        Assert.True((bool)health["store"]!["reachable"]!);
        Assert.True((bool)health["salesforce"]!["reachable"]!);
        Assert.StartsWith("00D", (string?)health["salesforce"]!["org_id"], StringComparison.Ordinal);
        Assert.True((bool)health["stripe"]!["reachable"]!);
        Assert.True((bool)health["last_poll"]!["live_sync"]!);
        Assert.Null(health["last_poll"]!["error"]);
    }

    [Fact]
    public async Task Healthz_answers_503_when_stripe_is_down()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        await serve.Sandbox!.Stripe.DisposeAsync();

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", (string?)health["status"]);
        Assert.False((bool)health["stripe"]!["reachable"]!);
        Assert.Contains("Stripe is unreachable", (string?)health["stripe"]!["error"], StringComparison.Ordinal);
        Assert.True((bool)health["salesforce"]!["reachable"]!);
    }

    [Fact]
    public async Task Metrics_shows_the_engines_instruments_in_prometheus_format()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        await ServeRun.WaitForHealthAsync(http, h => h["last_poll"] is not null);

        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("cpqsync_live_sync_polls_total", metrics, StringComparison.Ordinal);
        Assert.Contains("cpqsync_queue_items", metrics, StringComparison.Ordinal);
        Assert.Contains("cpqsync_salesforce_requests_total", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_live_sync_off_in_the_store_stops_polling_at_the_next_tick()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        await ServeRun.WaitForHealthAsync(http, h => h["last_poll"]?["live_sync"]?.GetValue<bool>() == true);
        var documents = serve.Services.GetRequiredService<ConnectionDocumentStore>();
        var stored = (await documents.LoadAsync(serve.Connection.Id, CancellationToken.None))!;

        await documents.SaveAsync(stored.Id, stored.Document with { LiveSync = false }, stored.Version, CancellationToken.None);

        await ServeRun.WaitForHealthAsync(http, h => h["last_poll"]?["live_sync"]?.GetValue<bool>() == false);
        Assert.False(await serve.Connection.LiveSync.IsOnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_sandbox_connection_starts_with_the_document_and_stores_credentials_it_never_exports()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        var store = serve.Services.GetRequiredService<CpqSync.Storage.ISyncStore>();

        var secrets = await store.GetSecretsAsync(serve.Connection.Id, CancellationToken.None);
        var exported = ConnectionDocumentJson.Save(serve.Connection.Stored.Document);

        Assert.Contains("Stripe:ApiKey", secrets.Keys);
        Assert.Contains("Salesforce:ClientSecret", secrets.Keys);
        Assert.DoesNotContain(serve.Sandbox!.Stripe.SecretKey, exported, StringComparison.Ordinal);
        Assert.DoesNotContain(serve.Sandbox.Salesforce.Credentials.ClientSecret, exported, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), serve.Connection.Stored.Document.PollingInterval);
        Assert.True(serve.Connection.Engine.SyncRecords.StripeTestMode);
    }

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
