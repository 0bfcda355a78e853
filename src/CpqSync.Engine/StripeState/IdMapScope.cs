using CpqSync.Storage;

namespace CpqSync.Engine.StripeResolution;

/// <summary>The store's id map of one connection: what Stripe objects earlier syncs made for which Salesforce records.</summary>
public sealed record IdMapScope(ISyncStore Store, Guid ConnectionId)
{
    public async Task<string?> FindAsync(string salesforceObject, string salesforceId, string stripeObject, CancellationToken cancellationToken) =>
        (await Store.FindMappingAsync(ConnectionId, salesforceObject, salesforceId, stripeObject, cancellationToken).ConfigureAwait(false))?.StripeId;
}
