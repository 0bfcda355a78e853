using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>Writes JSON bodies and Stripe's error object.</summary>
internal static class StripeResponses
{
    public const string RequestIdItem = "StripeRequestId";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string RequestId(HttpContext context) => (string)context.Items[RequestIdItem]!;

    public static Task WriteJsonAsync(HttpContext context, int statusCode, string json, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, Encoding.UTF8, cancellationToken);
    }

    public static Task WriteErrorAsync(HttpContext context, StripeErrorException error, CancellationToken cancellationToken) =>
        WriteJsonAsync(context, error.StatusCode, Serialize(error.ToJson(RequestId(context))), cancellationToken);

    public static string Serialize(JsonNode node) => node.ToJsonString(Indented);
}
