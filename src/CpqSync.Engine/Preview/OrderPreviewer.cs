using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Preview;

/// <summary>
/// Order id → plan, without writing anything: reads the order's snapshot from Salesforce, looks up in Stripe what
/// its written-back ids resolve to, and runs the planner on both at the current time.
/// </summary>
/// <remarks>
/// Stripe is only read (GETs, searches): an order already synced plans as already synced, and an account or product
/// whose <c>Stripe_ID__c</c> was lost is matched to the object an earlier run created (see <see cref="StripeStateResolver"/>).
/// </remarks>
public sealed class OrderPreviewer(OrderSnapshotReader reader, StripeStateResolver resolver, SalesforceClient salesforce, TimeProvider time)
{
    /// <param name="stripe">
    /// A Stripe state to plan against instead of reading Stripe (tests, what-if previews); <see langword="null"/> reads it.
    /// </param>
    /// <exception cref="CpqSync.Stripe.State.StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    public async Task<OrderPreview> PreviewAsync(
        string orderId, SyncConfiguration configuration, StripeState? stripe = null, CancellationToken cancellationToken = default)
    {
        configuration = await OrgInstanceUrl.ApplyAsync(configuration, salesforce, cancellationToken).ConfigureAwait(false);
        var snapshot = await reader.ReadAsync(orderId, configuration, cancellationToken).ConfigureAwait(false);
        var resolved = stripe is null
            ? await resolver.ResolveAsync(snapshot, configuration, cancellationToken).ConfigureAwait(false)
            : new ResolvedSnapshot(snapshot, stripe, 0);
        var input = resolved.Snapshot.ToSyncInput(resolved.State, configuration, time.GetUtcNow());
        // A sync refuses an order whose Stripe objects are ambiguous before planning; the preview shows the same refusal.
        var planned = resolved.Conflicts.Count > 0 ? PlanResult.Failure(resolved.Conflicts) : SyncPlanner.Plan(input);
        return new OrderPreview(resolved.Snapshot, planned) { StripeCalls = resolved.StripeCalls };
    }
}
