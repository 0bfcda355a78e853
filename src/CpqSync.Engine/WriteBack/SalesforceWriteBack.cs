using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Core.Salesforce;
using CpqSync.Core.Stripe;
using System.Text.Json.Nodes;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Records a sync's outcome in Salesforce: the Stripe ids and Dashboard links on the synced records, the order's
/// coupon copies, and the Sync Records a user reads (Success, Error, earlier errors Resolved, oldest ones deleted).
/// </summary>
/// <remarks>
/// The usual sync is one subrequest or two of a call shared with the worker pass's other syncs (<see cref="WriteBackBatch"/>):
/// the write-backs of every object type in shared collections (200 records each), the Sync Records' upsert, and the read
/// of the orders' and their lines' new <c>SystemModstamp</c> (for <see cref="WriteBackEchoes"/>), merged with the other
/// syncs' into collections and IN lists, five per composite request. The primary record's earlier Sync Records come
/// from the store (read from Salesforce, in the same call, only for a record it does not know). One more round only
/// when there are earlier errors to resolve, rows beyond retention to delete, or write-backs Salesforce refused (their
/// Error rows); one query first when the plan copies coupons. Every write is keyed (record ids,
/// <c>Compound_ID__c</c>), so running the same outcome again changes nothing more.
/// </remarks>
public sealed class SalesforceWriteBack(
    SalesforceClient client, TimeProvider time, WriteBackEchoes? echoes = null, ISyncStore? store = null, OrderSnapshotReader? reader = null)
{
    /// <summary>The planner refused the order: one Error row per record at fault; nothing reaches Stripe.</summary>
    public Task<WriteBackReport> RecordPlanErrorsAsync(
        SyncAttempt attempt, IReadOnlyList<SyncError> errors, SyncRecordPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(preferences);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A refused plan has at least one error.", nameof(errors));
        }

        var entries = new SyncRecordEntries(attempt.PrimaryId);
        foreach (var error in errors)
        {
            var secondaryId = error.RecordId ?? attempt.PrimaryId;
            var secondaryType = error.RecordType ?? (error.RecordId is null ? attempt.PrimaryType : RecordTypes.Of(secondaryId));
            entries.Add(new SyncRecordEntry(
                SyncRecordStatus.Error, secondaryType, secondaryId, error.CodeName, error.Message, error.Class == ErrorClass.Transient));
        }

        return new SyncRecordWriter(attempt, preferences, time.GetUtcNow(), store).WriteAsync(client, entries, [], cancellationToken);
    }

    /// <summary>
    /// Stripe ran the plan (fully or up to a failure): writes back what it resolved, then the Sync Records —
    /// Success when Stripe and every write-back succeeded for the primary record, an Error row otherwise.
    /// </summary>
    public Task<WriteBackReport> RecordAppliedAsync(
        SyncAttempt attempt, StripeApplyResult result, SyncRecordPreferences preferences, CancellationToken cancellationToken) =>
        RecordAppliedAsync(attempt, result, [], preferences, cancellationToken);

    /// <summary>
    /// As above, with the plan's warnings: each becomes a Warning row on the record it names (a line dropped for a
    /// negative price), or a note on the primary record's Success row, so a user sees it without a preview.
    /// </summary>
    public async Task<WriteBackReport> RecordAppliedAsync(
        SyncAttempt attempt, StripeApplyResult result, IReadOnlyList<PlanWarning> warnings, SyncRecordPreferences preferences,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(preferences);

        var writes = await CouponCopies.MatchExistingAsync(client, result.WriteBacks, cancellationToken).ConfigureAwait(false);
        var failures = new List<WriteBackFailure>();
        var composite = new CompositeWrites(client);
        RecordWriteBack.Add(composite, writes, failures);
        var syncRecords = new SyncRecordWriter(attempt, preferences, time.GetUtcNow(), store);
        // Sent with the write-back as if every record is accepted; a refusal turns into an Error row afterwards.
        var pending = await syncRecords.AddAsync(composite, Entries(attempt, result, warnings, preferences, []), cancellationToken).ConfigureAwait(false);
        AddEchoRead(composite, attempt, writes);
        // Orders of the page read ahead plan from these ids (a shared account's, a product's) while this write-back
        // waits for its batch: the id map already holds them.
        reader?.WrittenBack(writes.Where(static w => w.Kind == SalesforceWriteKind.Update && w.RecordId is not null)
            .Select(static w => (w.RecordId!, w.Fields)));
        await composite.SendBatchedAsync(cancellationToken).ConfigureAwait(false);

        return await syncRecords.FinishAsync(client, pending, Entries(attempt, result, warnings, preferences, failures), failures, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Orders whose stamps one query reads: their lines come nested, so the page stays under 2,000 rows for most orders.</summary>
    private const int EchoOrdersPerQuery = 200;

    /// <summary>The order's and its lines' stamps after the write-back, read in the same call, so polling skips the echo.</summary>
    private void AddEchoRead(CompositeWrites composite, SyncAttempt attempt, IReadOnlyList<ResolvedSalesforceWrite> writes)
    {
        if (echoes is null || attempt.PrimaryType != PlannerFields.Order
            || !writes.Any(static w => w.Kind == SalesforceWriteKind.Update && w.SObjectType is PlannerFields.Order or PlannerFields.OrderItem))
        {
            return;
        }

        // One IN list for the orders of a batch, after their writes; the fields are those the echo memory compares.
        var orderFields = Soql.Fields(WriteBackEchoes.Fields(PlannerFields.Order));
        var lineFields = Soql.Fields(WriteBackEchoes.Fields(PlannerFields.OrderItem));
        composite.AddQueryById("echo stamps", attempt.PrimaryId, EchoOrdersPerQuery, ids => Soql.Query(
            $"SELECT {orderFields}, (SELECT {lineFields} FROM OrderItems) FROM Order WHERE Id IN {ids}"), (rows, _) =>
        {
            // Unread stamps only cost an echo sync, which changes nothing.
            foreach (var row in (rows ?? []).Where(r => r["Id"]?.GetValue<string>() == attempt.PrimaryId))
            {
                echoes.Remember(PlannerFields.Order, row);
                foreach (var line in (row["OrderItems"]?["records"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    echoes.Remember(PlannerFields.OrderItem, line);
                }
            }
        });
    }

    /// <summary>The Sync Record rows of an applied plan: Success (or Stripe's error) on the primary record, an Error per refused write-back, the warnings.</summary>
    private static SyncRecordEntries Entries(
        SyncAttempt attempt, StripeApplyResult result, IReadOnlyList<PlanWarning> warnings, SyncRecordPreferences preferences,
        IReadOnlyList<WriteBackFailure> failures)
    {
        var primaryWrite = result.WriteBacks.FirstOrDefault(w => w.RecordId == attempt.PrimaryId);
        var stripeId = Value(primaryWrite, PackageFields.StripeId);
        var dashboardLink = PackageFields.OrderLinks.Select(link => Value(primaryWrite, link)).FirstOrDefault(static v => v is not null);

        var entries = new SyncRecordEntries(attempt.PrimaryId);
        if (result.Failure is { } failure)
        {
            entries.Add(StripeError(attempt, failure, preferences) with { StripeObjectId = stripeId, StripeDashboardLink = dashboardLink });
        }
        else
        {
            entries.Add(new SyncRecordEntry(SyncRecordStatus.Success, attempt.PrimaryType, attempt.PrimaryId, null, null, false)
            {
                StripeObjectId = stripeId,
                StripeDashboardLink = dashboardLink,
            });
        }

        foreach (var refused in failures)
        {
            var secondaryId = refused.RecordId ?? attempt.PrimaryId;
            entries.Add(new SyncRecordEntry(
                SyncRecordStatus.Error,
                refused.RecordId is null ? attempt.PrimaryType : refused.SObjectType,
                secondaryId,
                ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError),
                ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, refused.Describe()),
                SalesforceTransience.IsTransient(refused.Errors))
            {
                StripeObjectId = secondaryId == attempt.PrimaryId ? stripeId : null,
            });
        }

        foreach (var warning in warnings)
        {
            var secondaryId = warning.RecordId ?? attempt.PrimaryId;
            entries.Add(new SyncRecordEntry(
                secondaryId == attempt.PrimaryId ? SyncRecordStatus.Success : SyncRecordStatus.Warning,
                secondaryId == attempt.PrimaryId ? attempt.PrimaryType : RecordTypes.Of(secondaryId),
                secondaryId,
                secondaryId == attempt.PrimaryId ? null : warning.Code,
                warning.Message,
                false));
        }

        return entries;
    }

    private static SyncRecordEntry StripeError(SyncAttempt attempt, StripeApplyFailure failure, SyncRecordPreferences preferences)
    {
        var code = SyncFailures.StripeCode(failure.HttpStatus);
        var message = code == SyncErrorCode.RateLimited
            ? ErrorCatalogue.Message(code)
            : ErrorCatalogue.Message(code, SyncFailures.StripeMessage(failure.Message, failure.RequestId));
        var secondaryId = string.IsNullOrEmpty(failure.SourceRecordId) ? attempt.PrimaryId : failure.SourceRecordId;
        return new SyncRecordEntry(
            SyncRecordStatus.Error,
            secondaryId == attempt.PrimaryId ? attempt.PrimaryType : RecordTypes.Of(secondaryId),
            secondaryId,
            ErrorCatalogue.CodeName(code),
            message,
            failure.IsTransient)
        {
            StripeRequestLink = failure.RequestId is null
                ? null
                : StripeDashboard.Url("logs", failure.RequestId, preferences.StripeTestMode),
        };
    }

    private static string? Value(ResolvedSalesforceWrite? write, string field) =>
        write?.Fields.FirstOrDefault(f => f.Key == field).Value;
}
