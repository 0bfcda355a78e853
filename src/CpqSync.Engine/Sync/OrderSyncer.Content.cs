using CpqSync.Core.Configuration;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

public sealed partial class OrderSyncer
{
    /// <summary>
    /// Ends a live or backfill sync at once when the order reads as its last completed sync left it: the change that
    /// queued it was CpqSync's own write-back (or an audit field). A manual sync always runs, and so does a retry of a
    /// failed order (<see cref="SyncTrigger.Retry"/>): what fixed it (a credential, an org fact) may not show in the hash.
    /// </summary>
    /// <remarks>
    /// A snapshot cut from a page read ahead may predate a sync of the order that another process on the store (a
    /// second backfill) finished since: it then differs from the content that sync left only by what was written back.
    /// Such an order is read again before being synced again, so two backfills sharing a store sync it, and count it
    /// synced, once.
    /// </remarks>
    /// <returns>
    /// The <see cref="OrderSyncStatus.Unchanged"/> result, or <see langword="null"/> when the sync goes on, with the
    /// snapshot to sync (read again when the one read ahead was out of date).
    /// </returns>
    private async Task<(SyncResult? Unchanged, OrderSnapshot Snapshot)> SkipUnchangedAsync(
        Run run, OrderSnapshot snapshot, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        run.Read = (snapshot, configuration);
        var stored = await SyncedContent.FindAsync(store, run.Connection.Id, run.OrderId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, snapshot);
        }

        if (run.Trigger is not (SyncTrigger.Manual or SyncTrigger.Retry))
        {
            if (stored.Hash != SyncedContent.Hash(snapshot, configuration, run.Connection.Preferences, writtenBack: []) && snapshot.ReadAhead)
            {
                try
                {
                    snapshot = await reader.ReadAsync(run.OrderId, configuration, cancellationToken).ConfigureAwait(false);
                    run.Read = (snapshot, configuration);
                }
                catch (Exception e) when (e is SalesforceApiException or OrderNotFoundException or SnapshotSchemaException
                    && !cancellationToken.IsCancellationRequested)
                {
                    // The sync goes on with the page's snapshot and meets the same refusal on its own reads, if any.
                }
            }

            if (stored.Hash == SyncedContent.Hash(snapshot, configuration, run.Connection.Preferences, writtenBack: []))
            {
                return (stored.RefusedWith is { } code
                    ? run.Finish(OrderSyncStatus.Unchanged) with
                    {
                        ErrorCode = code,
                        Message = $"Unchanged since its last sync, which was refused with {code}: fix the order to sync it.",
                    }
                    : run.Finish(OrderSyncStatus.Unchanged) with { Message = "Unchanged since its last sync." }, snapshot);
            }
        }

        // Forgotten until this sync completes: one interrupted half-way must not leave the old content looking synced.
        await SyncedContent.RememberAsync(store, run.Connection.Id, run.OrderId, content: null, cancellationToken)
            .ConfigureAwait(false);
        return (null, snapshot);
    }

    /// <summary>
    /// Keeps the content hash of a sync that completed (synced, nothing to do, or refused for good): until the order or
    /// the configuration changes, syncing it again cannot end differently. Failures keep none, so their retries run.
    /// </summary>
    private async Task RememberContentAsync(Run run, SyncResult result, CancellationToken cancellationToken)
    {
        var completed = result.Status is OrderSyncStatus.Succeeded or OrderSyncStatus.Skipped
            || (result.Status == OrderSyncStatus.PlanRefused && !result.IsTransient);
        if (!completed || run.Read is not { } read)
        {
            return;
        }

        var hash = SyncedContent.Hash(read.Snapshot, read.Configuration, run.Connection.Preferences, run.WrittenBack);
        var content = new SyncedContentHash(hash, result.Status == OrderSyncStatus.PlanRefused ? result.ErrorCode ?? "PLAN_REFUSED" : null);
        await SyncedContent.RememberAsync(store, run.Connection.Id, run.OrderId, content, cancellationToken).ConfigureAwait(false);
    }
}
