using CpqSync.Sandbox.Salesforce.OAuth;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>What the Pub/Sub endpoint of one running sandbox shares with its org: sessions, the bus and the clock.</summary>
internal sealed class PubSubContext(
    PubSubOptions options, TimeProvider time, TokenStore tokens, string organizationId, ChangeEventCatalog catalog, ChangeEventBus bus)
{
    public PubSubOptions Options { get; } = options;
    public TimeProvider Time { get; } = time;
    public TokenStore Tokens { get; } = tokens;
    public string OrganizationId { get; } = organizationId;
    public ChangeEventCatalog Catalog { get; } = catalog;
    public ChangeEventBus Bus { get; } = bus;
    public PubSubUsage Usage { get; } = new();

    /// <summary>Cancelled when the sandbox stops, ending every open subscription.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>The org's instance URL without a trailing slash, which clients send as <c>instanceurl</c>; set once listening.</summary>
    public string InstanceUrl { get; set; } = "";
}
