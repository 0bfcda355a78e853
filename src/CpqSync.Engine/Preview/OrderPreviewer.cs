using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;

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
public sealed class OrderPreviewer(OrderSnapshotReader reader, SalesforceClient salesforce, TimeProvider time)
{
    public async Task<OrderPreview> PreviewAsync(
        string orderId, SyncConfiguration configuration, StripeState? stripe = null, CancellationToken cancellationToken = default)
    {
        if (configuration.Settings.InstanceUrl.Length == 0)
        {
            // Record links in Stripe metadata are {instance URL}/{Id}: take the org's own when none is configured.
            var session = await salesforce.Authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            configuration = configuration with
            {
                Settings = configuration.Settings with { InstanceUrl = session.InstanceUrl.GetLeftPart(UriPartial.Authority) },
            };
        }

        var snapshot = await reader.ReadAsync(orderId, configuration, cancellationToken).ConfigureAwait(false);
        var input = snapshot.ToSyncInput(stripe ?? StripeState.Empty, configuration, time.GetUtcNow());
        return new OrderPreview(snapshot, SyncPlanner.Plan(input));
    }
}
