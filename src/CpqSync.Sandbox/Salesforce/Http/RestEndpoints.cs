using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Stats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// The REST API's HTTP face under <c>/services/data</c>: injected faults, version, session, daily limit, JSON body,
/// then the <see cref="RestRouter"/>. Any other unknown path gets 404 NOT_FOUND.
/// </summary>
internal static class RestEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"];

    public static void MapSalesforceRest(this IEndpointRouteBuilder app, SandboxContext context)
    {
        var router = new RestRouter(context);
        app.MapMethods("/services/data/{**path}", Methods, (HttpContext http) => HandleAsync(http, context, router, http.RequestAborted));
        app.MapFallback((HttpContext http) => http.Response.WriteJsonAsync(
            StatusCodes.Status404NotFound, JsonResponses.ErrorArray(RestErrors.NotFound().Errors), http.RequestAborted));
    }

    private static async Task HandleAsync(HttpContext http, SandboxContext context, RestRouter router, CancellationToken cancellationToken)
    {
        var (segments, query) = ParseTarget(http);
        var call = http.Features.Get<CountedCall>();
        if (call is not null)
        {
            call.Route = router.Template(HttpMethods.IsHead(http.Request.Method) ? "GET" : http.Request.Method.ToUpperInvariant(), segments);
        }

        if (await InjectFaultAsync(http, context.Faults, context.Time, cancellationToken))
        {
            return;
        }

        if (segments.Length == 0)
        {
            await http.Response.WriteJsonAsync(StatusCodes.Status200OK, ApiVersions.List(), cancellationToken);
            return;
        }

        RestResponse response;
        try
        {
            var request = await AdmitAsync(http, context, segments, query, cancellationToken);
            if (call is not null)
            {
                (call.Subrequests, call.Records) = RestCallSize.Of(request);
            }

            // The request's DML is the session user's, through the REST API: what its change events report.
            using var origin = DmlOrigin.Use(DmlOrigin.Rest(
                RestAuthentication.FindSession(http.Request, context)?.UserId ?? context.Org.Info.ApiUser.Id, request.Version,
                CallOptionsClient(http.Request)));
            response = router.Dispatch(request);
        }
        catch (SalesforceErrorException e)
        {
            response = RestResponse.Error(e);
        }

        if (response.Location is not null)
        {
            http.Response.Headers.Location = response.Location;
        }

        if (response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Token";
        }

        var pretty = http.Request.Headers["X-PrettyPrint"] == "1";
        await http.Response.WriteJsonAsync(response.StatusCode, response.Body, pretty, cancellationToken);
    }

    /// <summary>Checks version, session and daily limit (in Salesforce's order) and reads the body.</summary>
    private static async Task<RestRequest> AdmitAsync(
        HttpContext http, SandboxContext context, string[] segments, Dictionary<string, string> query, CancellationToken cancellationToken)
    {
        if (!ApiVersions.TryParse(segments[0], out var version))
        {
            throw RestErrors.NotFound();
        }

        if (RestAuthentication.FindSession(http.Request, context) is null)
        {
            throw RestErrors.InvalidSession();
        }

        if (!context.Usage.TryConsume())
        {
            throw RestErrors.LimitExceeded();
        }

        http.Features.Get<CountedCall>()?.ApiUsage = 1;

        var body = await ReadBodyAsync(http.Request, cancellationToken);
        // HEAD is answered as GET; Kestrel sends the headers only.
        var method = HttpMethods.IsHead(http.Request.Method) ? "GET" : http.Request.Method.ToUpperInvariant();
        return new RestRequest(method, version, segments[1..], query, body, BatchSize(http.Request));
    }

    private static async Task<bool> InjectFaultAsync(
        HttpContext http, SalesforceFaults faults, TimeProvider time, CancellationToken cancellationToken)
    {
        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, cancellationToken);
        }

        if (Random.Shared.NextDouble() < faults.DropRate)
        {
            http.Abort();
            return true;
        }

        if (Random.Shared.NextDouble() < faults.ErrorRate)
        {
            var unavailable = Random.Shared.Next(2) == 0;
            var body = unavailable
                ? JsonResponses.ErrorArray("SERVER_UNAVAILABLE", "Server too busy")
                : JsonResponses.ErrorArray("UNKNOWN_EXCEPTION",
                    "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)");
            await http.Response.WriteJsonAsync(unavailable ? 503 : 500, body, cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>Path segments after <c>/services/data</c> and the query string, decoded from the raw request target.</summary>
    private static (string[] Segments, Dictionary<string, string> Query) ParseTarget(HttpContext http)
    {
        var raw = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? raw : raw[..question];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(Uri.UnescapeDataString).ToArray();
        var query = QueryHelpers.ParseQuery(question < 0 ? "" : raw[question..])
            .ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        return (segments, query);
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw RestErrors.BadJson($"Unexpected character in the request body: {e.Message}");
        }
    }

    /// <summary>The <c>client</c> of the <c>Sforce-Call-Options</c> header, if given.</summary>
    private static string? CallOptionsClient(HttpRequest request) =>
        request.Headers["Sforce-Call-Options"].ToString().Split(',', StringSplitOptions.TrimEntries)
            .Select(o => o.Split('=', 2, StringSplitOptions.TrimEntries))
            .FirstOrDefault(p => p.Length == 2 && string.Equals(p[0], "client", StringComparison.OrdinalIgnoreCase))?[1];

    /// <summary>The <c>batchSize</c> of the <c>Sforce-Query-Options</c> header, if given.</summary>
    private static int? BatchSize(HttpRequest request)
    {
        foreach (var option in request.Headers["Sforce-Query-Options"].ToString().Split(',', StringSplitOptions.TrimEntries))
        {
            var pair = option.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && string.Equals(pair[0], "batchSize", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
        }

        return null;
    }
}
