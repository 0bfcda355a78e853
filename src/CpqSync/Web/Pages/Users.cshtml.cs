using System.Security.Claims;
using CpqSync.Storage;
using CpqSync.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>The accounts; an admin adds users here (posting needs the admin role, like every change).</summary>
public sealed class UsersModel(WebAccounts accounts, ILogger<UsersModel> logger) : PageModel
{
    public IReadOnlyList<WebUser> Users { get; private set; } = [];

    /// <summary>The signed-in account's id: it has no Remove button.</summary>
    public Guid? Me => Guid.TryParse(User.FindFirstValue(WebAccess.UserIdClaim), out var id) ? id : null;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await accounts.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(
        string? userName, string? password, string? confirmation, WebRole role, CancellationToken cancellationToken)
    {
        Error = string.IsNullOrWhiteSpace(userName) ? "Enter a user name." : WebAccounts.CheckPassword(password, confirmation);
        if (Error is null)
        {
            try
            {
                await accounts.AddUserAsync(userName!, password!, role, cancellationToken);
                TempData["Notice"] = $"{userName!.Trim()} can now sign in.";
                return RedirectToPage();
            }
            catch (DuplicateWebUserException e)
            {
                Error = e.Message;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Users = await accounts.ListAsync(cancellationToken);
        return Page();
    }

    /// <summary>Removes an account (admin only, like every post) and with it its sessions; never your own, never the last admin.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await accounts.GetAsync(id, cancellationToken);
        if (id == Me)
        {
            TempData["Problem"] = "You can't remove your own account: another admin can.";
        }
        else if (user is null)
        {
            TempData["Problem"] = "That account no longer exists.";
        }
        else if (await accounts.RemoveAsync(id, cancellationToken) == WebUserRemoval.LastAdmin)
        {
            TempData["Problem"] = $"{user.UserName} is the last admin and stays.";
        }
        else
        {
            SecurityLog.UserRemoved(logger, User.Identity?.Name ?? "?", user.UserName);
            TempData["Notice"] = $"{user.UserName} is removed and signed out.";
        }

        return RedirectToPage();
    }
}
