using CpqSync.Storage;

namespace CpqSync.Engine.StripeResolution;

/// <summary>The store's id map of one connection: what Stripe objects earlier syncs made for which Salesforce records.</summary>
public sealed record IdMapScope(ISyncStore Store, Guid ConnectionId)
{
    /// <summary>
    /// Reads every written id from Stripe before planning and searches for every record without one, instead of
    /// trusting the ids the id map confirms: after an id the store trusted named nothing in Stripe.
    /// </summary>
    public bool Verify { get; init; }

    public async Task<string?> FindAsync(string salesforceObject, string salesforceId, string stripeObject, CancellationToken cancellationToken) =>
        (await Store.FindMappingAsync(ConnectionId, salesforceObject, salesforceId, stripeObject, cancellationToken).ConfigureAwait(false))?.StripeId;
}
