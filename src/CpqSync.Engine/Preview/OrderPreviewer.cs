using CpqSync.Core.Configuration;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.Sync;

namespace CpqSync.Engine.Preview;

/// <summary>
/// Order id → plan, without writing anything: the <see cref="SyncPipeline"/> up to its plan stage — reads the order's
/// snapshot from Salesforce, resolves its Stripe state and plans it at the current time, as a sync would.
/// </summary>
/// <remarks>
/// Stripe is only read (GETs, searches): an order already synced plans as already synced, an invoice a crash left
/// without some items plans what it lacks, and an account, product or price whose <c>Stripe_ID__c</c> was lost is
/// matched to the object an earlier run created — through the connection's id map when a connection is given (see
/// <see cref="StripeStateResolver"/>).
/// </remarks>
public sealed class OrderPreviewer(OrderSnapshotReader reader, ConnectionPreparer preparer, SyncPipeline pipeline, TimeProvider time)
{
    /// <summary>What syncing the order on this connection would do: its configuration and its id map.</summary>
    /// <exception cref="CpqSync.Stripe.State.StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    public async Task<OrderPreview> PreviewAsync(EngineConnection connection, string orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection = await preparer.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        return await PreviewAsync(orderId, connection.Configuration, connection.Id, stripe: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What syncing the order with this configuration would do, without a stored connection (no id map).</summary>
    /// <param name="stripe">
    /// A Stripe state to plan against instead of reading Stripe (tests, what-if previews); <see langword="null"/> reads it.
    /// </param>
    /// <exception cref="CpqSync.Stripe.State.StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    public async Task<OrderPreview> PreviewAsync(
        string orderId, SyncConfiguration configuration, StripeState? stripe = null, CancellationToken cancellationToken = default)
    {
        configuration = await preparer.PrepareAsync(configuration, cancellationToken).ConfigureAwait(false);
        return await PreviewAsync(orderId, configuration, connectionId: null, stripe, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The one path both previews take, on a prepared configuration: read, resolve, plan, as a sync does.</summary>
    private async Task<OrderPreview> PreviewAsync(
        string orderId, SyncConfiguration configuration, Guid? connectionId, StripeState? stripe, CancellationToken cancellationToken)
    {
        var snapshot = await reader.ReadAsync(orderId, configuration, cancellationToken).ConfigureAwait(false);
        var resolved = stripe is null
            ? await pipeline.ResolveAsync(snapshot, configuration, connectionId, cancellationToken).ConfigureAwait(false)
            : new ResolvedSnapshot(snapshot, stripe, 0);
        // The sync's own plan stage: an ambiguous Stripe object refuses it, a half-made invoice plans what it lacks.
        var planned = SyncPipeline.Plan(resolved, configuration, time.GetUtcNow());
        return new OrderPreview(resolved.Snapshot, planned.Result) { StripeCalls = resolved.StripeCalls };
    }
}
