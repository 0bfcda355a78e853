using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

/// <summary>
/// One subrequest of a composite request. <paramref name="Url"/> is a REST path relative to the data path
/// (<c>sobjects/Order</c>) and may refer to earlier results as <c>@{referenceId.id}</c>.
/// </summary>
public sealed record CompositeSubrequest(HttpMethod Method, string Url, string ReferenceId, JsonObject? Body = null);

/// <summary>The answer to one subrequest: its HTTP status and body (a record, a save result or an error array).</summary>
public sealed record CompositeSubresponse(string ReferenceId, HttpStatusCode StatusCode, JsonNode? Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The subrequest's error array as an exception, or null when it succeeded.</summary>
    public SalesforceApiException? Error => IsSuccess ? null : SalesforceApiException.FromBody(StatusCode, Body?.ToJsonString() ?? "[]");
}
