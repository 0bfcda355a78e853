using CpqSync.Core.Errors;
using CpqSync.Engine.WriteBack;
using CpqSync.Stripe;
using CpqSync.Stripe.State;

namespace CpqSync.Engine.Sync;

/// <summary>How one target's sync ended (an order's, or one record's of a manual record sync).</summary>
public enum OrderSyncStatus
{
    /// <summary>Stripe holds the order and Salesforce shows its ids and a Success Sync Record.</summary>
    Succeeded,

    /// <summary>Nothing to do: the plan had no Stripe operation and nothing to write back (not activated, already synced…).</summary>
    Skipped,

    /// <summary>The planner refused the order (its data must be fixed); Error Sync Records name why.</summary>
    PlanRefused,

    /// <summary>Stripe refused an operation or could not be reached.</summary>
    StripeFailed,

    /// <summary>Salesforce refused a read or a write-back, or could not be reached.</summary>
    SalesforceFailed,

    /// <summary>No such order is visible to the integration user.</summary>
    NotFound,

    /// <summary>
    /// A live or backfill sync found the order as its last completed sync left it (only CpqSync's own write-back or audit
    /// fields moved): nothing was planned, Stripe was not called and no Sync Record was written. When that sync was
    /// refused, <see cref="SyncResult.ErrorCode"/> repeats its code and the order still counts as failed.
    /// </summary>
    Unchanged,
}

/// <summary>
/// How one target's pass through the <see cref="SyncPipeline"/> ended — an order, a product, a price book entry or an
/// account — as the worker, the CLI and the web app report it: status, catalogue code, message, the Stripe objects and
/// one transience verdict, taken from the failure's source once (in the pipeline) and never decided again.
/// </summary>
/// <remarks>
/// The pipeline's stages make it; the caller adds what it counted around them (<see cref="SalesforceCalls"/>,
/// <see cref="StripeCalls"/>, <see cref="Duration"/>) with <see langword="with"/>. A manual record sync returns one per
/// record (<c>RecordSyncResult.Items</c>).
/// </remarks>
/// <param name="ObjectType">The target's sObject type (<c>Order</c>, <c>Product2</c>, <c>PricebookEntry</c>, <c>Account</c>).</param>
/// <param name="RecordId">The target's Salesforce id.</param>
public sealed record SyncResult(string ObjectType, string RecordId, OrderSyncStatus Status)
{
    /// <summary>The Stripe objects written or confirmed, the target's own (for an order: schedule, subscription, invoice) first.</summary>
    public IReadOnlyList<string> StripeIds { get; init; } = [];

    /// <summary>Salesforce API requests this sync made (each composite request counts once); counted for orders.</summary>
    public int SalesforceCalls { get; init; }

    /// <summary>Stripe API requests this sync made, retries included; counted for orders.</summary>
    public int StripeCalls { get; init; }

    /// <summary>How long the sync took; measured for orders.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Why the planner refused the target (<see cref="OrderSyncStatus.PlanRefused"/>).</summary>
    public IReadOnlyList<SyncError> PlanErrors { get; init; } = [];

    /// <summary>What Stripe refused (<see cref="OrderSyncStatus.StripeFailed"/>).</summary>
    public StripeApplyFailure? StripeFailure { get; init; }

    /// <summary>
    /// Stripe gave no answer or refused the API key (<see cref="OrderSyncStatus.StripeFailed"/>): the connection is at
    /// fault, not the target.
    /// </summary>
    public bool StripeUnavailable { get; init; }

    /// <summary>A catalogue code (<c>STRIPE_API_ERROR</c>, <c>SALESFORCE_API_ERROR</c>…), or <see langword="null"/> on success.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What a user reads about the failure (the Sync Record's message), or <see langword="null"/> on success.</summary>
    public string? Message { get; init; }

    /// <summary>Whether trying the same sync again later may succeed unchanged (rate limits, outages, lock timeouts): the source's own verdict.</summary>
    public bool IsTransient { get; init; }

    /// <summary>When the sync began.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The order's account, when the snapshot was read.</summary>
    public string? AccountId { get; init; }

    /// <summary>
    /// The failure no Sync Record shows yet (Salesforce refused the write-back or could not be read): the pipeline writes
    /// it once the failure is final (not transient, or parked). <see langword="null"/> when Salesforce shows the outcome.
    /// </summary>
    internal SyncError? Unshown { get; init; }

    /// <summary>What the write-back wrote after Stripe's calls (an order's content hash counts its <c>Stripe_ID__c</c> values).</summary>
    internal IReadOnlyList<ResolvedSalesforceWrite> WrittenBack { get; init; } = [];

    /// <summary>Stripe made (not replayed) at least one object.</summary>
    internal bool Created { get; init; }

    /// <summary>The Sync Records written, when the write-back ran.</summary>
    internal WriteBack.WriteBackReport? Report { get; init; }

    /// <summary>Synced, nothing to do, or unchanged since a sync that was (an order still refused is not).</summary>
    public bool Succeeded => Status is OrderSyncStatus.Succeeded or OrderSyncStatus.Skipped || (Status == OrderSyncStatus.Unchanged && ErrorCode is null);

    /// <summary>Salesforce refused a read or a write, or could not be reached.</summary>
    internal static SyncResult SalesforceFailed(string objectType, string recordId, string message, bool isTransient) =>
        new(objectType, recordId, OrderSyncStatus.SalesforceFailed)
        {
            ErrorCode = ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError),
            Message = ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, message),
            IsTransient = isTransient,
            Unshown = new SyncError(SyncErrorCode.SalesforceApiError, ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, message),
                objectType, recordId, null),
        };

    /// <summary>The planner (or the resolver's conflicts) refused the target.</summary>
    internal static SyncResult Refused(string objectType, string recordId, IReadOnlyList<SyncError> errors) =>
        new(objectType, recordId, OrderSyncStatus.PlanRefused)
        {
            PlanErrors = errors,
            ErrorCode = errors[0].CodeName,
            Message = errors[0].Message,
            IsTransient = errors.All(static e => e.Class == ErrorClass.Transient),
        };

    /// <summary>Stripe could not be read before planning: nothing reached Stripe.</summary>
    internal static SyncResult StripeUnreadable(string objectType, string recordId, StripeStateReadException unreadable)
    {
        var code = SyncFailures.StripeCode(unreadable.HttpStatus);
        var message = SyncFailures.StripeMessage(unreadable.Message, unreadable.RequestId);
        return new(objectType, recordId, OrderSyncStatus.StripeFailed)
        {
            ErrorCode = ErrorCatalogue.CodeName(code),
            Message = message,
            IsTransient = unreadable.IsTransient,
            StripeUnavailable = SyncFailures.StripeUnavailable(unreadable.HttpStatus),
            Unshown = new SyncError(code, ErrorCatalogue.Message(code, message), objectType, recordId, null),
        };
    }

    /// <summary>Stripe refused an operation of the plan; the write-back already showed it on an Error Sync Record.</summary>
    internal static SyncResult StripeFailed(string objectType, string recordId, StripeApplyFailure failure) =>
        new(objectType, recordId, OrderSyncStatus.StripeFailed)
        {
            StripeFailure = failure,
            StripeUnavailable = SyncFailures.StripeUnavailable(failure.HttpStatus),
            ErrorCode = ErrorCatalogue.CodeName(SyncFailures.StripeCode(failure.HttpStatus)),
            Message = SyncFailures.StripeMessage(failure.Message, failure.RequestId),
            IsTransient = failure.IsTransient,
        };
}
