using CpqSync.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>Sign-in (anonymous, see <see cref="WebApp"/>); on the first run (no account yet) it creates the admin account instead.</summary>
public sealed class LoginModel(WebAccounts accounts, TimeProvider time) : PageModel
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
        var attempt = string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            ? new SignInAttempt(null, null)
            : await accounts.SignInAsync(userName, password, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (attempt.User is null)
        {
            FirstRun = !await accounts.AnyUserAsync(cancellationToken);
            if (attempt.LockedUntil is { } locked)
            {
                Error = LockedOut(locked);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = RetryAfter(locked, time);
                return Page();
            }

            Error = "The user name or the password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebAccess.Principal(attempt.User));
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>What a locked-out sign-in is told: when to try again, not whether the name exists.</summary>
    internal static string LockedOut(DateTimeOffset until) =>
        $"Too many failed sign-ins for this account or from this address: try again after {until.UtcDateTime:HH:mm:ss} UTC.";

    internal static string RetryAfter(DateTimeOffset until, TimeProvider time) =>
        Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostCreateAdminAsync(
        string? userName, string? password, string? confirmation, string? setupCode, CancellationToken cancellationToken)
    {
        UserName = userName;
        FirstRun = true;
        Error = string.IsNullOrWhiteSpace(userName) ? "Enter a user name." : WebAccounts.CheckPassword(password, confirmation);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var attempt = await accounts.CreateFirstAdminAsync(userName!, password!, setupCode, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        switch (attempt.Refusal)
        {
            case FirstAdminRefusal.WrongCode:
                Error = "The set-up code is wrong: use the one serve printed on its console when it started.";
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case FirstAdminRefusal.LockedOut:
                Error = LockedOut(attempt.LockedUntil!.Value);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = RetryAfter(attempt.LockedUntil.Value, time);
                return Page();
            case FirstAdminRefusal.AdminExists:
                // Someone else finished the first run meanwhile: their account stands, this one must sign in.
                FirstRun = false;
                Error = "The admin account already exists: sign in.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebAccess.Principal(attempt.Admin!));
        return LocalRedirect("/");
    }

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
