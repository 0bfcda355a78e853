using System.Diagnostics;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.Sync;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Stripe;
using CpqSync.Stripe.State;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Records;

/// <summary>
/// Manual sync of products, a price book or an account (docs/behaviour.md §11): reads them, then for each record plans, applies
/// the plan to Stripe, writes the Stripe id and a Sync Record back to Salesforce and logs the outcome in the store.
/// </summary>
/// <remarks>
/// Each record has its own plan, so one record's error (a changed recurring price, a product without billing
/// frequency) does not keep the others out of Stripe, and its Sync Record names it. Like an order sync, the records'
/// Stripe state is resolved first (<see cref="StripeStateResolver"/>: written ids, the id map, metadata) and what the
/// sync creates or finds goes into the id map, so syncing again after a rename updates the product instead of creating
/// a second one; plans carry the idempotency keys an order sync gives the same records.
/// </remarks>
public sealed class RecordSyncer(
    RecordSnapshotReader reader,
    ConnectionPreparer preparer,
    SyncPipeline pipeline,
    ISyncStore store,
    TimeProvider time,
    ILogger<RecordSyncer> logger)
{
    /// <summary>Syncs the target's records as they are now in Salesforce.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; running the sync again finishes it without duplicates.</exception>
    public async Task<RecordSyncResult> SyncAsync(EngineConnection connection, RecordSyncTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(target);
        using var activity = EngineTelemetry.ActivitySource.StartActivity("sync records");
        activity?.SetTag("cpqsync.connection.id", connection.Id);
        activity?.SetTag("cpqsync.records.kind", target.Kind.ToString());

        RecordSnapshot snapshot;
        SyncConfiguration configuration;
        try
        {
            connection = await preparer.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            configuration = connection.Configuration;
            snapshot = await reader.ReadAsync(target, configuration, connection.Preferences, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unreadable) when (unreadable is SnapshotSchemaException or SalesforceApiException && !cancellationToken.IsCancellationRequested)
        {
            logger.RecordsUnreadable(target.Kind, unreadable.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "read failed");
            return new RecordSyncResult(target, RecordSyncStatus.ReadFailed, [], [], [], unreadable.Message);
        }

        if (snapshot.Missing.Count > 0)
        {
            logger.RecordsNotFound(target.Kind, string.Join(", ", snapshot.Missing));
            activity?.SetStatus(ActivityStatusCode.Error, "not found");
            return new RecordSyncResult(target, RecordSyncStatus.NotFound, [], snapshot.Missing, snapshot.FilteredOut);
        }

        var items = new List<SyncResult>(snapshot.Primary.Count);
        ResolvedRecords? resolved = null;
        StripeStateReadException? unreadableStripe = null;
        try
        {
            resolved = await pipeline.ResolveAsync(snapshot.Records, configuration, connection.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (StripeStateReadException unreadable) when (!cancellationToken.IsCancellationRequested)
        {
            // Stripe could not be read before planning: nothing was written; each record shows why on its Sync Record.
            unreadableStripe = unreadable;
        }

        foreach (var record in snapshot.Primary)
        {
            var startedAt = time.GetUtcNow();
            var attempt = new SyncAttempt(record.Type, record.Id, 1, startedAt) { AccountId = record.Type == PlannerFields.Account ? record.Id : null };
            var outcome = resolved is null
                ? await pipeline.StripeUnreadableAsync(connection, attempt, unreadableStripe!, cancellationToken).ConfigureAwait(false)
                : await pipeline.RunAsync(connection, attempt, SyncPipeline.Plan(snapshot, resolved, record, configuration, startedAt), cancellationToken)
                    .ConfigureAwait(false);
            var item = outcome with { StartedAt = startedAt };
            await LogOutcomeAsync(connection.Id, item, cancellationToken).ConfigureAwait(false);
            items.Add(item);
        }

        var status = items.All(static i => i.Succeeded) ? RecordSyncStatus.Succeeded : RecordSyncStatus.Failed;
        logger.RecordsSynced(target.Kind, items.Count(static i => i.Succeeded), items.Count, snapshot.FilteredOut.Count);
        if (status != RecordSyncStatus.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "failed");
        }

        return new RecordSyncResult(target, status, items, [], snapshot.FilteredOut);
    }

    /// <summary>
    /// The store's log of the outcome, with the status an order sync's would have (a record with nothing to do is
    /// <see cref="SyncStatus.Skipped"/>); the Sync Record is already in Salesforce, so it is marked written back.
    /// </summary>
    private async Task LogOutcomeAsync(Guid connectionId, SyncResult item, CancellationToken cancellationToken)
    {
        var report = item.Report;
        var outcomeId = await store.RecordOutcomeAsync(item.ToOutcome(connectionId, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var primaryRow = report?.SyncRecords.FirstOrDefault(r => r.Id is not null && r.CompoundId == $"{item.RecordId}-{item.RecordId}")
            ?? report?.SyncRecords.FirstOrDefault(static r => r.Id is not null);
        if (primaryRow is not null)
        {
            await store.MarkWrittenBackAsync([new WrittenBack(outcomeId, primaryRow.Id!)], cancellationToken).ConfigureAwait(false);
        }
    }
}
