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
/// <see cref="OrderSyncResult"/>; exceptions mean a bug or the caller's cancellation.
/// </remarks>
public sealed partial class OrderSyncer(
    OrderSnapshotReader reader,
    StripeStateResolver resolver,
    SalesforceClient salesforce,
    StripePlanApplier applier,
    SalesforceWriteBack writeBack,
    ISyncStore store,
    TimeProvider time,
    ILogger<OrderSyncer> logger)
{
    private const string OrderObject = PlannerFields.Order;
    private const string StripeIdField = PackageFields.StripeId;

    /// <inheritdoc cref="SyncAsync(EngineConnection, string, SyncTrigger, int, CancellationToken)"/>
    public Task<OrderSyncResult> SyncAsync(EngineConnection connection, string orderId, SyncTrigger trigger, CancellationToken cancellationToken) =>
        SyncAsync(connection, orderId, trigger, attempt: 1, cancellationToken);

    /// <summary>Syncs the order as it is now in Salesforce.</summary>
    /// <param name="attempt">1 for the first try, counting up on each retry (shown on the Sync Record).</param>
    /// <exception cref="OperationCanceledException">Cancelled; running the sync again finishes it without duplicates.</exception>
    public async Task<OrderSyncResult> SyncAsync(
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

    private async Task<OrderSyncResult> RunAsync(Run run, CancellationToken cancellationToken)
    {
        OrderSnapshot snapshot;
        SyncConfiguration configuration;
        using (Step("read snapshot"))
        {
            try
            {
                configuration = await OrgInstanceUrl.ApplyAsync(run.Connection.Configuration, salesforce, cancellationToken).ConfigureAwait(false);
                snapshot = await reader.ReadAsync(run.OrderId, configuration, cancellationToken).ConfigureAwait(false);
            }
            catch (OrderNotFoundException notFound)
            {
                return run.Finish(OrderSyncStatus.NotFound) with { ErrorCode = "ORDER_NOT_FOUND", Message = notFound.Message };
            }
            catch (SnapshotSchemaException missing)
            {
                return run.SalesforceFailed(missing.Message, isTransient: false);
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                return run.SalesforceFailed(refused.Message, refused.IsTransient);
            }
        }

        run.AccountId = snapshot.Order.GetString("AccountId");
        if (await SkipUnchangedAsync(run, snapshot, configuration, cancellationToken).ConfigureAwait(false) is { } unchanged)
        {
            return unchanged;
        }

        // The ids the store trusts are used without reading them; one that names nothing in Stripe sends the sync round
        // once more, reading and searching everything (docs/behaviour.md §4.1).
        var scope = new IdMapScope(store, run.Connection.Id);
        return await SyncStripeAsync(run, snapshot, configuration, scope, cancellationToken).ConfigureAwait(false)
            ?? await SyncStripeAsync(run, snapshot, configuration, scope with { Verify = true }, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A sync verifying every Stripe id asked to be run again.");
    }

    /// <summary>Resolves the Stripe state, plans and applies.</summary>
    /// <returns>The result, or <see langword="null"/> when an id the store trusted named nothing in Stripe (not when verifying).</returns>
    private async Task<OrderSyncResult?> SyncStripeAsync(
        Run run, OrderSnapshot snapshot, SyncConfiguration configuration, IdMapScope scope, CancellationToken cancellationToken)
    {
        ResolvedSnapshot resolved;
        using (Step("resolve stripe state"))
        {
            try
            {
                resolved = await resolver.ResolveAsync(snapshot, configuration, scope, cancellationToken).ConfigureAwait(false);
            }
            catch (StripeStateReadException unreadable) when (!cancellationToken.IsCancellationRequested)
            {
                return run.StripeUnreadable(unreadable);
            }
        }

        if (resolved.Conflicts.Count > 0)
        {
            // Several Stripe objects could be the order's (or its account's, a product's): guessing could bill twice.
            return await RefuseAsync(run, resolved.Conflicts, cancellationToken).ConfigureAwait(false);
        }

        PlanResult planned;
        (SyncPlan Plan, IReadOnlyDictionary<string, string> Existing)? completion = null;
        using (Step("plan"))
        {
            var now = time.GetUtcNow();
            planned = SyncPlanner.Plan(resolved.Snapshot.ToSyncInput(resolved.State, configuration, now));
            if (planned.Plan is { Shape: PlanShape.None })
            {
                // The order's object exists; an invoice made before a crash may still lack items.
                completion = InvoiceCompletion.Plan(resolved, configuration, now);
            }
        }

        if (completion is { } complete)
        {
            return await ApplyAsync(run, resolved, complete.Plan, complete.Existing, scope, cancellationToken).ConfigureAwait(false);
        }

        return planned.Plan is { } plan
            ? await ApplyAsync(run, resolved, plan, new Dictionary<string, string>(), scope, cancellationToken).ConfigureAwait(false)
            : await RefuseAsync(run, planned.Errors, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OrderSyncResult> RefuseAsync(Run run, IReadOnlyList<SyncError> errors, CancellationToken cancellationToken)
    {
        using (Step("write back"))
        {
            try
            {
                await writeBack.RecordPlanErrorsAsync(run.Attempt(), errors, run.Connection.SyncRecords, cancellationToken).ConfigureAwait(false);
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                return run.SalesforceFailed(refused.Message, refused.IsTransient);
            }
        }

        var first = errors[0];
        return run.Finish(OrderSyncStatus.PlanRefused) with
        {
            PlanErrors = errors,
            ErrorCode = first.CodeName,
            Message = first.Message,
            IsTransient = errors.All(static e => e.Class == ErrorClass.Transient),
        };
    }

    /// <param name="existing">Operations whose object Stripe already holds (an invoice to complete), by operation id.</param>
    private async Task<OrderSyncResult?> ApplyAsync(Run run, ResolvedSnapshot resolved, SyncPlan plan,
        IReadOnlyDictionary<string, string> existing, IdMapScope scope, CancellationToken cancellationToken)
    {
        plan = await UnchangedUpdates.DropAsync(plan, scope, cancellationToken).ConfigureAwait(false);
        if (plan.Operations.Count == 0 && plan.WriteBacks.Count == 0 && resolved.RecoveredIds.Count == 0)
        {
            return run.Finish(OrderSyncStatus.Skipped) with { Message = plan.Warnings.FirstOrDefault()?.Message };
        }

        StripeApplyResult applied;
        var attempt = await resolver.Attempts.StartAsync(scope, run.OrderId, plan, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        try
        {
            using (Step("apply to stripe"))
            {
                applied = await applier.ApplyAsync(plan, existing, cancellationToken).ConfigureAwait(false);
            }

            if (!scope.Verify && applied.Failure is { Code: StripeErrorCodes.ResourceMissing })
            {
                // A trusted id names nothing in Stripe: keep what was made, leave the attempt open, and sync again verifying.
                await StripeIdMapper.MapAsync(store, run.Connection.Id, plan, applied, resolved.Snapshot.Records, resolved.RecoveredIds,
                    time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return null;
            }

            applied = RecoveredWriteBacks.Add(applied, resolved.RecoveredIds, resolved.Snapshot.Records);
            run.WrittenBack = applied.WriteBacks;
            if (applied.Applied.Any(static a => !a.Replayed) && resolved.Snapshot.Order.GetDateTime("SystemModstamp") is { } modstamp)
            {
                SyncMetrics.EndToEnd(time.GetUtcNow() - modstamp, run.Trigger);
            }

            await StripeIdMapper.MapAsync(store, run.Connection.Id, plan, applied, resolved.Snapshot.Records, resolved.RecoveredIds,
                time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await UnchangedUpdates.RememberAsync(plan, applied, scope, cancellationToken).ConfigureAwait(false);
            if (attempt)
            {
                await resolver.Attempts.FinishAsync(scope, run.OrderId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (attempt)
            {
                resolver.Attempts.Leave(scope.ConnectionId, run.OrderId);
            }
        }

        run.StripeIds = StripeIds(run.OrderId, applied);

        WriteBackReport report;
        using (Step("write back"))
        {
            try
            {
                report = await writeBack.RecordAppliedAsync(run.Attempt(), applied, plan.Warnings, run.Connection.SyncRecords, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                return applied.Failure is { } stripeFailure ? run.StripeFailed(stripeFailure) : run.SalesforceFailed(refused.Message, refused.IsTransient);
            }
        }

        if (applied.Failure is { } failure)
        {
            return run.StripeFailed(failure);
        }

        return report.Succeeded
            ? run.Finish(OrderSyncStatus.Succeeded)
            : run.SalesforceFailed(string.Join("; ", report.Failures.Select(static f => $"{f.SObjectType} {f.RecordId}: {f.Describe()}")),
                // Retrying helps as soon as one refusal may pass; any record still refused after the last attempt parks the order.
                isTransient: report.Failures.Any(static f => SalesforceTransience.IsTransient(f.Errors)));
    }

    /// <summary>The order's own Stripe object first (the one written back to the order), then the others in plan order.</summary>
    private static List<string> StripeIds(string orderId, StripeApplyResult applied)
    {
        var own = applied.WriteBacks
            .Where(w => w.RecordId == orderId)
            .SelectMany(static w => w.Fields)
            .Where(static f => f.Key == StripeIdField)
            .Select(static f => f.Value);
        return own.Concat(applied.Applied.Select(static a => a.StripeId)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Activity? Step(string name) => EngineTelemetry.ActivitySource.StartActivity(name);
}
