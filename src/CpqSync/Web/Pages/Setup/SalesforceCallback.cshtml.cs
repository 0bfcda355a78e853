using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>Where the org's login page sends the browser back: exchanges the code and shows who is connected.</summary>
[Authorize]
public sealed class SalesforceCallbackModel(SalesforceConnector salesforce, OrgFactsRefresh orgFacts) : PageModel
{
    /// <summary>What detection read from the org just connected, or why it could not.</summary>
    public OrgFactsRefreshResult? Detected { get; private set; }

    public SalesforceIdentity? Identity { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? errorDescription, CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        if (error is not null)
        {
            Error = error == "access_denied"
                ? "Access was not allowed in Salesforce, so nothing changed."
                : $"Salesforce answered {error}: {errorDescription}";
            return Page();
        }

        try
        {
            Identity = await salesforce.CompleteAsync(state, code, User.Identity?.Name ?? "", cancellationToken);
            Detected = await orgFacts.RunAsync(cancellationToken);
        }
        catch (SalesforceConnectException e)
        {
            Error = e.Message;
        }

        return Page();
    }
}
