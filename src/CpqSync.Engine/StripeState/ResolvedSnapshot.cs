using CpqSync.Core.Errors;
using CpqSync.Core.Records;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.StripeResolution;

/// <summary>An order snapshot with what Stripe holds for it: what the planner needs, and the Stripe calls it took.</summary>
/// <param name="Snapshot">The snapshot, with ids recovered by metadata set on its records' <c>Stripe_ID__c</c>.</param>
/// <param name="State">What the written-back (and recovered) Stripe ids resolve to.</param>
/// <param name="StripeCalls">Stripe API calls the resolution took (searches and GETs).</param>
public sealed record ResolvedSnapshot(OrderSnapshot Snapshot, Core.Stripe.StripeState State, int StripeCalls)
{
    /// <summary>
    /// Salesforce record id → Stripe id found by metadata or in the store's id map because the record carried no
    /// <c>Stripe_ID__c</c>, or one naming nothing in Stripe: worth writing back, since the planner reuses these objects
    /// without writing their ids back itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> RecoveredIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Records for which Stripe holds several candidate objects: the sync is refused rather than guess.</summary>
    public IReadOnlyList<SyncError> Conflicts { get; init; } = [];

    /// <summary>The order's own invoice, when it has one, with the order lines its items name (to complete it).</summary>
    public ExistingInvoice? OrderInvoice { get; init; }
}

/// <summary>A record set (a manual sync's records) with what Stripe holds for them.</summary>
/// <param name="Records">The records, with recovered ids set on their <c>Stripe_ID__c</c>.</param>
public sealed record ResolvedRecords(RecordSet Records, Core.Stripe.StripeState State, int StripeCalls)
{
    /// <inheritdoc cref="ResolvedSnapshot.RecoveredIds"/>
    public IReadOnlyDictionary<string, string> RecoveredIds { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc cref="ResolvedSnapshot.Conflicts"/>
    public IReadOnlyList<SyncError> Conflicts { get; init; } = [];
}

/// <summary>An invoice Stripe holds for an order, and the order lines (<c>{prefix}order_item_id</c>) its items name.</summary>
public sealed record ExistingInvoice(string Id, IReadOnlySet<string> OrderItemIds);
