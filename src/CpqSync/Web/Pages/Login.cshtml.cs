using CpqSync.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>Sign-in (anonymous, see <see cref="WebApp"/>); on the first run (no account yet) it creates the admin account instead.</summary>
public sealed class LoginModel(WebAccounts accounts) : PageModel
{
    public bool FirstRun { get; private set; }

    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        FirstRun = !await accounts.AnyUserAsync(cancellationToken);
        return User.Identity?.IsAuthenticated == true && !FirstRun ? LocalRedirect(ReturnUrl) : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        UserName = userName;
        var user = string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            ? null
            : await accounts.VerifyAsync(userName, password, cancellationToken);
        if (user is null)
        {
            FirstRun = !await accounts.AnyUserAsync(cancellationToken);
            Error = "The user name or the password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebAccess.Principal(user));
        return LocalRedirect(ReturnUrl);
    }

    public async Task<IActionResult> OnPostCreateAdminAsync(
        string? userName, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        UserName = userName;
        FirstRun = true;
        Error = string.IsNullOrWhiteSpace(userName) ? "Enter a user name." : WebAccounts.CheckPassword(password, confirmation);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var admin = await accounts.CreateFirstAdminAsync(userName!, password!, cancellationToken);
        if (admin is null)
        {
            // Someone else finished the first run meanwhile: their account stands, this one must sign in.
            FirstRun = false;
            Error = "The admin account already exists: sign in.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebAccess.Principal(admin));
        return LocalRedirect("/");
    }

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
