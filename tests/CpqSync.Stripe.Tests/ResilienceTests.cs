using System.Net;
using CpqSync.Sandbox.Stripe;
using CpqSync.Stripe.Tests.Support;

namespace CpqSync.Stripe.Tests;

/// <summary>Faults injected by the sandbox, and the applier's retries, rate limit and cancellation around them.</summary>
public sealed class ResilienceTests
{
    private static CancellationToken Token => CancellationToken.None;

    [Fact]
    public async Task Server_errors_are_retried_to_success()
    {
        await using var host = await ApplierHost.StartAsync();
        host.Sandbox.Faults.Update(static f => f.FailNextRequests = 3);

        var result = await host.Applier.ApplyAsync(TestOrders.Termed(DateTimeOffset.UtcNow).Plan(), Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(3, host.Attempts.Count(HttpStatusCode.InternalServerError));
        await ApplyTests.AssertStripeHoldsOnceAsync(host, customers: 1, products: 2, prices: 2, schedules: 1);
    }

    [Fact]
    public async Task Connections_dropped_after_stripe_acted_are_retried_and_replayed_without_duplicates()
    {
        await using var host = await ApplierHost.StartAsync();
        host.Sandbox.Faults.Update(static f => f.DropNextRequests = 2);

        var result = await host.Applier.ApplyAsync(TestOrders.Termed(DateTimeOffset.UtcNow).Plan(), Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(2, host.Attempts.ConnectionFailures);
        Assert.Equal(2, result.Applied.Count(static a => a.Replayed));
        await ApplyTests.AssertStripeHoldsOnceAsync(host, customers: 1, products: 2, prices: 2, schedules: 1);
    }

    [Fact]
    public async Task Rate_limited_requests_are_retried_to_success()
    {
        await using var host = await ApplierHost.StartAsync();
        host.Sandbox.Faults.Update(static f => f.RateLimitNextRequests = 2);

        var result = await host.Applier.ApplyAsync(TestOrders.Termed(DateTimeOffset.UtcNow).Plan(), Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(2, host.Attempts.Count(HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_server_error_stripe_marks_should_retry_false_is_not_retried_and_is_not_transient()
    {
        await using var host = await ApplierHost.StartAsync();
        host.Sandbox.Faults.Update(static f =>
        {
            f.FailNextRequests = 1;
            f.ShouldRetry = false;
        });
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal(plan.Operations[0].Id, failure.OperationId);
        Assert.Equal(500, failure.HttpStatus);
        Assert.Equal("api_error", failure.ErrorType);
        Assert.False(failure.IsTransient);
        Assert.Equal([500], host.Attempts.Statuses);
    }

    [Fact]
    public async Task Retries_give_up_after_the_configured_attempts_with_a_transient_failure()
    {
        await using var host = await ApplierHost.StartAsync(static o => o.MaxRetryAttempts = 2);
        host.Sandbox.Faults.Update(static f => f.FailNextRequests = 10);
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal(plan.Operations[0].SourceRecordId, failure.SourceRecordId);
        Assert.True(failure.IsTransient);
        Assert.Equal(3, host.Attempts.Statuses.Count);
        Assert.Empty(result.Applied);
    }

    [Fact]
    public async Task An_unreachable_stripe_is_retried_then_reported_as_a_transient_connection_failure()
    {
        // Nothing listens on port 1 of the loopback interface: every attempt is refused.
        await using var host = await ApplierHost.StartAsync(static o =>
        {
            o.ApiBase = new Uri("http://127.0.0.1:1/");
            o.MaxRetryAttempts = 2;
        });
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow).Plan();

        var result = await host.Applier.ApplyAsync(plan, Token);

        var failure = Assert.IsType<StripeApplyFailure>(result.Failure);
        Assert.Equal(plan.Operations[0].Id, failure.OperationId);
        Assert.Equal("api_connection_error", failure.ErrorType);
        Assert.Null(failure.HttpStatus);
        Assert.Null(failure.RequestId);
        Assert.True(failure.IsTransient);
        Assert.Equal(3, host.Attempts.ConnectionFailures);
    }

    [Fact]
    public async Task A_burst_of_more_than_sixty_operations_stays_under_stripes_test_mode_rate_limit()
    {
        await using var host = await ApplierHost.StartAsync(sandboxOptions: new StripeSandboxOptions { RequestsPerSecond = 25 });
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow, recurring: 20, oneTime: 10).Plan();
        Assert.True(plan.Operations.Count > 60, $"{plan.Operations.Count} operations");

        var result = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(plan.Operations.Count, host.Attempts.Statuses.Count);
        Assert.Equal(0, host.Attempts.Count(HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Cancellation_stops_the_run_and_applying_again_finishes_it_without_duplicates()
    {
        await using var host = await ApplierHost.StartAsync();
        var plan = TestOrders.Termed(DateTimeOffset.UtcNow, recurring: 3, oneTime: 0).Plan();
        using var cancel = new CancellationTokenSource();
        // Cancelled as the third answer arrives: between two requests, the way a shutdown usually lands.
        host.Attempts.AfterAttempt = count =>
        {
            if (count == 3)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Applier.ApplyAsync(plan, cancel.Token));
        // Products and prices run side by side: requests already in flight when the cancellation lands may be answered too.
        Assert.InRange(host.Attempts.Statuses.Count, 3, plan.Operations.Count - 1);

        host.Attempts.AfterAttempt = null;
        var restarted = await host.Applier.ApplyAsync(plan, Token);

        Assert.True(restarted.Succeeded, restarted.Failure?.Message);
        Assert.InRange(restarted.Applied.Count(static a => a.Replayed), 3, plan.Operations.Count - 1);
        await ApplyTests.AssertStripeHoldsOnceAsync(host, customers: 1, products: 3, prices: 3, schedules: 1);
    }
}
