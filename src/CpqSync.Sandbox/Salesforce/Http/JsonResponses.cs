using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Salesforce.Http;

internal static class JsonResponses
{
    public const string ContentType = "application/json;charset=UTF-8";

    // Salesforce writes quotes, apostrophes and non-ASCII text as they are, not as \u escapes.
    private static readonly JsonSerializerOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions PrettyWriter = new(Writer) { WriteIndented = true };

    public static Task WriteJsonAsync(this HttpResponse response, int statusCode, JsonNode? body, CancellationToken cancellationToken) =>
        response.WriteJsonAsync(statusCode, body, pretty: false, cancellationToken);

    /// <summary>Writes <paramref name="body"/>, indented when <paramref name="pretty"/> (Salesforce's <c>X-PrettyPrint: 1</c>).</summary>
    public static async Task WriteJsonAsync(
        this HttpResponse response, int statusCode, JsonNode? body, bool pretty, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        if (body is null)
        {
            return;
        }

        response.ContentType = ContentType;
        await response.WriteAsync(body.ToJsonString(pretty ? PrettyWriter : Writer), cancellationToken);
    }

    /// <summary>Salesforce's REST error array: <c>[{"message":"…","errorCode":"…"}]</c>.</summary>
    public static JsonArray ErrorArray(IEnumerable<SalesforceError> errors) =>
        new(errors.Select(e =>
        {
            var item = new JsonObject { ["message"] = e.Message, ["errorCode"] = e.ErrorCode };
            if (e.Fields.Count > 0)
            {
                item["fields"] = new JsonArray(e.Fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
            }

            return (JsonNode?)item;
        }).ToArray());

    public static JsonArray ErrorArray(string errorCode, string message) => ErrorArray([new SalesforceError(errorCode, message)]);
}
