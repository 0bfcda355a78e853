namespace CpqSync.Storage;

/// <summary>One Salesforce org paired with one Stripe account, with its configuration (mappings, preferences).</summary>
/// <param name="ConfigurationJson">The connection's configuration document; the store keeps it as given.</param>
/// <param name="Version">Incremented by every change; an update with a stale version is refused.</param>
public sealed record SyncConnection(
    Guid Id,
    string Name,
    string? SalesforceOrgId,
    string? StripeAccountId,
    string ConfigurationJson,
    bool HasSecrets,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A connection to create.</summary>
public sealed record NewSyncConnection(string Name, string? SalesforceOrgId, string? StripeAccountId, string ConfigurationJson = "{}");
