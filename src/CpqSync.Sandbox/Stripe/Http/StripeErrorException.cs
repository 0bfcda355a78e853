using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// An expected failure the emulated API answers with Stripe's error object:
/// <c>{"error":{"type","code","param","message","doc_url"}}</c> and an HTTP status.
/// </summary>
internal sealed class StripeErrorException : Exception
{
    public StripeErrorException(int statusCode, string type, string message, string? code = null, string? param = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Code = code;
        Param = param;
    }

    public int StatusCode { get; }

    /// <summary><c>invalid_request_error</c>, <c>api_error</c>, <c>idempotency_error</c>, <c>authentication_error</c>…</summary>
    public string Type { get; }

    public string? Code { get; }

    public string? Param { get; }

    /// <summary>A 400 <c>invalid_request_error</c>, the answer to most bad requests.</summary>
    public static StripeErrorException Invalid(string message, string? param = null, string? code = null) =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeErrorException Missing(string param) =>
        Invalid($"Missing required param: {param}.", param, "parameter_missing");

    public static StripeErrorException Unknown(string param) =>
        Invalid($"Received unknown parameter: {param}", param, "parameter_unknown");

    public static StripeErrorException Empty(string param) => Invalid(
        $"You passed an empty string for '{param}'. We assume empty values are an attempt to unset a parameter; " +
        $"however '{param}' cannot be unset. You should remove '{param}' from your request or supply a non-empty value.",
        param,
        "parameter_invalid_empty");

    /// <summary>404 <c>resource_missing</c>: "No such customer: 'cus_x'".</summary>
    public static StripeErrorException NoSuch(string noun, string id, string? param = "id") =>
        new(404, "invalid_request_error", $"No such {noun}: '{id}'", "resource_missing", param);

    public JsonObject ToJson(string requestId)
    {
        var error = new JsonObject
        {
            ["message"] = Message,
            ["request_log_url"] = $"https://dashboard.stripe.com/test/logs/{requestId}",
            ["type"] = Type,
        };
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";
        }

        if (Param is not null)
        {
            error["param"] = Param;
        }

        return new JsonObject { ["error"] = error };
    }
}
