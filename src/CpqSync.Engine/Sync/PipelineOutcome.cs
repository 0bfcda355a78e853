using CpqSync.Core.Errors;
using CpqSync.Stripe;
using CpqSync.Stripe.State;

namespace CpqSync.Engine.Sync;

/// <summary>
/// How one target's pass through the <see cref="SyncPipeline"/> ended: status, catalogue code, message and one
/// transience verdict, whatever the target (an order, a product, a price book entry, an account).
/// </summary>
/// <remarks>
/// Order and record syncs turn it into their public results (<see cref="OrderSyncResult"/>,
/// <c>RecordSyncItem</c>); the verdict is taken from each failure's source once, here, and never decided again.
/// </remarks>
internal sealed record PipelineOutcome(OrderSyncStatus Status)
{
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    /// <summary>Whether the same sync may succeed later unchanged: the source's own verdict.</summary>
    public bool IsTransient { get; init; }

    /// <summary>The Stripe objects written or confirmed, the primary record's own first.</summary>
    public IReadOnlyList<string> StripeIds { get; init; } = [];

    public IReadOnlyList<SyncError> PlanErrors { get; init; } = [];

    public StripeApplyFailure? StripeFailure { get; init; }

    public bool StripeUnavailable { get; init; }

    /// <summary>What the write-back wrote after Stripe's calls.</summary>
    public IReadOnlyList<ResolvedSalesforceWrite> WrittenBack { get; init; } = [];

    /// <summary>Stripe made (not replayed) at least one object.</summary>
    public bool Created { get; init; }

    /// <summary>The Sync Records written, when the write-back ran.</summary>
    public WriteBack.WriteBackReport? Report { get; init; }

    /// <summary>
    /// The failure no Sync Record shows yet (Salesforce refused the write-back or could not be read): the pipeline writes
    /// it once the failure is final (not transient, or parked). <see langword="null"/> when Salesforce shows the outcome.
    /// </summary>
    public SyncError? Unshown { get; init; }

    public bool Succeeded => Status is OrderSyncStatus.Succeeded or OrderSyncStatus.Skipped;

    /// <summary>Salesforce refused a read or a write, or could not be reached.</summary>
    public static PipelineOutcome SalesforceFailed(string primaryType, string primaryId, string message, bool isTransient) =>
        new(OrderSyncStatus.SalesforceFailed)
        {
            ErrorCode = ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError),
            Message = ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, message),
            IsTransient = isTransient,
            Unshown = new SyncError(SyncErrorCode.SalesforceApiError, ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, message),
                primaryType, primaryId, null),
        };

    /// <summary>The planner (or the resolver's conflicts) refused the target.</summary>
    public static PipelineOutcome Refused(IReadOnlyList<SyncError> errors) =>
        new(OrderSyncStatus.PlanRefused)
        {
            PlanErrors = errors,
            ErrorCode = errors[0].CodeName,
            Message = errors[0].Message,
            IsTransient = errors.All(static e => e.Class == ErrorClass.Transient),
        };

    /// <summary>Stripe could not be read before planning: nothing reached Stripe.</summary>
    public static PipelineOutcome StripeUnreadable(string primaryType, string primaryId, StripeStateReadException unreadable)
    {
        var code = SyncFailures.StripeCode(unreadable.HttpStatus);
        var message = SyncFailures.StripeMessage(unreadable.Message, unreadable.RequestId);
        return new(OrderSyncStatus.StripeFailed)
        {
            ErrorCode = ErrorCatalogue.CodeName(code),
            Message = message,
            IsTransient = unreadable.IsTransient,
            StripeUnavailable = SyncFailures.StripeUnavailable(unreadable.HttpStatus),
            Unshown = new SyncError(code, ErrorCatalogue.Message(code, message), primaryType, primaryId, null),
        };
    }

    /// <summary>Stripe refused an operation of the plan; the write-back already showed it on an Error Sync Record.</summary>
    public static PipelineOutcome StripeFailed(StripeApplyFailure failure) =>
        new(OrderSyncStatus.StripeFailed)
        {
            StripeFailure = failure,
            StripeUnavailable = SyncFailures.StripeUnavailable(failure.HttpStatus),
            ErrorCode = ErrorCatalogue.CodeName(SyncFailures.StripeCode(failure.HttpStatus)),
            Message = SyncFailures.StripeMessage(failure.Message, failure.RequestId),
            IsTransient = failure.IsTransient,
        };
}
