using System.Net;
using CpqSync.Core.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Stripe.Tests;

/// <summary>
/// <c>Retry-After</c>, which the sandbox does not send: a one-route stand-in for Stripe answers the first request
/// <c>429</c> with <c>Retry-After: 2</c>, and the applier's clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class RetryAfterTests
{
    [Fact]
    public async Task A_retry_waits_as_long_as_retry_after_asks_rather_than_the_shorter_backoff()
    {
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stripe = await StartRateLimitingOnceAsync(firstAnswered);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddStripeApplier(o =>
        {
            o.ApiKey = "sk_test_retryAfter";
            o.ApiBase = new Uri(stripe.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromSeconds(30);
        });
        await using var provider = services.BuildServiceProvider();
        var operation = new StripeOperation("customer:001000000000001AAA", StripeOperationKind.CreateCustomer, "POST", "/v1/customers", null,
            [new("name", ParamValue.Literal("Acme Corp"))], "001000000000001AAA-create-customer", "001000000000001AAA");
        var plan = new SyncPlan("801000000000001AAA", PlanShape.Invoice, [operation], [], []);

        var apply = provider.GetRequiredService<StripePlanApplier>().ApplyAsync(plan, CancellationToken.None);
        await firstAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waited = TimeSpan.Zero;
        while (!apply.IsCompleted && waited < TimeSpan.FromSeconds(10))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            waited += TimeSpan.FromMilliseconds(100);
            await Task.WhenAny(apply, Task.Delay(20, CancellationToken.None));
        }

        var result = await apply;
        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("cus_retryAfter", result.StripeIds[operation.Id]);
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
    }

    private static async Task<WebApplication> StartRateLimitingOnceAsync(TaskCompletionSource firstAnswered)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var calls = 0;
        app.MapPost("/v1/customers", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "2";
                await context.Response.WriteAsync(
                    """{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Request rate limit exceeded."}}""");
                firstAnswered.TrySetResult();
                return;
            }

            await context.Response.WriteAsync("""{"id":"cus_retryAfter","object":"customer"}""");
        });
        await app.StartAsync();
        return app;
    }
}
