namespace CpqSync.Web.Setup;

/// <summary>Where the user's org signs in: Salesforce's production or sandbox login, a My Domain, or the configured org.</summary>
public enum SalesforceLoginKind
{
    Production,
    Sandbox,
    CustomDomain,

    /// <summary>The login URL the connection already uses (its settings or the credentials stored before), when not one of Salesforce's own.</summary>
    Configured,
}

/// <summary>Turns the "Connect Salesforce" choice into the login URL whose <c>/services/oauth2/</c> runs the flow.</summary>
public static class SalesforceLogin
{
    public static readonly Uri ProductionUrl = new("https://login.salesforce.com/");

    public static readonly Uri SandboxUrl = new("https://test.salesforce.com/");

    /// <summary>The login URL, or an explanation of why the custom domain is not one.</summary>
    /// <param name="allowLoopback">
    /// <c>Setup:AllowLoopbackEndpoints</c>: also accept <c>http://</c> loopback URLs (a separately started <c>cpqsync sandbox</c>).
    /// </param>
    public static (Uri? Url, string? Error) Resolve(SalesforceLoginKind kind, string? customDomain, Uri? configured, bool allowLoopback = false) => kind switch
    {
        SalesforceLoginKind.Production => (ProductionUrl, null),
        SalesforceLoginKind.Sandbox => (SandboxUrl, null),
        SalesforceLoginKind.Configured when configured is not null => (configured, null),
        SalesforceLoginKind.Configured => (null, "No Salesforce login URL is configured on this server: choose Production, Sandbox or My Domain."),
        _ => CustomDomain(customDomain, allowLoopback),
    };

    /// <summary>Whether <paramref name="uri"/> is an <c>http://</c> or <c>https://</c> URL on this machine (127.0.0.1, ::1, localhost).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && uri.Scheme is "http" or "https" && uri.IsLoopback;
    }

    /// <summary>
    /// A My Domain login: <c>https://acme.my.salesforce.com</c> (or just <c>acme.my.salesforce.com</c>). Only
    /// Salesforce hosts over HTTPS are accepted, so the flow can't be pointed at another server; with
    /// <paramref name="allowLoopback"/> also a loopback URL such as <c>http://127.0.0.1:8443</c>.
    /// </summary>
    private static (Uri? Url, string? Error) CustomDomain(string? text, bool allowLoopback)
    {
        var typed = text?.Trim() ?? "";
        if (allowLoopback && Uri.TryCreate(typed, UriKind.Absolute, out var local) && IsLoopback(local))
        {
            return local.AbsolutePath == "/" && local.Query.Length == 0 && local.UserInfo.Length == 0
                ? (new Uri(local.GetLeftPart(UriPartial.Authority) + "/"), null)
                : (null, "Enter the login URL without a path, for example http://127.0.0.1:8443.");
        }

        var value = text?.Trim() ?? "";
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "https://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || !(uri.Host.EndsWith(".salesforce.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".force.com", StringComparison.OrdinalIgnoreCase))
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return (null, allowLoopback
                ? "Enter your My Domain login URL, for example https://acme.my.salesforce.com, or a loopback URL such as http://127.0.0.1:8443."
                : "Enter your My Domain login URL, for example https://acme.my.salesforce.com.");
        }

        return (new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), null);
    }
}
