namespace CpqSync.Web.Setup;

/// <summary>The setup wizard's settings (section <c>Setup</c>).</summary>
public sealed class SetupOptions
{
    public const string SectionName = "Setup";

    public const string AllowLoopbackEndpointsKey = "Setup:AllowLoopbackEndpoints";

    /// <summary>
    /// Whether the wizard accepts <c>http://</c> loopback login URLs (<c>http://127.0.0.1:PORT</c>) and shows a Stripe API
    /// base field: how tests and trials connect to a separately started <c>cpqsync sandbox</c> exactly as a customer
    /// connects to a real org. The default value is <see langword="false"/>: only Salesforce's own HTTPS hosts.
    /// </summary>
    public bool AllowLoopbackEndpoints { get; set; }
}

/// <summary>Reads the wizard's settings from the host's configuration (current values: a reload applies).</summary>
public static class SetupOptionsReader
{
    public static bool AllowLoopback(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration[SetupOptions.AllowLoopbackEndpointsKey], out var allow) && allow;
    }
}
