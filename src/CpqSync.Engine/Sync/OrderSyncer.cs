using System.Diagnostics;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Stripe;
using CpqSync.Stripe.State;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Syncs one order end to end: reads its snapshot from Salesforce, plans it, applies the plan to Stripe, records the
/// Stripe ids in the store's id map, and writes the ids and a Sync Record back to Salesforce.
/// </summary>
/// <remarks>
/// Safe to run again at any point: Stripe calls carry the plan's idempotency keys, the id map never overwrites and the
/// write-back is keyed, so a sync interrupted anywhere and run again creates nothing twice. Expected failures (a plan
/// the planner refuses, Stripe or Salesforce refusing or unreachable, an unknown order) come back as an
/// <see cref="SyncResult"/>; exceptions mean a bug or the caller's cancellation.
/// </remarks>
public sealed partial class OrderSyncer(
    OrderSnapshotReader reader,
    ConnectionPreparer preparer,
    SyncPipeline pipeline,
    ISyncStore store,
    TimeProvider time,
    ILogger<OrderSyncer> logger)
{
    private const string OrderObject = PlannerFields.Order;

    /// <inheritdoc cref="SyncAsync(EngineConnection, string, SyncTrigger, int, CancellationToken)"/>
    public Task<SyncResult> SyncAsync(EngineConnection connection, string orderId, SyncTrigger trigger, CancellationToken cancellationToken) =>
        SyncAsync(connection, orderId, trigger, attempt: 1, cancellationToken);

    /// <summary>Syncs the order as it is now in Salesforce.</summary>
    /// <param name="attempt">1 for the first try, counting up on each retry (shown on the Sync Record).</param>
    /// <exception cref="OperationCanceledException">Cancelled; running the sync again finishes it without duplicates.</exception>
    public async Task<SyncResult> SyncAsync(
        EngineConnection connection, string orderId, SyncTrigger trigger, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        using var activity = EngineTelemetry.ActivitySource.StartActivity("sync order");
        activity?.SetTag("cpqsync.connection.id", connection.Id);
        activity?.SetTag("cpqsync.order.id", orderId);
        activity?.SetTag("cpqsync.sync.trigger", SyncMetrics.TriggerTag(trigger));
        activity?.SetTag("cpqsync.sync.attempt", attempt);

        using var tally = ApiCallTally.Begin();
        var run = new Run(connection, orderId, trigger, attempt, time, tally.Tally);
        var result = await RunAsync(run, cancellationToken).ConfigureAwait(false);

        activity?.SetTag("cpqsync.sync.status", SyncMetrics.StatusTag(result.Status));
        if (!result.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.ErrorCode);
        }

        await RememberContentAsync(run, result, cancellationToken).ConfigureAwait(false);
        SyncMetrics.Outcome(OrderObject, result);
        if (result.Status == OrderSyncStatus.Unchanged)
        {
            logger.OrderUnchanged(orderId, result.SalesforceCalls, result.Duration.TotalMilliseconds);
        }
        else
        {
            logger.OrderSynced(orderId, result.Status, result.ErrorCode, result.SalesforceCalls, result.StripeCalls, result.Duration.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>The order through the <see cref="SyncPipeline"/>'s stages, with the content hash between read and resolve.</summary>
    private async Task<SyncResult> RunAsync(Run run, CancellationToken cancellationToken)
    {
        OrderSnapshot snapshot;
        SyncConfiguration configuration;
        using (Step("read snapshot"))
        {
            try
            {
                // Prepared once per pass by the worker (or the manual sync): then this costs nothing.
                configuration = (await preparer.PrepareAsync(run.Connection, cancellationToken).ConfigureAwait(false)).Configuration;
                snapshot = await reader.ReadAsync(run.OrderId, configuration, cancellationToken).ConfigureAwait(false);
            }
            catch (OrderNotFoundException notFound)
            {
                return run.Finish(OrderSyncStatus.NotFound) with { ErrorCode = "ORDER_NOT_FOUND", Message = notFound.Message };
            }
            catch (SnapshotSchemaException missing)
            {
                return run.Finish(await pipeline.SalesforceFailedAsync(run.Connection, run.Attempt(), missing.Message, isTransient: false, cancellationToken)
                    .ConfigureAwait(false));
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Finish(await pipeline.SalesforceFailedAsync(run.Connection, run.Attempt(), refused.Message, refused.IsTransient, cancellationToken)
                    .ConfigureAwait(false));
            }
        }

        run.AccountId = snapshot.Order.GetString("AccountId");
        var (unchanged, current) = await SkipUnchangedAsync(run, snapshot, configuration, cancellationToken).ConfigureAwait(false);
        if (unchanged is not null)
        {
            return unchanged;
        }

        snapshot = current;

        // The ids the store trusts are used without reading them; one that names nothing in Stripe sends the sync round
        // once more, reading and searching everything (docs/behaviour.md §4.1).
        return await SyncStripeAsync(run, snapshot, configuration, verify: false, cancellationToken).ConfigureAwait(false)
            ?? await SyncStripeAsync(run, snapshot, configuration, verify: true, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A sync verifying every Stripe id asked to be run again.");
    }

    /// <summary>Resolves the Stripe state, plans, applies and records.</summary>
    /// <returns>The result, or <see langword="null"/> when an id the store trusted named nothing in Stripe (not when verifying).</returns>
    private async Task<SyncResult?> SyncStripeAsync(
        Run run, OrderSnapshot snapshot, SyncConfiguration configuration, bool verify, CancellationToken cancellationToken)
    {
        ResolvedSnapshot resolved;
        using (Step("resolve stripe state"))
        {
            try
            {
                resolved = await pipeline.ResolveAsync(snapshot, configuration, run.Connection.Id, verify, cancellationToken).ConfigureAwait(false);
            }
            catch (StripeStateReadException unreadable) when (!cancellationToken.IsCancellationRequested)
            {
                return run.Finish(await pipeline.StripeUnreadableAsync(run.Connection, run.Attempt(), unreadable, cancellationToken).ConfigureAwait(false));
            }
        }

        PlannedSync planned;
        using (Step("plan"))
        {
            planned = SyncPipeline.Plan(resolved, configuration, time.GetUtcNow());
        }

        if (await pipeline.RunAsync(run.Connection, run.Attempt(), planned, verify, cancellationToken).ConfigureAwait(false) is not { } outcome)
        {
            return null;
        }

        if (outcome.Report is { Succeeded: true })
        {
            // Orders of a backfill page read before this one synced plan from what it wrote back (its shared records' ids).
            reader.WrittenBack(outcome.WrittenBack
                .Where(static w => w.Kind == SalesforceWriteKind.Update && w.RecordId is not null)
                .Select(static w => (w.RecordId!, w.Fields)));
        }

        if (outcome.Created && resolved.Snapshot.Order.GetDateTime("SystemModstamp") is { } modstamp)
        {
            SyncMetrics.EndToEnd(time.GetUtcNow() - modstamp, run.Trigger);
        }

        return run.Finish(outcome);
    }

    private static Activity? Step(string name) => EngineTelemetry.ActivitySource.StartActivity(name);
}
