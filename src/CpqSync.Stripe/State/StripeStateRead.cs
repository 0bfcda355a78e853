using CpqSync.Core.Stripe;

namespace CpqSync.Stripe.State;

/// <summary>What <see cref="StripeStateReader"/> found, and how many Stripe API calls it took (for the sync's usage figures).</summary>
public sealed record StripeStateRead(StripeState State, int StripeCalls)
{
    /// <summary>The customers read, by the test clock each lives on (<c>""</c> for none): worth remembering, to read only the clock next time.</summary>
    public IReadOnlyDictionary<string, string> CustomerTestClocks { get; init; } = new Dictionary<string, string>();
}
