using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>A sandbox on a free loopback port and a raw HTTP client that speaks Stripe's wire format.</summary>
public sealed class StripeApi : IAsyncDisposable
{
    private StripeApi(StripeSandboxServer server, TestClock time)
    {
        Server = server;
        Time = time;
        Http = new HttpClient { BaseAddress = server.BaseUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.SecretKey);
    }

    public StripeSandboxServer Server { get; }

    /// <summary>The emulated clock: starts at 2026-01-01T00:00:00Z and moves only when a test advances it.</summary>
    public TestClock Time { get; }

    public HttpClient Http { get; }

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<StripeApi> StartAsync(Action<StripeSandboxOptions>? configure = null)
    {
        var options = new StripeSandboxOptions { RequestsPerSecond = 10_000 };
        configure?.Invoke(options);
        var time = new TestClock(Start);
        var server = await StripeSandboxServer.StartAsync(options, time, CancellationToken.None);
        return new StripeApi(server, time);
    }

    public Task<Response> PostAsync(string path, string form, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, form, idempotencyKey);

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<Response> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, null);

    /// <summary>POSTs and returns the object, failing the test with Stripe's error if the call did not succeed.</summary>
    public async Task<JsonObject> CreateAsync(string path, string form)
    {
        var response = await PostAsync(path, form);
        Assert.True(response.Status == 200, $"POST {path} {form} answered {response.Status}: {response.Body}");
        return response.Json;
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, string? form, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (form is not null)
        {
            request.Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, body, response.Headers);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public sealed record Response(int Status, string Body, HttpResponseHeaders Headers)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

        public JsonObject Error => Json["error"]!.AsObject();

        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.First() : null;

        /// <summary>Asserts a Stripe error with this status, code and param.</summary>
        public JsonObject AssertError(int status, string? code, string? param = null)
        {
            Assert.True(Status == status, $"expected {status}, got {Status}: {Body}");
            var error = Error;
            Assert.Equal(code, error["code"]?.GetValue<string>());
            if (param is not null)
            {
                Assert.Equal(param, error["param"]?.GetValue<string>());
            }

            return error;
        }
    }
}
