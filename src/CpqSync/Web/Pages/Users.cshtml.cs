using CpqSync.Storage;
using CpqSync.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>The accounts; an admin adds users here (posting needs the admin role, like every change).</summary>
public sealed class UsersModel(WebAccounts accounts) : PageModel
{
    public IReadOnlyList<WebUser> Users { get; private set; } = [];

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
}
