using System.Security.Claims;
using CpqSync.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>
/// The signed-in user's own account: any user, read-only included, changes their password here (see <see cref="WebApp"/>);
/// the current password is checked under the sign-in lockout, and the change ends the account's other sessions.
/// </summary>
public sealed class AccountModel(WebAccounts accounts, TimeProvider time, ILogger<AccountModel> logger) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var user = Guid.TryParse(User.FindFirstValue(WebAccess.UserIdClaim), out var id) ? await accounts.GetAsync(id, cancellationToken) : null;
        if (user is null)
        {
            return Challenge();
        }

        Error = WebAccounts.CheckPassword(password, confirmation);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress;
        var check = await accounts.CheckPasswordAsync(user, current ?? "", address, cancellationToken);
        if (check.User is null)
        {
            if (check.LockedUntil is { } locked)
            {
                Error = LoginModel.LockedOut(locked);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = LoginModel.RetryAfter(locked, time);
            }
            else
            {
                Error = "The current password is wrong.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return Page();
        }

        var ended = await accounts.ChangePasswordAsync(user, password!, WebSessionStore.CurrentSessionId(HttpContext), cancellationToken);
        SecurityLog.PasswordChanged(logger, user.UserName, address, ended);
        TempData["Notice"] = ended == 0
            ? "Your password is changed."
            : $"Your password is changed; {ended} other {(ended == 1 ? "session was" : "sessions were")} signed out.";
        return RedirectToPage();
    }
}
