using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// One REST API call below <c>/services/data/vNN.0/</c>, already authenticated and counted: from HTTP, or a
/// subrequest of a composite request.
/// </summary>
internal sealed record RestRequest(
    string Method,
    string Version,
    string[] Segments,
    IReadOnlyDictionary<string, string> Query,
    JsonNode? Body,
    int? BatchSize = null);

internal sealed record RestResponse(int StatusCode, JsonNode? Body, string? Location = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public static RestResponse Error(SalesforceErrorException error) =>
        new(error.StatusCode, JsonResponses.ErrorArray(error.Errors));

    public static RestResponse Ok(JsonNode body) => new(200, body);
}
