using CpqSync.Hosting.Serve;
using CpqSync.Salesforce;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CpqSync.Web.Pages.Setup;

/// <summary>
/// Step 1: everything a customer has. Salesforce: the login URL (production, sandbox, My Domain), the connected app's
/// consumer key and secret, then the OAuth web server flow; Stripe: an API key (and, with
/// <c>Setup:AllowLoopbackEndpoints</c>, the API base). What is saved here applies at once, without a restart.
/// </summary>
[Authorize]
public sealed class AuthorizeModel(
    SetupConnection connection,
    SalesforceConnector salesforce,
    StripeKeyCheck stripe,
    IOptions<SalesforceOptions> salesforceOptions,
    IConfiguration configuration,
    HealthChecks health) : PageModel
{
    private const int MaxConsumerLength = 256;

    [BindProperty]
    public SalesforceLoginKind LoginKind { get; set; } = SalesforceLoginKind.Production;

    [BindProperty]
    public string? CustomDomain { get; set; }

    [BindProperty]
    public string? ConsumerKey { get; set; }

    [BindProperty]
    public string? ConsumerSecret { get; set; }

    [BindProperty]
    public string? StripeKey { get; set; }

    [BindProperty]
    public string? StripeApiBase { get; set; }

    /// <summary><c>Setup:AllowLoopbackEndpoints</c>: loopback login URLs and the Stripe API base field.</summary>
    public bool AllowLoopback { get; private set; }

    /// <summary>The login URL the connection uses now, when it is not one of Salesforce's own (a My Domain, the sandbox).</summary>
    public Uri? ConfiguredLoginUrl { get; private set; }

    /// <summary>Whether a consumer secret is already configured or stored, so the field may be left blank.</summary>
    public bool SecretKnown { get; private set; }

    public IReadOnlyDictionary<string, string> Connected { get; private set; } = new Dictionary<string, string>();

    /// <summary>The connection's state as <c>/healthz</c> reports it.</summary>
    public HealthReport? Health { get; private set; }

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

        var (kind, domain) = (LoginKind, CustomDomain);
        await LoadAsync(cancellationToken);
        (LoginKind, CustomDomain) = (kind, domain);
        var (loginUrl, error) = SalesforceLogin.Resolve(LoginKind, CustomDomain, ConfiguredLoginUrl, AllowLoopback);
        var app = error is null ? ConnectedApp(out error) : null;
        ConsumerSecret = null;
        ModelState.Remove(nameof(ConsumerSecret));
        if (loginUrl is null || app is null)
        {
            SalesforceError = loginUrl is null ? $"Login URL: {error}" : error;
            return Page();
        }

        var callback = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/setup/salesforcecallback");
        // A link, not a redirect: the app's CSP (form-action 'self') stops a form post from redirecting off-site.
        AuthorizeUrl = salesforce.Start(loginUrl, callback, app, User.Identity?.Name ?? "");
        return Page();
    }

    public async Task<IActionResult> OnPostStripeAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        AllowLoopback = SetupOptionsReader.AllowLoopback(configuration);
        var (apiBase, baseError) = AllowLoopback && !string.IsNullOrWhiteSpace(StripeApiBase) ? ParseApiBase(StripeApiBase) : (null, null);
        if (baseError is not null)
        {
            StripeError = baseError;
        }
        else
        {
            try
            {
                var account = await stripe.CheckAndSaveAsync(StripeKey, apiBase, cancellationToken);
                StripeSaved = $"Key saved for {account.AccountId}; it applies at once.";
            }
            catch (StripeKeyException e)
            {
                StripeError = e.Message;
            }
        }

        // Never echo the key back into the form.
        StripeKey = null;
        ModelState.Remove(nameof(StripeKey));
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The consumer key and secret entered; either left blank keeps the one the connection already has.</summary>
    private ConnectedApp? ConnectedApp(out string? error)
    {
        var current = salesforceOptions.Value;
        var key = ConsumerKey?.Trim() is { Length: > 0 } entered ? entered : current.ClientId?.Trim() ?? "";
        var secret = ConsumerSecret?.Trim() ?? "";
        const string Where = "(Salesforce Setup → App Manager → CpqSync → View → Manage Consumer Details)";
        error = null;
        if (key.Length == 0)
        {
            error = $"Consumer key: enter the connected app's consumer key {Where}.";
        }
        else if (key.Length > MaxConsumerLength || key.Any(char.IsWhiteSpace))
        {
            error = $"Consumer key: copy it exactly, without spaces {Where}.";
        }
        else if (secret.Length == 0 && !(string.Equals(key, current.ClientId, StringComparison.Ordinal) && !string.IsNullOrEmpty(current.ClientSecret)))
        {
            error = $"Consumer secret: enter the connected app's consumer secret {Where}.";
        }
        else if (secret.Length > MaxConsumerLength || secret.Any(char.IsWhiteSpace))
        {
            error = $"Consumer secret: copy it exactly, without spaces {Where}.";
        }

        return error is null ? new ConnectedApp(key, secret.Length > 0 ? secret : current.ClientSecret) : null;
    }

    /// <summary>An https URL, or (this page shows the field only then) an http loopback URL; without a path.</summary>
    private static (Uri? Url, string? Error) ParseApiBase(string text)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || SalesforceLogin.IsLoopback(uri))
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            return (new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), null);
        }

        return (null, "Stripe API base: enter https://api.stripe.com, or a loopback URL without a path such as http://127.0.0.1:12112.");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        AllowLoopback = SetupOptionsReader.AllowLoopback(configuration);
        var current = salesforceOptions.Value;
        var configured = current.LoginUrl;
        ConfiguredLoginUrl = configured is null || configured.Host is "login.salesforce.com" or "test.salesforce.com" ? null : configured;
        if (ConfiguredLoginUrl is not null)
        {
            LoginKind = SalesforceLoginKind.Configured;
        }
        else if (configured?.Host == "test.salesforce.com")
        {
            LoginKind = SalesforceLoginKind.Sandbox;
        }

        ConsumerKey ??= current.ClientId is { Length: > 0 } clientId ? clientId : null;
        SecretKnown = !string.IsNullOrEmpty(current.ClientSecret);
        var secrets = await connection.GetSecretsAsync(cancellationToken);
        // Only what may be shown: never a secret, token or key.
        Connected = secrets
            .Where(static s => !SetupSecrets.Hidden.Contains(s.Key))
            .ToDictionary(static s => s.Key, static s => s.Value, StringComparer.Ordinal);
        StripeApiBase ??= Shown(SetupSecrets.StripeApiBase) ?? configuration[SetupSecrets.StripeApiBase];
        Health = await health.RunAsync(cancellationToken);
    }

    public string? Shown(string key) => Connected.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>What <c>/healthz</c> says about one service (<c>salesforce</c>, <c>stripe</c>).</summary>
    public (bool Reachable, string? Error, string? Detail) Service(string name, string detail)
    {
        var entry = Health?.Json[name];
        return (entry?["reachable"]?.GetValue<bool>() == true, entry?["error"]?.GetValue<string>(), entry?[detail]?.GetValue<string>());
    }
}
