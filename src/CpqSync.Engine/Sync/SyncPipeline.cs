using System.Diagnostics;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Records;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Stripe;
using CpqSync.Stripe.State;

namespace CpqSync.Engine.Sync;

/// <summary>
/// The one sync pipeline, for every target (an order, products, a price book, an account): prepare the connection
/// (<see cref="ConnectionPreparer"/>) → read (the target's reader) → resolve Stripe state → plan → apply → record (id
/// map, write-back with its Sync Records, one <see cref="SyncResult"/> with one transience verdict). See docs/architecture.md.
/// </summary>
/// <remarks>
/// <see cref="OrderSyncer"/>, <see cref="RecordSyncer"/> and <c>OrderPreviewer</c> (which stops after planning) call
/// these stages in order; the worker and <c>ManualSync</c> only run the order syncer. Every Sync Record a sync writes
/// goes through here, including the one of an order parked after its last attempt. The store is optional so a
/// preview can run without one (it then plans without the id map).
/// </remarks>
public sealed class SyncPipeline(
    StripeStateResolver resolver,
    StripePlanApplier applier,
    SalesforceWriteBack writeBack,
    TimeProvider time,
    ISyncStore? store = null)
{
    private ISyncStore Store => store ?? throw new InvalidOperationException("This sync needs the store (AddCpqSyncStorage).");

    // ── 2 resolve ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Resolves with every written id read and every record without one searched for (a preview).</summary>
    /// <param name="connectionId">The connection whose id map to consult; <see langword="null"/> searches Stripe only.</param>
    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    internal Task<ResolvedSnapshot> ResolveAsync(
        OrderSnapshot snapshot, SyncConfiguration configuration, Guid? connectionId, CancellationToken cancellationToken) =>
        ResolveAsync(snapshot, configuration, connectionId, verify: true, cancellationToken);

    /// <param name="connectionId">The connection whose id map to consult; <see langword="null"/> searches Stripe only.</param>
    /// <param name="verify">
    /// <see langword="false"/>: the ids the id map confirms are trusted without a read, and records are searched for only
    /// after an interrupted attempt (docs/behaviour.md §4.1); <see langword="true"/>: every id is read, every gap searched.
    /// </param>
    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    internal Task<ResolvedSnapshot> ResolveAsync(
        OrderSnapshot snapshot, SyncConfiguration configuration, Guid? connectionId, bool verify, CancellationToken cancellationToken) =>
        resolver.ResolveAsync(snapshot, configuration, IdMap(connectionId, verify), cancellationToken);

    /// <summary>A manual sync's records: every id read, every gap searched, as it has no second round.</summary>
    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    internal Task<ResolvedRecords> ResolveAsync(
        RecordSet records, SyncConfiguration configuration, Guid connectionId, CancellationToken cancellationToken) =>
        resolver.ResolveRecordsAsync(records, configuration, IdMap(connectionId, verify: true), cancellationToken);

    private IdMapScope? IdMap(Guid? connectionId, bool verify) =>
        connectionId is { } id && store is not null ? new IdMapScope(store, id) { Verify = verify } : null;

    // ── 3 plan ────────────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// An order's plan: refused when the resolver found several candidates for one object; when the order's object
    /// exists, what its invoice still lacks (<see cref="InvoiceCompletion"/>).
    /// </summary>
    internal static PlannedSync Plan(ResolvedSnapshot resolved, SyncConfiguration configuration, DateTimeOffset now)
    {
        var records = resolved.Snapshot.Records;
        if (resolved.Conflicts.Count > 0)
        {
            // Several Stripe objects could be the order's (or its account's, a product's): guessing could bill twice.
            return new PlannedSync(PlanResult.Failure(resolved.Conflicts), records, resolved.RecoveredIds);
        }

        var planned = SyncPlanner.Plan(resolved.Snapshot.ToSyncInput(resolved.State, configuration, now));
        if (planned.Plan is { Shape: PlanShape.None } && InvoiceCompletion.Plan(resolved, configuration, now) is { } complete)
        {
            // The order's object exists; an invoice made before a crash still lacks items.
            return new PlannedSync(PlanResult.Success(complete.Plan), records, resolved.RecoveredIds) { Existing = complete.Existing };
        }

        if (planned.Plan is { Shape: PlanShape.None } && ArchiveCompletion.Plan(resolved, configuration, now) is { } archive)
        {
            // The order's schedule or amendment phase exists; the prices it used once may still be active.
            return new PlannedSync(PlanResult.Success(archive), records, resolved.RecoveredIds);
        }

        return new PlannedSync(planned, records, resolved.RecoveredIds);
    }

    /// <summary>One record of a manual sync: its own plan, refused for its own (or its product's) conflicts only.</summary>
    internal static PlannedSync Plan(
        RecordSnapshot snapshot, ResolvedRecords resolved, SfRecord record, SyncConfiguration configuration, DateTimeOffset now)
    {
        var product = resolved.Records.Follow(record, PlannerFields.Product)?.Id;
        bool Own(string recordId) => recordId == record.Id || recordId == product;
        var conflicts = resolved.Conflicts.Where(c => c.RecordId is { } id && Own(id)).ToList();
        if (conflicts.Count > 0)
        {
            return new PlannedSync(PlanResult.Failure(conflicts), resolved.Records, new Dictionary<string, string>());
        }

        var planned = SyncPlanner.PlanRecords((snapshot with { Records = resolved.Records }).ToInput(record, resolved.State, configuration, now));
        var sources = planned.Plan?.Operations.Select(static o => o.SourceRecordId).ToHashSet(StringComparer.Ordinal) ?? [];
        var recovered = resolved.RecoveredIds.Where(r => sources.Contains(r.Key) || Own(r.Key))
            .ToDictionary(static r => r.Key, static r => r.Value, StringComparer.Ordinal);
        return new PlannedSync(planned, resolved.Records, recovered);
    }

    // ── 4 apply, 5 record ─────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Runs a plan to its end: a refused plan writes its Error Sync Records; a plan with nothing to do ends
    /// <see cref="OrderSyncStatus.Skipped"/>; otherwise Stripe runs it, the id map records what it made or found (before
    /// Salesforce hears of it, so a crash in between still leaves the engine knowing the objects), and the write-back
    /// writes the ids and the Sync Records.
    /// </summary>
    internal async Task<SyncResult> RunAsync(
        EngineConnection connection, SyncAttempt attempt, PlannedSync planned, CancellationToken cancellationToken) =>
        await RunAsync(connection, attempt, planned, verify: true, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("A sync verifying every Stripe id asked to be run again.");

    /// <inheritdoc cref="RunAsync(EngineConnection, SyncAttempt, PlannedSync, CancellationToken)"/>
    /// <param name="verify">
    /// Whether the plan was made with every Stripe id read (see <see cref="ResolveAsync(OrderSnapshot, SyncConfiguration, Guid?, bool, CancellationToken)"/>).
    /// When not, and a trusted id names nothing in Stripe, what was made is kept in the id map and <see langword="null"/>
    /// comes back: the caller syncs once more, verifying. An order's customer and product updates that would send
    /// what the last sync sent are dropped (docs/behaviour.md §4.1).
    /// </param>
    internal async Task<SyncResult?> RunAsync(
        EngineConnection connection, SyncAttempt attempt, PlannedSync planned, bool verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(planned);
        if (planned.Result.Plan is not { } plan)
        {
            return await RefuseAsync(connection, attempt, planned.Result.Errors, cancellationToken).ConfigureAwait(false);
        }

        var scope = new IdMapScope(Store, connection.Id) { Verify = verify };
        var isOrder = attempt.PrimaryType == PlannerFields.Order;
        if (isOrder)
        {
            plan = await UnchangedUpdates.DropAsync(plan, scope, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Operations.Count == 0 && plan.WriteBacks.Count == 0 && planned.Recovered.Count == 0)
        {
            return new SyncResult(attempt.PrimaryType, attempt.PrimaryId, OrderSyncStatus.Skipped) { Message = plan.Warnings.FirstOrDefault()?.Message };
        }

        StripeApplyResult applied;
        // Recorded so that a later sync searches Stripe for what an interrupted one may have made (StripeAttempts).
        var started = await resolver.Attempts.StartAsync(scope, attempt.PrimaryId, plan, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        try
        {
            using (Step("apply to stripe"))
            {
                applied = await applier.ApplyAsync(plan, planned.Existing, cancellationToken).ConfigureAwait(false);
            }

            if (!verify && applied.Failure is { Code: StripeErrorCodes.ResourceMissing })
            {
                // A trusted id names nothing in Stripe: keep what was made, leave the attempt open, and sync again verifying.
                await StripeIdMapper.MapAsync(Store, connection.Id, plan, applied, planned.Records, planned.Recovered, time.GetUtcNow(),
                    cancellationToken).ConfigureAwait(false);
                return null;
            }

            // Ids the resolver found because their records had lost them: written back too, repairing Stripe_ID__c.
            applied = RecoveredWriteBacks.Add(applied, planned.Recovered, planned.Records);
            await StripeIdMapper.MapAsync(Store, connection.Id, plan, applied, planned.Records, planned.Recovered, time.GetUtcNow(),
                cancellationToken).ConfigureAwait(false);
            if (isOrder)
            {
                await UnchangedUpdates.RememberAsync(plan, applied, scope, cancellationToken).ConfigureAwait(false);
            }

            if (started)
            {
                await resolver.Attempts.FinishAsync(scope, attempt.PrimaryId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            resolver.Attempts.Leave(connection.Id, attempt.PrimaryId);
        }

        var done = new SyncResult(attempt.PrimaryType, attempt.PrimaryId, OrderSyncStatus.Succeeded)
        {
            StripeIds = StripeIds(attempt.PrimaryId, applied),
            WrittenBack = applied.WriteBacks,
            Created = applied.Applied.Any(static a => !a.Replayed),
        };

        WriteBackReport report;
        using (Step("write back"))
        {
            try
            {
                report = await writeBack.RecordAppliedAsync(attempt with { ConnectionId = connection.Id }, applied, plan.Warnings, connection.SyncRecords, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                // A Stripe failure takes precedence; neither is on a Sync Record yet.
                var failed = applied.Failure is { } stripe
                    ? SyncResult.StripeFailed(attempt.PrimaryType, attempt.PrimaryId, stripe) with { Unshown = StripeError(attempt, stripe) }
                    : SyncResult.SalesforceFailed(attempt.PrimaryType, attempt.PrimaryId, refused.Message, refused.IsTransient);
                return await ShowIfFinalAsync(connection, attempt, Carry(done, failed), cancellationToken).ConfigureAwait(false);
            }
        }

        if (applied.Failure is { } failure)
        {
            var stripeFailed = Carry(done, SyncResult.StripeFailed(attempt.PrimaryType, attempt.PrimaryId, failure)) with { Report = report };
            // Salesforce refused the Sync Records: the Stripe error shows once the failure is final, as when the write-back throws.
            return report.SyncRecordsRefused
                ? await ShowIfFinalAsync(connection, attempt, stripeFailed with { Unshown = StripeError(attempt, failure) }, cancellationToken)
                    .ConfigureAwait(false)
                : stripeFailed;
        }

        if (report.Succeeded)
        {
            return done with { Report = report };
        }

        // Shown on the Sync Records already (one Error row per refused record) unless Salesforce refused those too.
        // Any record still refused after the last attempt parks the order.
        var salesforceFailed = Carry(done, WriteBackRefused(attempt, report));
        return report.SyncRecordsRefused
            ? await ShowIfFinalAsync(connection, attempt, salesforceFailed, cancellationToken).ConfigureAwait(false)
            : salesforceFailed with { Unshown = null };
    }

    /// <summary>The planner or the resolver refused the target: one Error Sync Record per record at fault; nothing reaches Stripe.</summary>
    private async Task<SyncResult> RefuseAsync(
        EngineConnection connection, SyncAttempt attempt, IReadOnlyList<SyncError> errors, CancellationToken cancellationToken)
    {
        using (Step("write back"))
        {
            try
            {
                var report = await writeBack.RecordPlanErrorsAsync(attempt with { ConnectionId = connection.Id }, errors, connection.SyncRecords, cancellationToken).ConfigureAwait(false);
                if (report.SyncRecordsRefused)
                {
                    // Salesforce refused the Error rows themselves (inside the write-back's composite): as when the
                    // write-back throws, a transient refusal is retried (and the retry writes the rows), a final one shows now.
                    return await ShowIfFinalAsync(connection, attempt, WriteBackRefused(attempt, report), cancellationToken).ConfigureAwait(false);
                }

                return SyncResult.Refused(attempt.PrimaryType, attempt.PrimaryId, errors) with { Report = report };
            }
            catch (SalesforceApiException refused) when (!cancellationToken.IsCancellationRequested)
            {
                return await ShowIfFinalAsync(connection, attempt,
                    SyncResult.SalesforceFailed(attempt.PrimaryType, attempt.PrimaryId, refused.Message, refused.IsTransient),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stripe could not be read before planning: nothing reached Stripe; the Error Sync Record says why.</summary>
    internal Task<SyncResult> StripeUnreadableAsync(
        EngineConnection connection, SyncAttempt attempt, StripeStateReadException unreadable, CancellationToken cancellationToken) =>
        ShowAsync(connection, attempt, SyncResult.StripeUnreadable(attempt.PrimaryType, attempt.PrimaryId, unreadable), cancellationToken);

    /// <summary>Salesforce failed before the plan (the read): shown on a Sync Record once the failure is final.</summary>
    internal Task<SyncResult> SalesforceFailedAsync(
        EngineConnection connection, SyncAttempt attempt, string message, bool isTransient, CancellationToken cancellationToken) =>
        ShowIfFinalAsync(connection, attempt, SyncResult.SalesforceFailed(attempt.PrimaryType, attempt.PrimaryId, message, isTransient),
            cancellationToken);

    /// <summary>
    /// A failure retrying will not fix shows on a Sync Record now; a transient one shows when its last attempt parks it
    /// (<see cref="ShowParkedAsync"/>), so a passing outage does not write a row per retry.
    /// </summary>
    private Task<SyncResult> ShowIfFinalAsync(
        EngineConnection connection, SyncAttempt attempt, SyncResult outcome, CancellationToken cancellationToken) =>
        outcome.IsTransient ? Task.FromResult(outcome) : ShowAsync(connection, attempt, outcome, cancellationToken);

    /// <summary>
    /// An order parked after its last attempt must show its error in Salesforce: writes the Error Sync Record its sync
    /// could not (Salesforce failing at the time), if Salesforce takes it now.
    /// </summary>
    /// <returns>Whether Salesforce shows the error (it did already, or does now).</returns>
    internal async Task<bool> ShowParkedAsync(EngineConnection connection, SyncAttempt attempt, SyncError? unshown, CancellationToken cancellationToken)
    {
        if (unshown is null)
        {
            return true;
        }

        var shown = await ShowAsync(connection, attempt, new SyncResult(attempt.PrimaryType, attempt.PrimaryId, OrderSyncStatus.SalesforceFailed) { Unshown = unshown }, cancellationToken)
            .ConfigureAwait(false);
        return shown.Unshown is null;
    }

    private async Task<SyncResult> ShowAsync(
        EngineConnection connection, SyncAttempt attempt, SyncResult outcome, CancellationToken cancellationToken)
    {
        if (outcome.Unshown is not { } error)
        {
            return outcome;
        }

        using (Step("write back"))
        {
            try
            {
                var report = await writeBack.RecordPlanErrorsAsync(attempt with { ConnectionId = connection.Id }, [error], connection.SyncRecords, cancellationToken).ConfigureAwait(false);
                return report.Succeeded ? outcome with { Unshown = null, Report = report } : outcome with { Report = report };
            }
            catch (SalesforceApiException) when (!cancellationToken.IsCancellationRequested)
            {
                // Salesforce is failing too: the outcome log holds the error, and a parked order tries to show it again.
                return outcome;
            }
        }
    }

    /// <summary>
    /// The records Salesforce refused inside the write-back's composite, as one failure: retrying helps as soon as one
    /// refusal may pass (<see cref="SalesforceTransience"/>).
    /// </summary>
    private static SyncResult WriteBackRefused(SyncAttempt attempt, WriteBackReport report) =>
        SyncResult.SalesforceFailed(attempt.PrimaryType, attempt.PrimaryId,
            string.Join("; ", report.Failures.Select(static f => $"{f.SObjectType} {f.RecordId}: {f.Describe()}")),
            report.Failures.Any(static f => SalesforceTransience.IsTransient(f.Errors))) with { Report = report };

    /// <summary>What Stripe did stays on a failed outcome: its ids and what was written back.</summary>
    private static SyncResult Carry(SyncResult done, SyncResult failed) =>
        failed with { StripeIds = done.StripeIds, WrittenBack = done.WrittenBack, Created = done.Created };

    private static SyncError StripeError(SyncAttempt attempt, StripeApplyFailure failure)
    {
        var code = SyncFailures.StripeCode(failure.HttpStatus);
        var recordId = string.IsNullOrEmpty(failure.SourceRecordId) ? attempt.PrimaryId : failure.SourceRecordId;
        return new SyncError(code, ErrorCatalogue.Message(code, SyncFailures.StripeMessage(failure.Message, failure.RequestId)),
            recordId == attempt.PrimaryId ? attempt.PrimaryType : null, recordId, null);
    }

    /// <summary>The primary record's own Stripe object first (the one written back to it), then the others in plan order.</summary>
    private static List<string> StripeIds(string primaryId, StripeApplyResult applied)
    {
        var own = applied.WriteBacks
            .Where(w => w.RecordId == primaryId)
            .SelectMany(static w => w.Fields)
            .Where(static f => f.Key == PackageFields.StripeId)
            .Select(static f => f.Value);
        return own.Concat(applied.Applied.Select(static a => a.StripeId)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Activity? Step(string name) => EngineTelemetry.ActivitySource.StartActivity(name);
}

/// <summary>What the plan stage decided for one target, with what applying it needs.</summary>
/// <param name="Records">The records planned, with the ids the resolver recovered set on them.</param>
/// <param name="Recovered">Salesforce record id → Stripe id the resolver found for this target (id map, metadata).</param>
internal sealed record PlannedSync(PlanResult Result, RecordSet Records, IReadOnlyDictionary<string, string> Recovered)
{
    /// <summary>Operations whose object Stripe already holds (an invoice to complete), by operation id.</summary>
    public IReadOnlyDictionary<string, string> Existing { get; init; } = new Dictionary<string, string>();
}
