using System.Net;
using Polly;
using Polly.Timeout;

namespace CpqSync.Stripe;

/// <summary>
/// Which attempts are worth repeating, following Stripe's guidance on errors: connection failures, <c>409</c>
/// conflicts (<c>lock_timeout</c>, a concurrent request with the same idempotency key), <c>429</c> and <c>5xx</c>,
/// unless Stripe says otherwise in <c>Stripe-Should-Retry</c>. Repeating a POST is safe because every POST carries
/// the plan's idempotency key: Stripe replays the first result instead of acting twice.
/// </summary>
internal static class StripeRetryPolicy
{
    public const string ShouldRetryHeader = "Stripe-Should-Retry";

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } error ? IsConnectionFailure(error) : outcome.Result is { } response && ShouldRetry(response);

    public static bool ShouldRetry(HttpResponseMessage response) =>
        StripeSaysRetry(response.Headers) ?? IsRetriableStatus(response.StatusCode);

    /// <summary>Whether a request that got this answer may succeed if run again unchanged.</summary>
    public static bool IsTransient(HttpStatusCode status, bool? stripeSaysRetry) => stripeSaysRetry ?? IsRetriableStatus(status);

    public static bool IsConnectionFailure(Exception error) => error is HttpRequestException or TimeoutRejectedException;

    /// <summary>The <c>Stripe-Should-Retry</c> header: Stripe's own verdict, which wins over the status code.</summary>
    public static bool? StripeSaysRetry(System.Net.Http.Headers.HttpHeaders? headers)
    {
        if (headers is null || !headers.TryGetValues(ShouldRetryHeader, out var values))
        {
            return null;
        }

        return values.FirstOrDefault() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
    }

    private static bool IsRetriableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
