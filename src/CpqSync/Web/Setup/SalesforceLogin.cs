namespace CpqSync.Web.Setup;

/// <summary>Where the user's org signs in: Salesforce's production or sandbox login, a My Domain, or the configured org.</summary>
public enum SalesforceLoginKind
{
    Production,
    Sandbox,
    CustomDomain,

    /// <summary>The login URL of this server's settings (with <c>serve --sandbox</c>, the embedded org).</summary>
    Configured,
}

/// <summary>Turns the "Connect Salesforce" choice into the login URL whose <c>/services/oauth2/</c> runs the flow.</summary>
public static class SalesforceLogin
{
    public static readonly Uri ProductionUrl = new("https://login.salesforce.com/");

    public static readonly Uri SandboxUrl = new("https://test.salesforce.com/");

    /// <summary>The login URL, or an explanation of why the custom domain is not one.</summary>
    public static (Uri? Url, string? Error) Resolve(SalesforceLoginKind kind, string? customDomain, Uri? configured) => kind switch
    {
        SalesforceLoginKind.Production => (ProductionUrl, null),
        SalesforceLoginKind.Sandbox => (SandboxUrl, null),
        SalesforceLoginKind.Configured when configured is not null => (configured, null),
        SalesforceLoginKind.Configured => (null, "No Salesforce login URL is configured on this server."),
        _ => CustomDomain(customDomain),
    };

    /// <summary>
    /// A My Domain login: <c>https://acme.my.salesforce.com</c> (or just <c>acme.my.salesforce.com</c>). Only
    /// Salesforce hosts over HTTPS are accepted, so the flow can't be pointed at another server.
    /// </summary>
    private static (Uri? Url, string? Error) CustomDomain(string? text)
    {
        var value = text?.Trim() ?? "";
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "https://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || !(uri.Host.EndsWith(".salesforce.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".force.com", StringComparison.OrdinalIgnoreCase))
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return (null, "Enter your My Domain login URL, for example https://acme.my.salesforce.com.");
        }

        return (new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), null);
    }
}
