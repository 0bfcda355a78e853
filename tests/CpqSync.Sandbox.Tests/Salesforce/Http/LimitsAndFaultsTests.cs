using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class LimitsAndFaultsTests
{
    [Fact]
    public async Task Every_API_response_carries_the_limit_info_and_Salesforce_headers()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var first = await sandbox.GetAsync("limits");
        var second = await sandbox.GetAsync("sobjects/Nope__c");

        Assert.Equal("api-usage=1/100000", first.Headers.GetValues("Sforce-Limit-Info").Single());
        Assert.Equal("api-usage=2/100000", second.Headers.GetValues("Sforce-Limit-Info").Single());
        Assert.Equal("application/json; charset=UTF-8", first.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.True(first.Headers.Contains("Strict-Transport-Security"));
        Assert.True(first.Headers.Contains("X-Robots-Tag"));
        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.Equal(2, sandbox.Server.ApiUsage);
    }

    [Fact]
    public async Task Limits_report_daily_API_requests()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(
            new SalesforceSandboxOptions { DailyApiLimit = 500, Org = SandboxClient.OrgWithExternalId() });
        await sandbox.GetAsync("sobjects");

        var (_, limits) = await sandbox.JsonAsync(HttpMethod.Get, "limits");

        Assert.Equal(500, (long)limits!["DailyApiRequests"]!["Max"]!);
        Assert.Equal(498, (long)limits["DailyApiRequests"]!["Remaining"]!);
    }

    [Fact]
    public async Task Past_the_daily_limit_calls_get_REQUEST_LIMIT_EXCEEDED()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(
            new SalesforceSandboxOptions { DailyApiLimit = 2, Org = SandboxClient.OrgWithExternalId() });
        await sandbox.GetAsync("limits");
        await sandbox.GetAsync("limits");

        var refused = await sandbox.GetAsync("limits");

        await RestAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        Assert.Equal("api-usage=2/2", refused.Headers.GetValues("Sforce-Limit-Info").Single());
        sandbox.Server.Faults.ResetApiUsage();
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("limits")).StatusCode);
    }

    [Fact]
    public async Task The_daily_allowance_comes_back_as_the_24_hours_roll_by()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 9, 30, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxClient.StartAsync(new SalesforceSandboxOptions
        {
            DailyApiLimit = 3,
            TokenLifetime = TimeSpan.FromDays(3),
            Org = SandboxClient.OrgWithExternalId(),
        }, time);
        await sandbox.LoginAsync();
        await sandbox.GetAsync("limits");
        time.Advance(TimeSpan.FromHours(12));
        await sandbox.GetAsync("limits");
        await sandbox.GetAsync("limits");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("limits"), HttpStatusCode.Forbidden, "REQUEST_LIMIT_EXCEEDED");

        time.Advance(TimeSpan.FromHours(12.5));

        var response = await sandbox.GetAsync("limits");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("api-usage=3/3", response.Headers.GetValues("Sforce-Limit-Info").Single());
    }

    [Fact]
    public async Task Exhausting_the_API_limit_at_run_time_refuses_calls()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        sandbox.Server.Faults.ExhaustApiLimit();

        await RestAssert.ErrorAsync(await sandbox.GetAsync("limits"), HttpStatusCode.Forbidden, "REQUEST_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task Expiring_sessions_makes_every_token_invalid()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        sandbox.Server.Faults.ExpireSessions();

        await RestAssert.InvalidSessionAsync(await sandbox.GetAsync("limits"));
    }

    [Fact]
    public async Task Error_rate_one_answers_every_call_with_500_or_503()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(new SalesforceSandboxOptions
        {
            Org = SandboxClient.OrgWithExternalId(),
            Faults = new SalesforceFaultOptions { ErrorRate = 1 },
        });

        for (var i = 0; i < 6; i++)
        {
            var response = await sandbox.GetAsync("limits");
            Assert.Contains((int)response.StatusCode, new[] { 500, 503 });
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())![0]!;
            Assert.Contains((string?)error["errorCode"], new[] { "UNKNOWN_EXCEPTION", "SERVER_UNAVAILABLE" });
        }

        sandbox.Server.Faults.ErrorRate = 0;
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("limits")).StatusCode);
    }

    [Fact]
    public async Task Drop_rate_one_aborts_the_connection()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        sandbox.Server.Faults.DropRate = 1;

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.GetAsync("limits"));
    }

    [Fact]
    public async Task Latency_delays_the_answer()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        sandbox.Server.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await sandbox.GetAsync("limits");

        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task Faults_can_be_read_and_changed_over_HTTP()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var put = await sandbox.Http.PutAsync("/_sandbox/faults",
            new StringContent("""{"latencyMs":5,"errorRate":0.25,"dropRate":0.1}""", Encoding.UTF8, "application/json"));
        var state = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        await sandbox.Http.PostAsync("/_sandbox/faults/exhaust-api-limit", null);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0.25, (double)state["errorRate"]!);
        Assert.Equal(TimeSpan.FromMilliseconds(5), sandbox.Server.Faults.Latency);
        Assert.Equal(0.1, sandbox.Server.Faults.DropRate);
        Assert.Equal(100_000, sandbox.Server.ApiUsage);
        await sandbox.Http.PostAsync("/_sandbox/faults/reset-api-usage", null);
        await sandbox.Http.PostAsync("/_sandbox/faults/expire-sessions", null);
        Assert.Equal(0, sandbox.Server.ApiUsage);
        var cleared = await sandbox.Http.DeleteAsync("/_sandbox/faults");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var faults = sandbox.Server.Faults;
        Assert.Equal((0.0, 0.0, TimeSpan.Zero), (faults.ErrorRate, faults.DropRate, faults.Latency));
        await RestAssert.InvalidSessionAsync(await sandbox.GetAsync("limits"));
    }
}
