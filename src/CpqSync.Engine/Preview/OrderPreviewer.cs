using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.Preview;

/// <summary>
/// Order id → plan, without writing anything: reads the order's snapshot from Salesforce and runs the planner on
/// it at the current time.
/// </summary>
/// <remarks>
/// Stripe is not consulted yet: pass the <see cref="StripeState"/> the engine resolved from
/// <see cref="OrderSnapshot.StripeIds"/>, or nothing, in which case every written-back Stripe id counts as
/// unresolvable (as for an order never synced).
/// </remarks>
public sealed class OrderPreviewer(OrderSnapshotReader reader, TimeProvider time)
{
    public async Task<OrderPreview> PreviewAsync(
        string orderId, SyncConfiguration configuration, StripeState? stripe = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await reader.ReadAsync(orderId, configuration, cancellationToken).ConfigureAwait(false);
        var input = snapshot.ToSyncInput(stripe ?? StripeState.Empty, configuration, time.GetUtcNow());
        return new OrderPreview(snapshot, SyncPlanner.Plan(input));
    }
}
