using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Salesforce.Tests;

/// <summary>Which failures the client repeats, and how long it waits, measured on a fake clock.</summary>
public class RetryTests
{
    [Fact]
    public async Task A_query_is_retried_through_transient_server_errors()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.OK]);
        var handler = Scripted(r => answers.Dequeue() is var status && status == HttpStatusCode.OK
            ? RecordingHandler.Json("""{"totalSize":0,"done":true,"records":[]}""")
            : RecordingHandler.Error(status, "SERVER_UNAVAILABLE", "try later"));
        await using var provider = ClientFactory.Build(handler);

        var count = await provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);

        Assert.Equal(0, count);
        Assert.Equal(3, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task A_connection_failure_is_retried()
    {
        var failures = 1;
        var handler = Scripted(r => failures-- > 0
            ? throw new HttpRequestException("connection reset")
            : RecordingHandler.Json("""{"totalSize":0,"done":true,"records":[]}"""));
        await using var provider = ClientFactory.Build(handler);

        await provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);

        Assert.Equal(2, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task A_create_that_got_no_answer_is_reported_as_a_transient_connection_failure()
    {
        var handler = Scripted(_ => throw new HttpRequestException("connection reset"));
        await using var provider = ClientFactory.Build(handler);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            provider.GetRequiredService<SalesforceClient>().CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token));

        Assert.Single(handler.ApiRequests);
        Assert.Equal(SalesforceApiException.ConnectionFailedCode, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_with_a_transient_error()
    {
        var handler = Scripted(_ => RecordingHandler.Error(HttpStatusCode.ServiceUnavailable, "SERVER_UNAVAILABLE", "down"));
        await using var provider = ClientFactory.Build(handler, o => o.MaxRetryAttempts = 2);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Equal(3, handler.ApiRequests.Count);
        Assert.True(error.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task A_create_is_never_repeated_because_the_first_one_may_have_happened()
    {
        var handler = Scripted(_ => RecordingHandler.Error(HttpStatusCode.ServiceUnavailable, "SERVER_UNAVAILABLE", "down"));
        await using var provider = ClientFactory.Build(handler);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            provider.GetRequiredService<SalesforceClient>().CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token));

        Assert.Single(handler.ApiRequests);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_composite_of_reads_is_repeated_through_a_transient_server_error_and_one_with_a_write_is_not()
    {
        var failures = 1;
        var handler = Scripted(_ => failures-- > 0
            ? RecordingHandler.Error(HttpStatusCode.InternalServerError, "UNKNOWN_EXCEPTION", "An unexpected error occurred.")
            : RecordingHandler.Json("""{"compositeResponse":[{"referenceId":"q","httpStatusCode":200,"body":{"totalSize":0,"done":true,"records":[]}}]}"""));
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();

        var answers = await client.CompositeAsync([new CompositeSubrequest(HttpMethod.Get, "query?q=SELECT+Id+FROM+Account", "q")], allOrNone: false, TestCancellation.Token);

        Assert.Single(answers);
        Assert.Equal(2, handler.ApiRequests.Count);

        failures = 1;
        var error = await Assert.ThrowsAsync<SalesforceApiException>(() => client.CompositeAsync(
            [
                new CompositeSubrequest(HttpMethod.Get, "query?q=SELECT+Id+FROM+Account", "q"),
                new CompositeSubrequest(HttpMethod.Post, "sobjects/Account", "a", new JsonObject { ["Name"] = "Acme" }),
            ],
            allOrNone: true,
            TestCancellation.Token));

        Assert.Equal(3, handler.ApiRequests.Count);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task An_update_is_repeated_because_it_is_idempotent()
    {
        var failures = 1;
        var handler = Scripted(_ => failures-- > 0
            ? RecordingHandler.Error(HttpStatusCode.ServiceUnavailable, "SERVER_UNAVAILABLE", "down")
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        await using var provider = ClientFactory.Build(handler);

        await provider.GetRequiredService<SalesforceClient>()
            .UpdateAsync("Account", "001000000000001AAA", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token);

        Assert.Equal(2, handler.ApiRequests.Count);
        Assert.All(handler.ApiRequests, r => Assert.Equal("""{"Name":"Acme"}""", r.Body));
    }

    /// <remarks>
    /// The org's API limit is not retried at once (it lasts until the rolling 24 hours free calls), but it passes on its
    /// own: the verdict is transient, so the worker retries the order later instead of parking it.
    /// </remarks>
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "MALFORMED_QUERY", false)]
    [InlineData(HttpStatusCode.BadRequest, "REQUIRED_FIELD_MISSING", false)]
    [InlineData(HttpStatusCode.Forbidden, "REQUEST_LIMIT_EXCEEDED", true)]
    [InlineData(HttpStatusCode.NotFound, "NOT_FOUND", false)]
    public async Task Client_errors_are_not_retried_and_arrive_typed(HttpStatusCode status, string errorCode, bool transient)
    {
        var handler = Scripted(_ => RecordingHandler.Json(
            $$"""[{"message":"it went wrong","errorCode":"{{errorCode}}","fields":["Name"]}]""", status));
        await using var provider = ClientFactory.Build(handler);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Single(handler.ApiRequests);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(errorCode, error.ErrorCode);
        Assert.Equal("it went wrong", error.ErrorMessage);
        Assert.Equal(["Name"], error.Fields);
        Assert.Equal(transient, error.IsTransient);
    }

    [Fact]
    public async Task A_429_waits_for_the_servers_retry_after()
    {
        var attemptTimeout = TimeSpan.FromMinutes(7);
        var time = new TimerWatchingTimeProvider(attemptTimeout);
        var attempts = new List<DateTimeOffset>();
        var handler = Scripted(_ =>
        {
            attempts.Add(time.GetUtcNow());
            if (attempts.Count > 1)
            {
                return RecordingHandler.Json("""{"totalSize":0,"done":true,"records":[]}""");
            }

            var busy = RecordingHandler.Error(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED", "slow down");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return busy;
        });
        await using var provider = ClientFactory.Build(handler, o =>
        {
            o.AttemptTimeout = attemptTimeout;
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
        }, time);

        var counting = provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);
        var delay = await time.NextDelayAsync(TestCancellation.Token);
        Assert.Single(attempts);
        time.Advance(delay);
        await counting;

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        Assert.Equal(TimeSpan.FromSeconds(7), attempts[1] - attempts[0]);
    }

    [Fact]
    public async Task Retries_wait_a_jittered_backoff_bounded_by_the_maximum_delay()
    {
        var attemptTimeout = TimeSpan.FromMinutes(7);
        var time = new TimerWatchingTimeProvider(attemptTimeout);
        var handler = Scripted(_ => RecordingHandler.Error(HttpStatusCode.ServiceUnavailable, "SERVER_UNAVAILABLE", "down"));
        await using var provider = ClientFactory.Build(handler, o =>
        {
            o.AttemptTimeout = attemptTimeout;
            o.RetryBaseDelay = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 3;
            o.MaxRetryDelay = TimeSpan.FromSeconds(5);
        }, time);

        var counting = provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            delays.Add(await time.NextDelayAsync(TestCancellation.Token));
            time.Advance(delays[^1]);
        }

        await Assert.ThrowsAsync<SalesforceApiException>(() => counting);
        Assert.Equal(4, handler.ApiRequests.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancelling_a_query_stops_it_with_a_cancellation_not_an_api_error()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = Scripted(_ =>
        {
            cancellation.Cancel();
            return RecordingHandler.Json("""{"totalSize":2,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01g-2","records":[{"Id":"a"}]}""");
        });
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in client.QueryAsync(Soql.Query($"SELECT Id FROM Account"), cancellationToken: cancellation.Token))
            {
            }
        });
        Assert.Single(handler.ApiRequests);
    }

    /// <summary>One rule for the token endpoint and the API: what the pipeline repeats is what the refusal calls transient.</summary>
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    public async Task A_refused_token_request_is_repeated_exactly_when_its_refusal_is_transient(HttpStatusCode status, bool transient)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json("""{"error":"unknown_error","error_description":"refused"}""", status));
        await using var provider = ClientFactory.Build(handler, o => o.MaxRetryAttempts = 1);

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() =>
            provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token));

        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(transient ? 2 : 1, handler.TokenRequests.Count);
        Assert.Equal(transient, new SalesforceApiException(status, [new SalesforceError("INVALID_FIELD", "refused", [])], rawBody: null).IsTransient);
    }

    private static RecordingHandler Scripted(Func<RecordedRequest, HttpResponseMessage> api) =>
        new(r => r.Uri.AbsolutePath == "/services/oauth2/token" ? RecordingHandler.Token("00Dsession") : api(r));
}
