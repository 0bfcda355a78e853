using System.Security.Claims;
using CpqSync.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace CpqSync.Web.Security;

/// <summary>
/// Who may do what: a signed-in user reads everything, an admin also changes things (any request other than GET or
/// HEAD), and nobody signed out gets past the login page except to <see cref="WebApp.AnonymousPaths"/>.
/// </summary>
internal sealed class WebAccessRequirement : IAuthorizationRequirement;

internal sealed class WebAccessHandler : AuthorizationHandler<WebAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WebAccessRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (http is not null && WebApp.AnonymousPaths.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            context.Succeed(requirement);
        }
        else if (context.User.Identity?.IsAuthenticated == true
            && (http is null || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || context.User.IsInRole(nameof(WebRole.Admin))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

internal static class WebAccess
{
    /// <summary>Only a signed-in user, whatever the role and method (signing out).</summary>
    public const string SignedIn = "SignedIn";

    public const string UserIdClaim = "cpqsync:user";

    public static ClaimsPrincipal Principal(WebUser user) => new(new ClaimsIdentity(
        [
            new Claim(UserIdClaim, user.Id.ToString("D")),
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(nameof(WebRole.Admin));

    // Pages redirect to the login page; fragments fetched by script and API calls get a plain 401 to act on.
    public static Task OnRedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsPageRequest(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        return Task.CompletedTask;
    }

    public static async Task OnAccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("Forbidden: this change needs the admin role.", context.HttpContext.RequestAborted);
    }

    // A deleted account, or one whose role changed, does not keep its old session.
    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(UserIdClaim);
        var users = context.HttpContext.RequestServices.GetRequiredService<IWebUserStore>();
        var user = Guid.TryParse(id, out var userId) ? await users.GetUserAsync(userId, context.HttpContext.RequestAborted) : null;
        if (user is null || !context.Principal!.IsInRole(user.Role.ToString()))
        {
            context.RejectPrincipal();
        }
    }

    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Query.ContainsKey("handler")
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
