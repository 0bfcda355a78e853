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
    StripeStateResolver resolver,
    SalesforceClient salesforce,
    StripePlanApplier applier,
    SalesforceWriteBack writeBack,
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
            configuration = await OrgInstanceUrl.ApplyAsync(connection.Configuration, salesforce, cancellationToken).ConfigureAwait(false);
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

        var items = new List<RecordSyncItem>(snapshot.Primary.Count);
        try
        {
            var resolved = await resolver.ResolveRecordsAsync(snapshot.Records, configuration, new IdMapScope(store, connection.Id), cancellationToken)
                .ConfigureAwait(false);
            foreach (var record in snapshot.Primary)
            {
                items.Add(await SyncRecordAsync(connection, configuration, snapshot with { Records = resolved.Records }, resolved, record, cancellationToken)
                    .ConfigureAwait(false));
            }
        }
        catch (StripeStateReadException unreadable) when (!cancellationToken.IsCancellationRequested)
        {
            // Stripe could not be read before planning: nothing was written; each record shows why on its Sync Record.
            foreach (var record in snapshot.Primary)
            {
                items.Add(await UnreadableAsync(connection, target.Kind, record, unreadable, cancellationToken).ConfigureAwait(false));
            }
        }

        var status = items.All(static i => i.Succeeded) ? RecordSyncStatus.Succeeded : RecordSyncStatus.Failed;
        logger.RecordsSynced(target.Kind, items.Count(static i => i.Succeeded), items.Count, snapshot.FilteredOut.Count);
        if (status != RecordSyncStatus.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "failed");
        }

        return new RecordSyncResult(target, status, items, [], snapshot.FilteredOut);
    }

    private async Task<RecordSyncItem> SyncRecordAsync(EngineConnection connection, SyncConfiguration configuration, RecordSnapshot snapshot,
        ResolvedRecords resolved, SfRecord record, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var attempt = new SyncAttempt(record.Type, record.Id, 1, startedAt) { AccountId = record.Type == PlannerFields.Account ? record.Id : null };
        var product = snapshot.Records.Follow(record, PlannerFields.Product)?.Id;
        var conflicts = resolved.Conflicts.Where(c => c.RecordId == record.Id || (product is not null && c.RecordId == product)).ToList();
        var planned = conflicts.Count > 0
            ? PlanResult.Failure(conflicts)
            : SyncPlanner.PlanRecords(snapshot.ToInput(record, resolved.State, configuration, startedAt));
        RecordSyncItem item;
        WriteBackReport? report = null;
        StripeApplyResult? applied = null;
        try
        {
            if (planned.Plan is not { } plan)
            {
                report = await writeBack.RecordPlanErrorsAsync(attempt, planned.Errors, connection.SyncRecords, cancellationToken).ConfigureAwait(false);
                var first = planned.Errors[0];
                item = new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.PlanRefused, [], first.CodeName, first.Message,
                    planned.Errors.All(static e => e.Class == ErrorClass.Transient));
            }
            else
            {
                // Recorded so that an order sync searches for what an interrupted record sync may have made (StripeAttempts).
                var scope = new IdMapScope(store, connection.Id);
                var started = await resolver.Attempts.StartAsync(scope, record.Id, plan, startedAt, cancellationToken).ConfigureAwait(false);
                try
                {
                    applied = await applier.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    resolver.Attempts.Leave(connection.Id, record.Id);
                }

                var sources = plan.Operations.Select(static o => o.SourceRecordId).Append(record.Id).ToHashSet(StringComparer.Ordinal);
                var recovered = resolved.RecoveredIds.Where(r => sources.Contains(r.Key) || r.Key == product)
                    .ToDictionary(static r => r.Key, static r => r.Value, StringComparer.Ordinal);
                applied = RecoveredWriteBacks.Add(applied, recovered, snapshot.Records);
                await StripeIdMapper.MapAsync(store, connection.Id, plan, applied, snapshot.Records, recovered, time.GetUtcNow(), cancellationToken)
                    .ConfigureAwait(false);
                if (started)
                {
                    await resolver.Attempts.FinishAsync(scope, record.Id, cancellationToken).ConfigureAwait(false);
                }

                report = await writeBack.RecordAppliedAsync(attempt, applied, plan.Warnings, connection.SyncRecords, cancellationToken).ConfigureAwait(false);
                item = Applied(record, applied, report);
            }
        }
        catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
        {
            // Stripe may hold the objects already; the ids stay in the result and the store's log.
            item = new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.WriteBackFailed, applied is null ? [] : StripeIds(applied),
                ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError), refused.Message, refused.IsTransient);
        }

        await LogOutcomeAsync(connection.Id, item, startedAt, report, cancellationToken).ConfigureAwait(false);
        return item;
    }

    private async Task<RecordSyncItem> UnreadableAsync(
        EngineConnection connection, RecordSyncKind kind, SfRecord record, StripeStateReadException unreadable, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var attempt = new SyncAttempt(record.Type, record.Id, 1, startedAt) { AccountId = record.Type == PlannerFields.Account ? record.Id : null };
        var code = SyncFailures.StripeCode(unreadable.HttpStatus);
        var message = unreadable.RequestId is null ? unreadable.Message : $"{unreadable.Message} (request {unreadable.RequestId})";
        var item = new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.StripeFailed, [], ErrorCatalogue.CodeName(code), message,
            unreadable.IsTransient);
        WriteBackReport? report = null;
        try
        {
            var error = new SyncError(code, ErrorCatalogue.Message(code, message), record.Type, record.Id, null);
            report = await writeBack.RecordPlanErrorsAsync(attempt, [error], connection.SyncRecords, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
        {
            // The store's outcome log still holds the error.
            logger.RecordsUnreadable(kind, refused.Message);
        }

        await LogOutcomeAsync(connection.Id, item, startedAt, report, cancellationToken).ConfigureAwait(false);
        return item;
    }

    private static RecordSyncItem Applied(SfRecord record, StripeApplyResult applied, WriteBackReport report)
    {
        var stripeIds = StripeIds(applied);
        if (applied.Failure is { } failure)
        {
            return new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.StripeFailed, stripeIds,
                ErrorCatalogue.CodeName(SyncFailures.StripeCode(failure.HttpStatus)), failure.Message, failure.IsTransient);
        }

        return report.Succeeded
            ? new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.Succeeded, stripeIds)
            : new RecordSyncItem(record.Type, record.Id, RecordSyncItemStatus.WriteBackFailed, stripeIds,
                ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError), report.Failures[0].Describe());
    }

    private static List<string> StripeIds(StripeApplyResult applied) =>
        applied.Applied.Select(static a => a.StripeId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The store's log of the outcome; the Sync Record is already in Salesforce, so it is marked written back.</summary>
    private async Task LogOutcomeAsync(Guid connectionId, RecordSyncItem item, DateTimeOffset startedAt, WriteBackReport? report,
        CancellationToken cancellationToken)
    {
        var outcome = new SyncOutcome(connectionId, item.ObjectType, item.RecordId, item.Succeeded ? SyncStatus.Success : SyncStatus.Error,
            item.ErrorCode, item.Message, item.StripeIds, startedAt, time.GetUtcNow());
        var outcomeId = await store.RecordOutcomeAsync(outcome, cancellationToken).ConfigureAwait(false);
        var primaryRow = report?.SyncRecords.FirstOrDefault(r => r.Id is not null && r.CompoundId == $"{item.RecordId}-{item.RecordId}")
            ?? report?.SyncRecords.FirstOrDefault(static r => r.Id is not null);
        if (primaryRow is not null)
        {
            await store.MarkWrittenBackAsync([new WrittenBack(outcomeId, primaryRow.Id!)], cancellationToken).ConfigureAwait(false);
        }
    }
}
