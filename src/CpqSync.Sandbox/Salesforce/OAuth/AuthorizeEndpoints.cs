using CpqSync.Sandbox.Salesforce.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>
/// <c>/services/oauth2/authorize</c> of the web server flow: GET shows the consent page, POST (its Allow or Deny
/// button) redirects to the callback with <c>code</c> and <c>state</c>, or with <c>error=access_denied</c>.
/// </summary>
internal static class AuthorizeEndpoints
{
    public static async Task ShowConsentAsync(
        HttpContext http, SandboxContext context, TokenGrants grants, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (await RejectAsync(http, grants, parameters, cancellationToken))
        {
            return;
        }

        http.Response.ContentType = "text/html;charset=UTF-8";
        await http.Response.WriteAsync(AuthorizePage.Render("CpqSync", context.Credentials.Username, parameters), cancellationToken);
    }

    public static async Task DecideAsync(HttpContext http, SandboxContext context, TokenGrants grants, CancellationToken cancellationToken)
    {
        var parameters = await OAuthEndpoints.ReadParametersAsync(http.Request, cancellationToken);
        if (await RejectAsync(http, grants, parameters, cancellationToken))
        {
            return;
        }

        var redirectUri = parameters["redirect_uri"];
        var answer = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (parameters.GetValueOrDefault("decision") == "allow")
        {
            var challenge = parameters.GetValueOrDefault("code_challenge");
            answer["code"] = context.Tokens.IssueCode(new AuthorizationCode(
                parameters["client_id"],
                redirectUri,
                parameters.GetValueOrDefault("scope") is { Length: > 0 } scope ? scope : "api id refresh_token",
                string.IsNullOrEmpty(challenge) ? null : challenge,
                parameters.GetValueOrDefault("code_challenge_method") ?? "plain",
                default));
        }
        else
        {
            answer["error"] = "access_denied";
            answer["error_description"] = "end-user denied authorization";
        }

        if (parameters.TryGetValue("state", out var state))
        {
            answer["state"] = state;
        }

        http.Response.Redirect(QueryHelpers.AddQueryString(redirectUri, answer));
    }

    /// <summary>Answers bad authorize requests: unknown app or callback on an error page, other errors at the callback.</summary>
    private static async Task<bool> RejectAsync(
        HttpContext http, TokenGrants grants, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            grants.CheckClientId(parameters.GetValueOrDefault("client_id"));
            if (!grants.IsCallbackAllowed(parameters.GetValueOrDefault("redirect_uri")))
            {
                error = AuthorizePage.Error("redirect_uri_mismatch", "redirect_uri must match configuration");
            }
        }
        catch (OAuthError e)
        {
            error = AuthorizePage.Error(e.Error, e.Description);
        }

        if (error is not null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/html;charset=UTF-8";
            await http.Response.WriteAsync(error, cancellationToken);
            return true;
        }

        if (parameters.GetValueOrDefault("response_type") != "code")
        {
            var answer = new Dictionary<string, string?>
            {
                ["error"] = "unsupported_response_type",
                ["error_description"] = "response type not supported",
                ["state"] = parameters.GetValueOrDefault("state"),
            };
            http.Response.Redirect(QueryHelpers.AddQueryString(parameters["redirect_uri"], answer));
            return true;
        }

        return false;
    }
}
