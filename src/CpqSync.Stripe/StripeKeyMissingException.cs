namespace CpqSync.Stripe;

/// <summary>
/// A Stripe call was needed but no API key is set: an expected state for a host started before its credentials were
/// given, not a refusal by Stripe (no request was sent).
/// </summary>
public sealed class StripeKeyMissingException()
    : InvalidOperationException("Stripe is not connected yet: Stripe:ApiKey is not set.");
