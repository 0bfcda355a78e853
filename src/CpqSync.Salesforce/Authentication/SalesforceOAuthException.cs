using System.Net;
using System.Text.Json;

namespace CpqSync.Salesforce.Authentication;

/// <summary>
/// The OAuth token endpoint refused a grant: <c>{"error":"invalid_grant","error_description":"authentication failure"}</c>.
/// </summary>
/// <remarks>
/// Transient only for throttling and server errors, by the same rule as every Salesforce failure
/// (<see cref="SalesforceTransience"/>): wrong credentials stay wrong, so callers should not retry.
/// </remarks>
public sealed class SalesforceOAuthException : Exception
{
    public SalesforceOAuthException(HttpStatusCode statusCode, string error, string? errorDescription)
        : base($"Salesforce refused the OAuth request ({(int)statusCode} {error}): {errorDescription}")
    {
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The OAuth error code, such as <c>invalid_grant</c>, <c>invalid_client_id</c> or <c>invalid_client</c>.</summary>
    public string Error { get; }

    public string? ErrorDescription { get; }

    /// <summary><see cref="SalesforceTransience"/>'s verdict on the status: the token endpoint's throttling and outages pass on their own.</summary>
    public bool IsTransient => SalesforceTransience.IsTransient(StatusCode);

    internal static SalesforceOAuthException FromBody(HttpStatusCode statusCode, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                var description = root.TryGetProperty("error_description", out var d) ? d.GetString() : null;
                return new SalesforceOAuthException(statusCode, error.GetString() ?? "unknown_error", description);
            }
        }
        catch (JsonException)
        {
            // Fall through: not an OAuth error document.
        }

        return new SalesforceOAuthException(statusCode, "unknown_error", $"HTTP {(int)statusCode} without an OAuth error body");
    }
}
