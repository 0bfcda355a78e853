using Polly;
using Polly.Timeout;

namespace CpqSync.Salesforce.Http;

/// <summary>Which failed attempts the HTTP pipeline repeats.</summary>
/// <remarks>
/// Repeated: connection failures, attempt timeouts and the statuses <see cref="SalesforceTransience"/> calls transient
/// (<c>429</c> and <c>500/502/503/504</c>), but only for requests
/// that are safe to repeat (<see cref="SalesforceHttp.IsRetrySafe"/>). A POST that creates records is not: if the
/// answer was lost the records may exist, and a second POST would duplicate them, so the caller gets a transient
/// <see cref="SalesforceApiException"/> and decides (typically by upserting on an external id). Other 4xx answers,
/// DML errors included, are never repeated: the same request would fail the same way.
/// </remarks>
internal static class SalesforceRetryPolicy
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (request is not null && !SalesforceHttp.IsRetrySafe(request))
        {
            return false;
        }

        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Exception: not null } => false,
            { Result: { } response } => SalesforceTransience.IsTransient(response.StatusCode),
            _ => false,
        };
    }
}
