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

    // Record-save failures always carry "fields" (possibly empty); session, routing, parsing and query errors have none.
    private static readonly HashSet<string> SaveErrorCodes = new(StringComparer.Ordinal)
    {
        "REQUIRED_FIELD_MISSING", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "STRING_TOO_LONG", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "DUPLICATE_VALUE", "INVALID_CROSS_REFERENCE_KEY", "FIELD_INTEGRITY_EXCEPTION", "STANDARD_PRICE_NOT_DEFINED",
        "INVALID_FIELD_FOR_INSERT_UPDATE", "ENTITY_IS_DELETED", "INVALID_OPERATION", "INVALID_TYPE_ON_FIELD_IN_RECORD",
    };

    /// <summary>Salesforce's REST error array: <c>[{"message":"…","errorCode":"…","fields":[…]}]</c>.</summary>
    public static JsonArray ErrorArray(IEnumerable<SalesforceError> errors) =>
        new(errors.Select(e =>
        {
            var item = new JsonObject { ["message"] = e.Message, ["errorCode"] = e.ErrorCode };
            if (e.Fields.Count > 0 || SaveErrorCodes.Contains(e.ErrorCode))
            {
                item["fields"] = new JsonArray(e.Fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
            }

            return (JsonNode?)item;
        }).ToArray());

    public static JsonArray ErrorArray(string errorCode, string message) => ErrorArray([new SalesforceError(errorCode, message)]);
}
