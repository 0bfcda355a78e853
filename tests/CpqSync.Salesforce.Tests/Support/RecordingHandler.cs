using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CpqSync.Salesforce.Tests.Support;

/// <summary>
/// Records every request the client sends and answers from a script. Used only to assert the exact shape of
/// requests and the retry decisions; behaviour is tested against the sandbox.
/// </summary>
internal sealed class RecordingHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> ApiRequests => Requests.Where(r => !r.Uri.AbsolutePath.StartsWith("/services/oauth2/", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<RecordedRequest> TokenRequests => Requests.Where(r => r.Uri.AbsolutePath == "/services/oauth2/token").ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.Parameter,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            body);
        Requests.Enqueue(recorded);
        var response = respond(recorded);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Token(string accessToken, string instanceUrl = "https://acme.my.example.test") =>
        Json($$"""
            {"access_token":"{{accessToken}}","instance_url":"{{instanceUrl}}","id":"https://login.example.test/id/00D000000000001AAA/005000000000001AAA",
             "token_type":"Bearer","issued_at":"1767225600000","signature":"c2ln"}
            """);

    public static HttpResponseMessage Error(HttpStatusCode status, string errorCode, string message) =>
        Json($$"""[{"message":"{{message}}","errorCode":"{{errorCode}}"}]""", status);
}

internal sealed record RecordedRequest(
    HttpMethod Method, Uri Uri, string? BearerToken, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public IReadOnlyDictionary<string, string> Form =>
        (Body ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
}
