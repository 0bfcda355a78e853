namespace CpqSync.Storage;

/// <summary>
/// A sync that started writing to Stripe and has not recorded its ids yet: in flight, or interrupted (a crash between
/// Stripe's answers and the id map). Only then can Stripe hold objects the store and Salesforce do not know.
/// </summary>
/// <param name="RecordId">The record the sync was for (an order, or the first record of a manual sync).</param>
/// <param name="Creates">The Salesforce records whose Stripe objects the sync may have created.</param>
public sealed record StripeWriteAttempt(Guid ConnectionId, string RecordId, IReadOnlySet<string> Creates, DateTimeOffset StartedAt);

/// <summary>What CpqSync last knew of one Stripe object it maps: the hash of the fields it sent, the test clock it lives on.</summary>
/// <param name="FieldsHash">The hash of the mapped fields last sent (a customer's or a product's), or <see langword="null"/>.</param>
/// <param name="TestClock">The test clock a customer lives on, <c>""</c> for none, <see langword="null"/> when not known.</param>
public sealed record KnownStripeObject(Guid ConnectionId, string StripeId, string? FieldsHash, string? TestClock);
