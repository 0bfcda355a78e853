using System.Net;
using Polly;
using Polly.Timeout;

namespace CpqSync.Stripe.Tests;

/// <summary>Which answers the applier repeats, following Stripe's error-handling guidance.</summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(HttpStatusCode.Conflict, true)] // lock_timeout, idempotency_key_in_use
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.PaymentRequired, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    public void Without_stripes_verdict_the_status_decides(HttpStatusCode status, bool retried)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(retried, StripeRetryPolicy.ShouldRetry(Outcome.FromResult(response)));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "false", false)]
    [InlineData(HttpStatusCode.Conflict, "false", false)]
    [InlineData(HttpStatusCode.BadRequest, "true", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "maybe", true)]
    public void Stripe_should_retry_wins_over_the_status(HttpStatusCode status, string header, bool retried)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("Stripe-Should-Retry", header);

        Assert.Equal(retried, StripeRetryPolicy.ShouldRetry(Outcome.FromResult(response)));
    }

    [Fact]
    public void Connection_failures_and_attempt_timeouts_are_retried_but_other_exceptions_are_not()
    {
        Assert.True(StripeRetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
        Assert.True(StripeRetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.False(StripeRetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
        Assert.False(StripeRetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())));
    }
}
