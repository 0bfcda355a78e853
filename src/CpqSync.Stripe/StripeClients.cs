using Stripe;

namespace CpqSync.Stripe;

/// <summary>The one way CpqSync builds a Stripe.net client: over the named HTTP client with its resilience pipeline.</summary>
internal static class StripeClients
{
    /// <exception cref="StripeKeyMissingException">No API key is set yet.</exception>
    public static StripeClient Create(IHttpClientFactory httpClientFactory, StripeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new StripeKeyMissingException();
        }

        // Stripe.net's own retries are off: the HTTP client's resilience pipeline retries, rate-limits and times out.
        var http = new SystemNetHttpClient(httpClientFactory.CreateClient(StripeHttp.ClientName), maxNetworkRetries: 0, enableTelemetry: false);
        return new StripeClient(apiKey: options.ApiKey, httpClient: http, apiBase: options.ApiBase!.ToString().TrimEnd('/'));
    }
}
