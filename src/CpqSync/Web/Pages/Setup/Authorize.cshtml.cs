using CpqSync.Salesforce;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CpqSync.Web.Pages.Setup;

/// <summary>Step 1: connect the Salesforce org (OAuth web server flow) and the Stripe account (an API key).</summary>
[Authorize]
public sealed class AuthorizeModel(
    SetupConnection connection, SalesforceConnector salesforce, StripeKeyCheck stripe, IOptions<SalesforceOptions> salesforceOptions) : PageModel
{
    [BindProperty]
    public SalesforceLoginKind LoginKind { get; set; } = SalesforceLoginKind.Production;

    [BindProperty]
    public string? CustomDomain { get; set; }

    [BindProperty]
    public string? StripeKey { get; set; }

    /// <summary>The login URL this server is configured with, when it is not one of Salesforce's own (the embedded org).</summary>
    public Uri? ConfiguredLoginUrl { get; private set; }

    public IReadOnlyDictionary<string, string> Connected { get; private set; } = new Dictionary<string, string>();

    public string? SalesforceError { get; private set; }

    /// <summary>Where to continue once the flow has started: the org's consent page.</summary>
    public Uri? AuthorizeUrl { get; private set; }

    public string? StripeError { get; private set; }

    public string? StripeSaved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSalesforceAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        var (loginUrl, error) = SalesforceLogin.Resolve(LoginKind, CustomDomain, ConfiguredLoginUrl);
        if (loginUrl is null)
        {
            SalesforceError = error;
            return Page();
        }

        try
        {
            var callback = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/setup/salesforcecallback");
            // A link, not a redirect: the app's CSP (form-action 'self') stops a form post from redirecting off-site.
            AuthorizeUrl = salesforce.Start(loginUrl, callback, User.Identity?.Name ?? "");
            return Page();
        }
        catch (SalesforceConnectException e)
        {
            SalesforceError = e.Message;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostStripeAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        try
        {
            var account = await stripe.CheckAndSaveAsync(StripeKey, cancellationToken);
            StripeSaved = $"Key saved for {account.AccountId}.";
        }
        catch (StripeKeyException e)
        {
            StripeError = e.Message;
        }

        // Never echo the key back into the form.
        StripeKey = null;
        ModelState.Remove(nameof(StripeKey));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var configured = salesforceOptions.Value.LoginUrl;
        ConfiguredLoginUrl = configured is null || configured.Host is "login.salesforce.com" or "test.salesforce.com" ? null : configured;
        // The configured org is the likely choice, unless the user just chose another one.
        if (ConfiguredLoginUrl is not null && !string.Equals(Request.Query["handler"], "Salesforce", StringComparison.OrdinalIgnoreCase))
        {
            LoginKind = SalesforceLoginKind.Configured;
        }

        var secrets = await connection.GetSecretsAsync(cancellationToken);
        // Only what may be shown: never the refresh token or the API key.
        Connected = secrets
            .Where(static s => s.Key is not (SetupSecrets.SalesforceRefreshToken or SetupSecrets.StripeApiKey))
            .ToDictionary(static s => s.Key, static s => s.Value, StringComparer.Ordinal);
    }

    public string? Shown(string key) => Connected.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
