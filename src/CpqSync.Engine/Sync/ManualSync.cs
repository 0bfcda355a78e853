using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

/// <summary>
/// "Sync now" for one order (<c>cpqsync sync order</c>, the web app's button): syncs it at once, outside the queue and
/// whether live sync is on or off, and logs the outcome like the worker does.
/// </summary>
public sealed class ManualSync(OrderSyncer syncer, ConnectionPreparer preparer, ISyncStore store, TimeProvider time)
{
    /// <param name="connection">The connection as stored or as loaded (<see cref="ConnectionPreparer.LoadAsync"/>); prepared here if it is not.</param>
    public async Task<SyncResult> SyncOrderAsync(EngineConnection connection, string orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection = await preparer.PreparePassAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await syncer.SyncAsync(connection, orderId, SyncTrigger.Manual, cancellationToken).ConfigureAwait(false);
        if (result.Status != OrderSyncStatus.NotFound)
        {
            // An unknown id is the user's typo, not a record's history: nothing to log against it.
            await store.RecordOutcomeAsync(result.ToOutcome(connection.Id, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
