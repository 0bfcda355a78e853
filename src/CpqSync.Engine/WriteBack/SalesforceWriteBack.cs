using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Records a sync's outcome in Salesforce: the Stripe ids and Dashboard links on the synced records, the order's
/// coupon copies, and the Sync Records a user reads (Success, Error, earlier errors Resolved, oldest ones deleted).
/// </summary>
/// <remarks>
/// The calls per order do not grow with its lines: one collection update per object type written to (at most
/// 200 records each), one query and one create for the coupon copies (when the plan copies coupons), then for the
/// Sync Records one query, one upsert (new rows and the Resolved flips together) and at most one delete. Every write is
/// keyed (record ids, <c>Compound_ID__c</c>), so running the same outcome again changes nothing more.
/// </remarks>
public sealed class SalesforceWriteBack(SalesforceClient client, TimeProvider time)
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

        return new SyncRecordWriter(client, attempt, preferences, time.GetUtcNow()).WriteAsync(entries, [], cancellationToken);
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

        var failures = await new RecordWriteBack(client).ApplyAsync(result.WriteBacks, cancellationToken).ConfigureAwait(false);
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

        return await new SyncRecordWriter(client, attempt, preferences, time.GetUtcNow())
            .WriteAsync(entries, failures, cancellationToken).ConfigureAwait(false);
    }

    private static SyncRecordEntry StripeError(SyncAttempt attempt, StripeApplyFailure failure, SyncRecordPreferences preferences)
    {
        var code = SyncFailures.StripeCode(failure.HttpStatus);
        // Stripe's own message, verbatim, with the request id so support can find it (docs/behaviour.md §12.1).
        var message = code == SyncErrorCode.RateLimited
            ? ErrorCatalogue.Message(code)
            : ErrorCatalogue.Message(code, failure.RequestId is null ? failure.Message : $"{failure.Message} (request {failure.RequestId})");
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
                : $"https://dashboard.stripe.com/{(preferences.StripeTestMode ? "test/" : "")}logs/{failure.RequestId}",
        };
    }

    private static string? Value(ResolvedSalesforceWrite? write, string field) =>
        write?.Fields.FirstOrDefault(f => f.Key == field).Value;
}
