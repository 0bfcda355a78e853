using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CpqSync.Salesforce;

/// <summary>
/// The Salesforce REST API, typed: SOQL queries, records, collections, describe and limits. One instance per org;
/// it is thread-safe and meant to be a singleton (see <c>AddSalesforceClient</c>).
/// </summary>
/// <remarks>
/// Every call goes to the session's <c>instance_url</c>. A request rejected with <c>401 INVALID_SESSION_ID</c>
/// renews the session once and is replayed; transient failures of requests that are safe to repeat are retried
/// with backoff by the HTTP pipeline. Failures surface as <see cref="SalesforceApiException"/>.
/// </remarks>
public sealed partial class SalesforceClient
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SalesforceAuthenticator _authenticator;
    private readonly IOptions<SalesforceOptions> _source;
    private SalesforceOptions _current;
    private readonly ILogger _logger;
    private readonly SalesforceMetrics _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<SObjectDescribe>>> _describes = new(StringComparer.OrdinalIgnoreCase);
    private Lazy<Task<GlobalDescribe>>? _globalDescribe;
    private ApiUsage? _apiUsage;

    public SalesforceClient(
        IHttpClientFactory httpClientFactory,
        SalesforceAuthenticator authenticator,
        IOptions<SalesforceOptions> options,
        IMeterFactory meterFactory,
        ILogger<SalesforceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _authenticator = authenticator;
        _source = options;
        _current = options.Value;
        _logger = logger;
        _metrics = new SalesforceMetrics(meterFactory, () => ApiUsage);
    }

    /// <summary>
    /// The options' current value. New options (a host whose credentials changed, perhaps to another org) drop what was
    /// cached about the old org: its describes.
    /// </summary>
    private SalesforceOptions _options
    {
        get
        {
            var latest = _source.Value;
            if (!ReferenceEquals(latest, Volatile.Read(ref _current)))
            {
                Volatile.Write(ref _current, latest);
                ClearDescribeCache();
                Volatile.Write(ref _apiUsage, null);
            }

            return latest;
        }
    }

    /// <summary>The session handling, including the authorization-code helpers.</summary>
    public SalesforceAuthenticator Authenticator => _authenticator;

    /// <summary>The org's API usage as of the latest response, or null before the first call.</summary>
    public ApiUsage? ApiUsage => Volatile.Read(ref _apiUsage);

    /// <summary>The API version every call uses (<c>Salesforce:ApiVersion</c>), such as <c>62.0</c>.</summary>
    public string ApiVersion => _options.ApiVersion;

    /// <summary>The REST base path for this client's API version, such as <c>/services/data/v62.0/</c>.</summary>
    public string DataPath => $"/services/data/v{_options.ApiVersion}/";

    /// <param name="retrySafe">
    /// A POST that changes nothing (a composite of reads), which the HTTP pipeline may repeat on a transient failure as it
    /// repeats a GET (<see cref="SalesforceHttp.IsRetrySafe"/>).
    /// </param>
    internal Task<JsonNode?> SendForJsonAsync(
        HttpMethod method, string path, JsonNode? body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken,
        bool retrySafe = false) =>
        SendUtf8ForJsonAsync(method, path, body is null ? null : JsonBodies.Serialize(body, JsonOptions), headers, cancellationToken, retrySafe);

    /// <summary>As above, with the body already in UTF-8 JSON (a composite request written without a copy of its subrequests).</summary>
    internal async Task<JsonNode?> SendUtf8ForJsonAsync(
        HttpMethod method, string path, ReadOnlyMemory<byte>? json, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken,
        bool retrySafe = false)
    {
        using var response = await SendUtf8Async(method, path, json, headers, cancellationToken, retrySafe).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        // Read and parsed without the shared array pool (JsonBodies): a page's composite answer runs to megabytes.
        byte[] bytes;
        try
        {
            bytes = await JsonBodies.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The answer broke off: the same failure as no answer at all.
            _logger.RequestFailed(method, StripQuery(path), 0, SalesforceApiException.ConnectionFailedCode, e.Message);
            throw SalesforceApiException.ConnectionFailed(e);
        }

        return JsonBodies.Parse(bytes);
    }

    /// <summary>
    /// Sends one request to the org, renewing the session and replaying once on <c>INVALID_SESSION_ID</c>.
    /// The response is successful; anything else is thrown as <see cref="SalesforceApiException"/>.
    /// </summary>
    internal Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, JsonNode? body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken,
        bool retrySafe = false) =>
        SendUtf8Async(method, path, body is null ? null : JsonBodies.Serialize(body, JsonOptions), headers, cancellationToken, retrySafe);

    private async Task<HttpResponseMessage> SendUtf8Async(
        HttpMethod method, string path, ReadOnlyMemory<byte>? json, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken,
        bool retrySafe = false)
    {
        var token = await _authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendOnceAsync(token, method, path, json, headers, retrySafe, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var rejection = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            if (rejection.ErrorCode != "INVALID_SESSION_ID")
            {
                throw rejection;
            }

            _logger.SessionRenewing(rejection.ErrorCode, _options.Flow);
            _metrics.SessionRejected();
            token = await _authenticator.RenewAsync(token, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(token, method, path, json, headers, retrySafe, cancellationToken).ConfigureAwait(false);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            _logger.RequestFailed(method, StripQuery(path), response.StatusCode, error.ErrorCode, error.ErrorMessage);
            throw error;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        SalesforceToken token,
        HttpMethod method,
        string path,
        ReadOnlyMemory<byte>? json,
        IReadOnlyDictionary<string, string>? headers,
        bool retrySafe,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(token.InstanceUrl, path));
        if (retrySafe)
        {
            request.Options.Set(SalesforceHttp.RetrySafe, true);
        }

        request.Headers.Authorization = new("Bearer", token.AccessToken);
        request.Headers.Accept.Add(new("application/json"));
        if (json is { } content)
        {
            request.Content = JsonBodies.Content(content);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = _httpClientFactory.CreateClient(SalesforceHttp.ClientName);
        HttpResponseMessage response;
        try
        {
            // The body is read by the caller (JsonBodies.ReadAsync), not buffered by HttpClient in pooled arrays.
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No answer arrived (after the retries the request allowed): one exception type for callers to handle.
            _logger.RequestFailed(method, StripQuery(path), 0, SalesforceApiException.ConnectionFailedCode, e.Message);
            throw SalesforceApiException.ConnectionFailed(e);
        }

        _metrics.RequestAnswered(method, response.StatusCode);
        RecordApiUsage(response);
        return response;
    }

    private void RecordApiUsage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Sforce-Limit-Info", out var values))
        {
            return;
        }

        var usage = ApiUsage.Parse(string.Join(',', values));
        if (usage is null)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _apiUsage, usage);
        // Warn once when usage crosses 90% of the daily allowance, not on every call after it.
        var threshold = usage.Max * 9 / 10;
        if (usage.Used >= threshold && (previous is null || previous.Used < threshold))
        {
            _logger.ApiUsageHigh(usage.Used, usage.Max);
        }
    }

    private static async Task<SalesforceApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The error's body broke off (the response is read as it arrives): a failed connection, as for any answer.
            return SalesforceApiException.ConnectionFailed(e);
        }

        return SalesforceApiException.FromBody(response.StatusCode, body);
    }

    private static string StripQuery(string path)
    {
        // Query strings carry SOQL, which may hold customer data; the path is enough to diagnose.
        var question = path.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? path : path[..question];
    }

    private static T Deserialize<T>(JsonNode? node, string what) =>
        node.Deserialize<T>(JsonOptions) ?? throw new SalesforceApiException(
            HttpStatusCode.OK, [new SalesforceError("UNEXPECTED_RESPONSE", $"The {what} response was empty.", [])], null);
}
