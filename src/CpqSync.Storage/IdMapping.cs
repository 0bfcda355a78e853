namespace CpqSync.Storage;

/// <summary>
/// A Salesforce record and the Stripe object it became. One record may map to several Stripe objects of different
/// types (a PricebookEntry to a price, an Order to a subscription schedule), never to two of one type.
/// </summary>
/// <param name="ContentHash">The hash of the content last synced (skips writes when nothing changed).</param>
public sealed record IdMapping(
    Guid ConnectionId,
    string SalesforceObject,
    string SalesforceId,
    string StripeObject,
    string StripeId,
    string? ContentHash,
    DateTimeOffset SyncedAt);

/// <summary>The outcome of recording a mapping.</summary>
/// <param name="Mapping">The mapping now stored: the caller's, or the one another worker recorded first.</param>
/// <param name="Created">Whether the caller's mapping was stored; <see langword="false"/> means another one already was.</param>
public sealed record IdMapResult(IdMapping Mapping, bool Created);
