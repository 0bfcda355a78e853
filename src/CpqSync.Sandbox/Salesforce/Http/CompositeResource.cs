using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// <c>composite</c>: up to 25 subrequests run in order in one call, later ones referring to earlier results with
/// <c>@{referenceId.field}</c>; with <c>allOrNone</c> one failure rolls back the whole request.
/// </summary>
internal sealed class CompositeResource(SalesforceOrg org, Func<RestRequest, RestResponse> dispatch)
{
    private const int MaxSubrequests = 25;

    // Of the 25, at most 5 may be queries or sObject Collections requests.
    private const int MaxQueriesAndCollections = 5;
    private const string Halted = "The transaction was rolled back since another operation in the same transaction failed.";

    public RestResponse Execute(RestRequest request)
    {
        if (request.Body is not JsonObject body || body["compositeRequest"] is not JsonArray subrequests)
        {
            throw request.Body is null ? RestErrors.NoBody() : RestErrors.BadJson("Missing compositeRequest");
        }

        if (subrequests.Count > MaxSubrequests)
        {
            throw new SalesforceErrorException(400, "LIMIT_EXCEEDED", $"Exceeded max limit of subrequests ({MaxSubrequests})");
        }

        var heavy = subrequests.Count(s => (string?)s?["url"] is { } url && IsQueryOrCollection(url));
        if (heavy > MaxQueriesAndCollections)
        {
            throw new SalesforceErrorException(400, "LIMIT_EXCEEDED",
                $"Exceeded max limit of {MaxQueriesAndCollections} query or sObject Collections subrequests");
        }

        var allOrNone = body["allOrNone"] is JsonValue flag && flag.TryGetValue<bool>(out var value) && value;
        var responses = org.Transaction(tx =>
        {
            var results = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var answered = new List<(string ReferenceId, RestResponse Response)>();
            var failed = false;
            foreach (var node in subrequests)
            {
                var sub = node as JsonObject ?? throw RestErrors.BadJson("Each subrequest must be a JSON object");
                var referenceId = (string?)sub["referenceId"] ?? "";
                if (failed && allOrNone)
                {
                    answered.Add((referenceId, HaltedResponse()));
                    continue;
                }

                var response = Run(sub, results);
                answered.Add((referenceId, response));
                if (response.IsSuccess)
                {
                    results[referenceId] = response.Body;
                }
                else
                {
                    failed = true;
                }
            }

            if (failed && allOrNone)
            {
                tx.MarkRollback();
                answered = answered.Select(a => a.Response.IsSuccess ? (a.ReferenceId, HaltedResponse()) : a).ToList();
            }

            return answered;
        });

        return RestResponse.Ok(new JsonObject
        {
            ["compositeResponse"] = new JsonArray(responses.Select(r => (JsonNode?)ToJson(r.ReferenceId, r.Response)).ToArray()),
        });
    }

    private RestResponse Run(JsonObject sub, Dictionary<string, JsonNode?> results)
    {
        try
        {
            var method = ((string?)sub["method"] ?? "GET").ToUpperInvariant();
            var url = CompositeReferences.Resolve((string?)sub["url"] ?? "", results);
            var body = CompositeReferences.Resolve(sub["body"], results);
            var subrequest = Parse(method, url, body);
            if (subrequest.Segments is ["composite"])
            {
                throw new SalesforceErrorException(400, "INVALID_API_INPUT", "A composite request can't contain another composite request");
            }

            return dispatch(subrequest);
        }
        catch (SalesforceErrorException e)
        {
            return RestResponse.Error(e);
        }
    }

    private static RestRequest Parse(string method, string url, JsonNode? body)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? url : url[..question];
        var query = question < 0
            ? new Dictionary<string, string>()
            : QueryHelpers.ParseQuery(url[question..]).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is not ["services", "data", var versionSegment, ..] || !ApiVersions.TryParse(versionSegment, out var subVersion))
        {
            throw RestErrors.NotFound();
        }

        return new RestRequest(method, subVersion, segments[3..], query, body);
    }

    private static bool IsQueryOrCollection(string url)
    {
        var path = url.Split('?', 2)[0];
        return path.Contains("/query", StringComparison.Ordinal) || path.Contains("/composite/sobjects", StringComparison.Ordinal);
    }

    private static RestResponse HaltedResponse() => new(400, JsonResponses.ErrorArray("PROCESSING_HALTED", Halted));

    private static JsonObject ToJson(string referenceId, RestResponse response)
    {
        var headers = new JsonObject();
        if (response.Location is not null)
        {
            headers["Location"] = response.Location;
        }

        return new JsonObject
        {
            ["body"] = response.Body?.DeepClone(),
            ["httpHeaders"] = headers,
            ["httpStatusCode"] = response.StatusCode,
            ["referenceId"] = referenceId,
        };
    }
}
