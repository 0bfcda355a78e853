using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>
/// An OAuth failure as Salesforce answers it: HTTP 400 <c>{"error":"invalid_grant","error_description":"authentication failure"}</c>.
/// </summary>
internal sealed class OAuthError(string error, string description) : Exception($"{error}: {description}")
{
    public string Error { get; } = error;
    public string Description { get; } = description;

    public JsonObject ToJson() => new() { ["error"] = Error, ["error_description"] = Description };

    public static OAuthError InvalidClientId() => new("invalid_client_id", "client identifier invalid");
    public static OAuthError InvalidClientCredentials() => new("invalid_client", "invalid client credentials");
    public static OAuthError AuthenticationFailure() => new("invalid_grant", "authentication failure");
    public static OAuthError ExpiredRefreshToken() => new("invalid_grant", "expired access/refresh token");
    public static OAuthError InvalidCode() => new("invalid_grant", "invalid authorization code");
    public static OAuthError InvalidCodeVerifier() => new("invalid_grant", "invalid code verifier");
    public static OAuthError RedirectMismatch() => new("redirect_uri_mismatch", "redirect_uri must match configuration");
    public static OAuthError UnsupportedGrantType() => new("unsupported_grant_type", "grant type not supported");
    public static OAuthError InvalidAssertion() => new("invalid_grant", "invalid assertion");
}
