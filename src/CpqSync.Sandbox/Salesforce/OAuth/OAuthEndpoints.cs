using System.Net.Http.Headers;
using System.Text;
using CpqSync.Sandbox.Salesforce.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>Salesforce's OAuth 2.0 endpoints under <c>/services/oauth2/</c> and the identity URL <c>/id/{orgId}/{userId}</c>.</summary>
internal static class OAuthEndpoints
{
    public static void MapSalesforceOAuth(this IEndpointRouteBuilder app, SandboxContext context)
    {
        var grants = new TokenGrants(context);
        app.MapPost("/services/oauth2/token", (HttpContext http) => TokenAsync(http, grants, http.RequestAborted));
        app.MapGet("/services/oauth2/authorize", (HttpContext http) =>
            AuthorizeEndpoints.ShowConsentAsync(http, context, grants, http.RequestAborted));
        app.MapPost("/services/oauth2/authorize", (HttpContext http) =>
            AuthorizeEndpoints.DecideAsync(http, context, grants, http.RequestAborted));
        app.MapMethods("/services/oauth2/revoke", ["GET", "POST"], (HttpContext http) => RevokeAsync(http, context, http.RequestAborted));
        app.MapMethods("/services/oauth2/userinfo", ["GET", "POST"], (HttpContext http) =>
            IdentityAsync(http, context, null, null, http.RequestAborted));
        app.MapMethods("/id/{organizationId}/{userId}", ["GET", "POST"], (HttpContext http, string organizationId, string userId) =>
            IdentityAsync(http, context, organizationId, userId, http.RequestAborted));
    }

    private static async Task TokenAsync(HttpContext http, TokenGrants grants, CancellationToken cancellationToken)
    {
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

    private static async Task RevokeAsync(HttpContext http, SandboxContext context, CancellationToken cancellationToken)
    {
        var parameters = await ReadParametersAsync(http.Request, cancellationToken);
        var token = parameters.GetValueOrDefault("token");
        if (token is null || !context.Tokens.Revoke(token))
        {
            var error = new OAuthError("invalid_token", "invalid token: " + (token ?? ""));
            await http.Response.WriteJsonAsync(StatusCodes.Status400BadRequest, error.ToJson(), cancellationToken);
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
    internal static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
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
