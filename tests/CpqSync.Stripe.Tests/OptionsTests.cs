using System.Collections.Concurrent;
using CpqSync.Stripe.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Stripe.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Options_bind_from_the_stripe_section_with_documented_defaults()
    {
        using var services = Build(new() { ["Stripe:ApiKey"] = "sk_test_abc123" });

        var options = services.GetRequiredService<IOptions<StripeOptions>>().Value;

        Assert.Equal("sk_test_abc123", options.ApiKey);
        Assert.Equal(new Uri("https://api.stripe.com"), options.ApiBase);
        Assert.Null(options.MaxRequestsPerSecond);
        Assert.Equal(StripeOptions.TestRequestsPerSecond, options.RequestsPerSecond);
        Assert.DoesNotContain("abc123", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_live_abc123", null, StripeOptions.LiveRequestsPerSecond)]
    [InlineData("rk_live_abc123", null, StripeOptions.LiveRequestsPerSecond)]
    [InlineData("sk_test_abc123", null, StripeOptions.TestRequestsPerSecond)]
    [InlineData("sk_live_abc123", "40", 40)]
    public void Pacing_defaults_to_the_keys_mode_and_stays_settable(string key, string? setting, double expected)
    {
        using var services = Build(new() { ["Stripe:ApiKey"] = key, ["Stripe:MaxRequestsPerSecond"] = setting });

        Assert.Equal(expected, services.GetRequiredService<IOptions<StripeOptions>>().Value.RequestsPerSecond);
        Assert.Equal(expected, services.GetRequiredService<StripeThroughput>().RequestsPerSecond);
    }

    [Theory]
    [InlineData(95, 250, 64, 50)]
    [InlineData(95, 50, 64, 12)]
    [InlineData(23, 250, 64, 14)]
    [InlineData(95, 1, 64, 4)]
    [InlineData(95, 1000, 64, 64)]
    public void Orders_in_flight_follow_rate_times_latency(double rate, int latencyMs, int ceiling, int expected)
    {
        var throughput = new StripeThroughput(rate);
        for (var i = 0; i < 400; i++)
        {
            throughput.Observe(TimeSpan.FromMilliseconds(latencyMs));
        }

        Assert.Equal(expected, throughput.OrdersInFlight(ceiling));
    }

    [Fact]
    public async Task Orders_in_flight_grow_while_the_rate_goes_unused_and_shrink_back_while_requests_wait_for_tokens()
    {
        // One token every 200 ms and a burst of one: nothing below runs long enough to see a refill.
        using var limiter = new StripeRateLimiter(5);
        var throughput = new StripeThroughput(limiter.RequestsPerSecond, limiter.Limiter);
        // 5 requests/s × 250 ms (the latency assumed before any is seen), twice over, plus two.
        const int Sized = 5;

        // The bucket is full and nothing waits: the orders in flight leave the rate unused, so one more each time.
        Assert.Equal([Sized + 1, Sized + 2, Sized + 3], [throughput.OrdersInFlight(64), throughput.OrdersInFlight(64), throughput.OrdersInFlight(64)]);
        Assert.Equal(64, Ask(throughput, times: 100));

        using var taken = await limiter.Limiter.AcquireAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = Enumerable.Range(0, 3).Select(_ => limiter.Limiter.AcquireAsync(1, cancel.Token).AsTask()).ToList();

        // Three requests wait for tokens, more than a burst: one fewer each time, down to rate × latency.
        Assert.Equal([63, 62], [throughput.OrdersInFlight(64), throughput.OrdersInFlight(64)]);
        Assert.Equal(Sized, Ask(throughput, times: 100));

        await cancel.CancelAsync();
        await Task.WhenAll(waiting.Select(static w => w.ContinueWith(static _ => { }, TaskScheduler.Default)));
    }

    /// <summary>Asks as the worker does before each lease, <paramref name="times"/> times; the last answer.</summary>
    private static int Ask(StripeThroughput throughput, int times)
    {
        var answer = 0;
        for (var i = 0; i < times; i++)
        {
            answer = throughput.OrdersInFlight(64);
        }

        return answer;
    }

    [Theory]
    [InlineData("pk_test_publishable", null, "ApiKey")]
    [InlineData("sk_test_abc123", "/relative", "ApiBase")]
    [InlineData("sk_test_abc123", "ftp://stripe.example", "ApiBase")]
    public void Invalid_options_fail_at_start_up_naming_the_setting(string? key, string? apiBase, string setting)
    {
        var values = new Dictionary<string, string?> { ["Stripe:ApiKey"] = key };
        if (apiBase is not null)
        {
            values["Stripe:ApiBase"] = apiBase;
        }

        using var services = Build(values);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxRequestsPerSecond", "0", "MaxRequestsPerSecond")]
    [InlineData("MaxRetryAttempts", "50", "MaxRetryAttempts")]
    [InlineData("RetryBaseDelay", "00:01:00", "RetryBaseDelay")]
    public void A_rate_retry_count_or_backoff_out_of_bounds_is_refused(string setting, string value, string named)
    {
        using var services = Build(new()
        {
            ["Stripe:ApiKey"] = "sk_test_abc123",
            ["Stripe:MaxRetryDelay"] = "00:00:10",
            [$"Stripe:{setting}"] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_never_reaches_the_logs_even_when_requests_fail_and_retry()
    {
        var lines = new ConcurrentQueue<string>();
        await using var host = await ApplierHost.StartAsync(logging: builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new RecordingLoggerProvider(lines)));
        host.Sandbox.Faults.Update(static f => f.FailNextRequests = 2);

        var result = await host.Applier.ApplyAsync(TestOrders.Termed(DateTimeOffset.UtcNow).Plan(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Contains(lines, static l => l.Contains("Retrying Stripe POST", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(host.Sandbox.SecretKey, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStripeApplier(configuration);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{formatter(state, exception)} {exception}");
    }
}
