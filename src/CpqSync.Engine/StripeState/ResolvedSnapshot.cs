using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.StripeResolution;

/// <summary>An order snapshot with what Stripe holds for it: what the planner needs, and the Stripe calls it took.</summary>
/// <param name="Snapshot">The snapshot, with ids recovered by metadata set on its records' <c>Stripe_ID__c</c>.</param>
/// <param name="State">What the written-back (and recovered) Stripe ids resolve to.</param>
/// <param name="StripeCalls">Stripe API calls the resolution took (searches and GETs).</param>
public sealed record ResolvedSnapshot(OrderSnapshot Snapshot, Core.Stripe.StripeState State, int StripeCalls)
{
    /// <summary>
    /// Salesforce record id → Stripe id found by metadata because the record carried no <c>Stripe_ID__c</c>: worth
    /// writing back, since the planner reuses these objects without writing their ids back itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> RecoveredIds { get; init; } = new Dictionary<string, string>();
}
