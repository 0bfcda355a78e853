using CpqSync.Core.Configuration;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Sync;

/// <summary>Fills in the configuration's Salesforce instance URL from the session when none is configured.</summary>
public static class OrgInstanceUrl
{
    /// <summary>
    /// Record links in Stripe metadata are <c>{instance URL}/{Id}</c>: when the configuration names no instance URL,
    /// the org's own (from the current session) is used.
    /// </summary>
    public static async Task<SyncConfiguration> ApplyAsync(
        SyncConfiguration configuration, SalesforceClient salesforce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(salesforce);
        if (configuration.Settings.InstanceUrl.Length > 0)
        {
            return configuration;
        }

        var session = await salesforce.Authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return configuration with
        {
            Settings = configuration.Settings with { InstanceUrl = session.InstanceUrl.GetLeftPart(UriPartial.Authority) },
        };
    }
}
