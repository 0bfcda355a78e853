using CpqSync.Core.Stripe;

namespace CpqSync.Stripe.State;

/// <summary>What <see cref="StripeStateReader"/> found, and how many Stripe API calls it took (for the sync's usage figures).</summary>
public sealed record StripeStateRead(StripeState State, int StripeCalls);
