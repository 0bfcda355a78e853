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
    public async Task Healthz_reports_the_store_salesforce_stripe_and_the_last_poll_to_a_signed_in_user()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = await ServeRun.SignedInAsync(serve);

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
    public async Task Healthz_answers_anyone_the_status_only_without_an_identifier()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var anonymous = new HttpClient { BaseAddress = serve.BaseUrl };
        using var signedIn = await ServeRun.SignedInAsync(serve);
        var details = await signedIn.GetStringAsync("/healthz");
        var org = (string)JsonNode.Parse(details)!["salesforce"]!["org_id"]!;

        using var response = await anonymous.GetAsync("/healthz");
        var text = await response.Content.ReadAsStringAsync();
        var health = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "status", "state" }, health.Select(p => p.Key));
        Assert.Equal("healthy", (string?)health["status"]);
        Assert.DoesNotContain(org, text, StringComparison.Ordinal);
        Assert.DoesNotContain("acct_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_answers_503_when_stripe_is_down()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = await ServeRun.SignedInAsync(serve);
        using var anonymous = new HttpClient { BaseAddress = serve.BaseUrl };
        await serve.Sandbox!.Stripe.DisposeAsync();

        using var response = await http.GetAsync("/healthz");
        using var status = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", (string?)health["status"]);
        Assert.False((bool)health["stripe"]!["reachable"]!);
        Assert.Contains("Stripe is unreachable", (string?)health["stripe"]!["error"], StringComparison.Ordinal);
        Assert.True((bool)health["salesforce"]!["reachable"]!);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Equal("Stripe unreachable", (string?)JsonNode.Parse(await status.Content.ReadAsStringAsync())!["state"]);
    }

    [Fact]
    public async Task Metrics_shows_the_engines_instruments_in_prometheus_format()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        using var http = await ServeRun.SignedInAsync(serve);
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
        using var http = await ServeRun.SignedInAsync(serve);
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

    [Fact]
    public async Task Sync_records_link_to_the_error_reference_where_serve_listens_unless_a_public_url_is_set()
    {
        await using (var serve = await ServeRun.StartSandboxAsync(_workingDirectory))
        {
            var engine = await CpqSync.Hosting.ConnectionBootstrap.LoadEngineConnectionAsync(serve.Services, serve.Connection.Id, CancellationToken.None);
            Assert.Equal(new Uri(serve.BaseUrl, "errors").ToString(), engine.SyncRecords.DocumentationLink);
        }

        await using (var serve = await ServeRun.StartSandboxAsync(
            _workingDirectory, settings: new Dictionary<string, string> { ["CPQSYNC_Serve__PublicUrl"] = "https://cpqsync.example.com/" }))
        {
            var engine = await CpqSync.Hosting.ConnectionBootstrap.LoadEngineConnectionAsync(serve.Services, serve.Connection.Id, CancellationToken.None);
            Assert.Equal("https://cpqsync.example.com/errors", engine.SyncRecords.DocumentationLink);
            Assert.Equal(
                "https://cpqsync.example.com/errors#order_no_quote",
                CpqSync.Core.Errors.ErrorReference.Link(engine.SyncRecords.DocumentationLink, "ORDER_NO_QUOTE"));
        }
    }

    [Theory]
    [InlineData("cpqsync.example.com")]
    [InlineData("ftp://cpqsync.example.com")]
    [InlineData("https://cpqsync.example.com/?x=1")]
    public async Task A_public_url_that_is_not_an_absolute_http_address_stops_serve_naming_the_setting(string value)
    {
        var failure = await Assert.ThrowsAsync<CpqSync.Cli.CliException>(() => ServeRun.StartSandboxAsync(
            _workingDirectory, settings: new Dictionary<string, string> { ["CPQSYNC_Serve__PublicUrl"] = value }));

        Assert.Contains("Serve:PublicUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_engine_runs_the_stored_filters_typed_against_the_org()
    {
        const string document = """
            { "preferences": { "live_sync": false, "filters": [
                { "object": "Order", "field": "Status", "operator": "EqualTo", "value": "Activated" },
                { "object": "Order", "field": "EffectiveDate", "operator": "GreaterThanOrEqualTo", "value": "2024-01-01" } ] } }
            """;
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory, document);

        var engine = await CpqSync.Hosting.ConnectionBootstrap.LoadEngineConnectionAsync(serve.Services, serve.Connection.Id, CancellationToken.None);

        Assert.Equal(["Activated"], engine.Preferences.Filters[0].Values);
        Assert.Equal([new DateOnly(2024, 1, 1)], engine.Preferences.Filters[1].Values);
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
