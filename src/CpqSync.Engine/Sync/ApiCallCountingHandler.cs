using System.Net;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Sits in the Salesforce and Stripe HTTP clients: counts each request into the running sync's
/// <see cref="ApiCallTally"/> and the engine's call counters, and each Stripe <c>429</c> into the engine's
/// rate-limited counter (pacing should make it stay at zero), and keeps the count of Stripe requests on the wire.
/// </summary>
internal sealed class ApiCallCountingHandler(ApiService service) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ApiCallTally.Current?.Add(service);
        SyncMetrics.ApiCall(service);
        if (service != ApiService.Stripe)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        SyncMetrics.StripeRequestInFlight(1);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                SyncMetrics.StripeRateLimited();
            }

            return response;
        }
        finally
        {
            SyncMetrics.StripeRequestInFlight(-1);
        }
    }
}
