using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

/// <summary>
/// "Sync now" for one order (<c>cpqsync sync order</c>, the web app's button): syncs it at once, outside the queue and
/// whether live sync is on or off, and logs the outcome like the worker does.
/// </summary>
public sealed class ManualSync(OrderSyncer syncer, ISyncStore store, TimeProvider time)
{
    public async Task<OrderSyncResult> SyncOrderAsync(EngineConnection connection, string orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = await syncer.SyncAsync(connection, orderId, SyncTrigger.Manual, cancellationToken).ConfigureAwait(false);
        if (result.Status != OrderSyncStatus.NotFound)
        {
            // An unknown id is the user's typo, not a record's history: nothing to log against it.
            await store.RecordOutcomeAsync(result.ToOutcome(connection.Id, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
