using System.Net.Http.Headers;
using System.Text;
using CpqSync.Sandbox.Salesforce.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>Salesforce's OAuth 2.0 endpoints under <c>/services/oauth2/</c> and the identity URL <c>/id/{orgId}/{userId}</c>.</summary>
internal static class OAuthEndpoints
{
    public static void MapSalesforceOAuth(this IEndpointRouteBuilder app, SandboxContext context)
    {
        var grants = new TokenGrants(context);
        app.MapPost("/services/oauth2/token", (HttpContext http) => TokenAsync(http, grants));
        app.MapGet("/services/oauth2/authorize", (HttpContext http) => ShowConsentAsync(http, context, grants));
        app.MapPost("/services/oauth2/authorize", (HttpContext http) => DecideAsync(http, context, grants));
        app.MapMethods("/services/oauth2/revoke", ["GET", "POST"], (HttpContext http) => RevokeAsync(http, context));
        app.MapMethods("/services/oauth2/userinfo", ["GET", "POST"], (HttpContext http) =>
            IdentityAsync(http, context, null, null, http.RequestAborted));
        app.MapMethods("/id/{organizationId}/{userId}", ["GET", "POST"], (HttpContext http, string organizationId, string userId) =>
            IdentityAsync(http, context, organizationId, userId, http.RequestAborted));
    }

    private static async Task TokenAsync(HttpContext http, TokenGrants grants)
    {
        var cancellationToken = http.RequestAborted;
        var form = await ReadParametersAsync(http.Request, cancellationToken);
        AddBasicClientCredentials(http.Request, form);
        http.Response.Headers.CacheControl = "no-cache,must-revalidate,max-age=0,no-store,private";
        try
        {
            await http.Response.WriteJsonAsync(StatusCodes.Status200OK, grants.Grant(form), cancellationToken);
        }
        catch (OAuthError error)
        {
            await http.Response.WriteJsonAsync(StatusCodes.Status400BadRequest, error.ToJson(), cancellationToken);
        }
    }

    private static async Task ShowConsentAsync(HttpContext http, SandboxContext context, TokenGrants grants)
    {
        var parameters = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (await RejectAsync(http, grants, parameters))
        {
            return;
        }

        http.Response.ContentType = "text/html;charset=UTF-8";
        await http.Response.WriteAsync(AuthorizePage.Render("CpqSync", context.Credentials.Username, parameters), http.RequestAborted);
    }

    private static async Task DecideAsync(HttpContext http, SandboxContext context, TokenGrants grants)
    {
        var parameters = await ReadParametersAsync(http.Request, http.RequestAborted);
        if (await RejectAsync(http, grants, parameters))
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
    private static async Task<bool> RejectAsync(HttpContext http, TokenGrants grants, IReadOnlyDictionary<string, string> parameters)
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
            await http.Response.WriteAsync(error, http.RequestAborted);
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

    private static async Task RevokeAsync(HttpContext http, SandboxContext context)
    {
        var parameters = await ReadParametersAsync(http.Request, http.RequestAborted);
        var token = parameters.GetValueOrDefault("token");
        if (token is null || !context.Tokens.Revoke(token))
        {
            var error = new OAuthError("invalid_token", "invalid token: " + (token ?? ""));
            await http.Response.WriteJsonAsync(StatusCodes.Status400BadRequest, error.ToJson(), http.RequestAborted);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task IdentityAsync(
        HttpContext http, SandboxContext context, string? organizationId, string? userId, CancellationToken cancellationToken)
    {
        if (RestAuthentication.FindSession(http.Request, context) is null)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "text/plain;charset=UTF-8";
            await http.Response.WriteAsync("Bad_OAuth_Token", cancellationToken);
            return;
        }

        var info = context.Org.Info;
        if (organizationId is not null && (organizationId[..Math.Min(15, organizationId.Length)] != info.OrganizationId[..15]
            || userId?[..Math.Min(15, userId.Length)] != info.ApiUser.Id[..15]))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/plain;charset=UTF-8";
            await http.Response.WriteAsync("Bad_Id", cancellationToken);
            return;
        }

        var body = organizationId is null ? IdentityDocuments.UserInfo(context) : IdentityDocuments.Identity(context);
        await http.Response.WriteJsonAsync(StatusCodes.Status200OK, body, cancellationToken);
    }

    /// <summary>The request's parameters: the query string, then the form body (which wins).</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                parameters[key] = value.ToString();
            }
        }

        return parameters;
    }

    /// <summary>Clients may authenticate with HTTP Basic (client_secret_basic) instead of form fields.</summary>
    private static void AddBasicClientCredentials(HttpRequest request, Dictionary<string, string> form)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
            if (pair.Length == 2)
            {
                form.TryAdd("client_id", Uri.UnescapeDataString(pair[0]));
                form.TryAdd("client_secret", Uri.UnescapeDataString(pair[1]));
            }
        }
        catch (FormatException)
        {
            // A malformed Basic header is ignored: the request then fails on the missing client id.
        }
    }
}
