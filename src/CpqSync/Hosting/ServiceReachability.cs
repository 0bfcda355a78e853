using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CpqSync.Hosting;

/// <summary>Whether a service answered, and who we are there (org and user, Stripe account) when it did.</summary>
/// <param name="Problem">Why it is not reachable, in one line without secrets; <see langword="null"/> when it is.</param>
/// <param name="Failure">What kind of failure: the service answered and refused the credentials, none are given yet, or it did not answer.</param>
public sealed record Reachability(bool Reachable, string? Problem, IReadOnlyDictionary<string, string> Details, ReachabilityFailure Failure = ReachabilityFailure.None)
{
    public static Reachability Ok(IReadOnlyDictionary<string, string> details) => new(true, null, details);

    public static Reachability Failed(string problem, ReachabilityFailure failure = ReachabilityFailure.Unreachable) =>
        new(false, problem, new Dictionary<string, string>(), failure);
}

/// <summary>Why a service is not reachable.</summary>
public enum ReachabilityFailure
{
    None,

    /// <summary>No credentials to sign in with yet: nothing was sent.</summary>
    NotConnected,

    /// <summary>The service answered and refused the credentials.</summary>
    Refused,

    /// <summary>The service did not answer, or answered with an error.</summary>
    Unreachable,
}

/// <summary>
/// Checks the store, Salesforce and Stripe with one cheap call each, bounded by <see cref="Timeout"/>: what
/// <c>/healthz</c> and <c>cpqsync status</c> report.
/// </summary>
public sealed class ServiceReachability(
    ISyncMonitor monitor,
    SalesforceClient salesforce,
    SalesforceAuthenticator authenticator,
    IHttpClientFactory httpClients,
    IOptions<StripeOptions> stripeOptions,
    ConnectionCredentials credentials)
{
    public const string HttpClientName = "CpqSync.Reachability";

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    public async Task<Reachability> CheckStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await monitor.GetQueueSummaryAsync(null, cancellationToken);
            return Reachability.Ok(new Dictionary<string, string>());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Reachability.Failed($"the store can't be read: {e.GetType().Name}");
        }
    }

    /// <summary>Logs in (or reuses the session) and reads the org's limits: one API call.</summary>
    public async Task<Reachability> CheckSalesforceAsync(CancellationToken cancellationToken)
    {
        if (credentials.MissingSalesforce is { Count: > 0 } missing)
        {
            return Reachability.Failed($"not connected: {string.Join(", ", missing)} not given", ReachabilityFailure.NotConnected);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var token = await authenticator.GetTokenAsync(timeout.Token);
            var limits = await salesforce.GetLimitsAsync(timeout.Token);
            var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["instance_url"] = token.InstanceUrl.ToString().TrimEnd('/') };
            if (token.IdentityUrl?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [.., var org, var user])
            {
                details["org_id"] = org;
                details["user_id"] = user;
            }

            if (limits.TryGetValue("DailyApiRequests", out var api))
            {
                details["daily_api_requests"] = $"{api.Max - api.Remaining}/{api.Max}";
            }

            return Reachability.Ok(details);
        }
        catch (SalesforceOAuthException e)
        {
            return Reachability.Failed(
                $"Salesforce refused the login ({e.Error}: {e.ErrorDescription})", e.IsTransient ? ReachabilityFailure.Unreachable : ReachabilityFailure.Refused);
        }
        catch (SalesforceApiException e)
        {
            return Reachability.Failed($"Salesforce: {e.ErrorCode}: {e.ErrorMessage}");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Reachability.Failed($"Salesforce is unreachable ({e.GetType().Name})");
        }
    }

    /// <summary>Reads the account the key belongs to (<c>GET /v1/account</c>), without the applier's retries.</summary>
    public async Task<Reachability> CheckStripeAsync(CancellationToken cancellationToken)
    {
        if (credentials.MissingStripeKey)
        {
            return Reachability.Failed("not connected: Stripe:ApiKey not given", ReachabilityFailure.NotConnected);
        }

        var options = stripeOptions.Value;
        var apiBase = options.ApiBase ?? new Uri("https://api.stripe.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, "v1/account"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => Reachability.Ok(await AccountAsync(response, timeout.Token)),
                HttpStatusCode.Unauthorized => Reachability.Failed("Stripe refused the API key (Stripe:ApiKey)", ReachabilityFailure.Refused),
                // A restricted key without account access, or an API without the endpoint: Stripe answered all the same.
                HttpStatusCode.Forbidden or HttpStatusCode.NotFound => Reachability.Ok(new Dictionary<string, string>()),
                var status => Reachability.Failed($"Stripe answered {(int)status}"),
            };
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Reachability.Failed($"Stripe is unreachable ({e.GetType().Name}; Stripe:ApiBase)");
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> AccountAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is JsonObject account
            && account["id"]?.GetValue<string>() is { } id)
        {
            details["account_id"] = id;
        }

        return details;
    }
}
