using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// How much one REST call asks for, for <c>/_sandbox/stats</c>: the subrequests of a <c>composite</c> call and the records
/// (or ids) of the sObject Collections calls, sent directly or as composite subrequests. Read from the request as sent.
/// </summary>
internal static class RestCallSize
{
    public static (int Subrequests, int Records) Of(RestRequest request)
    {
        if (request.Segments is ["composite"])
        {
            if (request.Body is not JsonObject body || body["compositeRequest"] is not JsonArray subrequests)
            {
                return (0, 0);
            }

            var records = 0;
            foreach (var sub in subrequests.OfType<JsonObject>())
            {
                if (sub["url"] is JsonValue url && url.TryGetValue<string>(out var target))
                {
                    records += SubrequestRecords(target, sub["body"]);
                }
            }

            return (subrequests.Count, records);
        }

        return (0, IsCollection(request.Segments) ? Records(request.Query.GetValueOrDefault("ids"), request.Body) : 0);
    }

    private static int SubrequestRecords(string url, JsonNode? body)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var segments = (question < 0 ? url : url[..question]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["services", "data", _, .. var resource] || !IsCollection(resource))
        {
            return 0;
        }

        var ids = question < 0 ? null : QueryHelpers.ParseQuery(url[question..]).GetValueOrDefault("ids").ToString();
        return Records(ids, body);
    }

    private static bool IsCollection(string[] resource) => resource is ["composite", "sobjects", ..];

    /// <summary>The records of a create, update or upsert body, else the ids of a retrieve (body or query) or delete.</summary>
    private static int Records(string? ids, JsonNode? body) => body switch
    {
        JsonObject { } json when json["records"] is JsonArray records => records.Count,
        JsonObject { } json when json["ids"] is JsonArray list => list.Count,
        _ when !string.IsNullOrEmpty(ids) => ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Length,
        _ => 0,
    };
}
