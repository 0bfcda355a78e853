namespace CpqSync.Engine.Sync;

/// <summary>
/// Sits in the Salesforce and Stripe HTTP clients: counts each request into the running sync's
/// <see cref="ApiCallTally"/> and the engine's call counters.
/// </summary>
internal sealed class ApiCallCountingHandler(ApiService service) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ApiCallTally.Current?.Add(service);
        SyncMetrics.ApiCall(service);
        return base.SendAsync(request, cancellationToken);
    }
}
