namespace CpqSync.Stripe;

/// <summary>Stripe's error codes CpqSync acts on.</summary>
public static class StripeErrorCodes
{
    /// <summary>An id in the path or the parameters names no object (never made, deleted, or of another account).</summary>
    public const string ResourceMissing = "resource_missing";
}
