using System.Net.Http.Headers;
using CpqSync.Sandbox.Salesforce.OAuth;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Salesforce.Http;

internal static class RestAuthentication
{
    /// <summary>
    /// The session of the request's <c>Authorization: Bearer</c> (or <c>OAuth</c>) token, or null when missing, expired or revoked.
    /// </summary>
    public static AccessSession? FindSession(HttpRequest request, SandboxContext context)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return null;
        }

        var isBearer = string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.Equals(header.Scheme, "OAuth", StringComparison.OrdinalIgnoreCase);
        return isBearer ? context.Tokens.FindSession(header.Parameter) : null;
    }
}
