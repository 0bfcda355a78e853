using CpqSync.Core.Planning;

namespace CpqSync.Stripe;

/// <summary>
/// What applying a plan did: the Stripe object behind each operation that ran (in plan order), the Salesforce
/// write-backs with their references replaced by those ids, and, when Stripe refused an operation, why.
/// </summary>
/// <param name="Applied">The operations that ran, in order. On a failure, the ones before the failed operation.</param>
/// <param name="WriteBacks">
/// Write-backs whose every value could be resolved: all of them on success; on a failure, only those that depend
/// on no operation that did not run, so the ids Stripe already holds can still be recorded in Salesforce.
/// </param>
/// <param name="Failure">Why the run stopped, or <see langword="null"/> when every operation succeeded.</param>
public sealed record StripeApplyResult(
    IReadOnlyList<AppliedStripeOperation> Applied,
    IReadOnlyList<ResolvedSalesforceWrite> WriteBacks,
    StripeApplyFailure? Failure)
{
    public bool Succeeded => Failure is null;

    /// <summary>The Stripe id each operation that ran produced or acted on, by <see cref="StripeOperation.Id"/>.</summary>
    public IReadOnlyDictionary<string, string> StripeIds { get; } =
        Applied.ToDictionary(static a => a.OperationId, static a => a.StripeId, StringComparer.Ordinal);
}

/// <summary>One operation Stripe accepted.</summary>
/// <param name="OperationId">The plan's symbolic id (<c>price:01u…</c>).</param>
/// <param name="StripeId">The id of the object created or acted on (<c>price_…</c>).</param>
/// <param name="Replayed">Stripe answered from its idempotency cache: an earlier run had already done this.</param>
/// <param name="RequestId">Stripe's <c>Request-Id</c>, for support and the Dashboard's logs.</param>
public sealed record AppliedStripeOperation(
    string OperationId,
    StripeOperationKind Kind,
    string StripeId,
    bool Replayed,
    string? RequestId);

/// <summary>A Salesforce write-back with every value resolved to text.</summary>
public sealed record ResolvedSalesforceWrite(
    SalesforceWriteKind Kind,
    string SObjectType,
    string? RecordId,
    IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>
/// An operation Stripe refused (or could not be reached for), named so the user can find and fix its cause.
/// </summary>
/// <param name="OperationId">The plan's symbolic id of the failed operation.</param>
/// <param name="Kind">What the operation does.</param>
/// <param name="SourceRecordId">The Salesforce record the operation comes from.</param>
/// <param name="HttpStatus">Stripe's HTTP status, or <see langword="null"/> when no response arrived.</param>
/// <param name="ErrorType">Stripe's error type (<c>invalid_request_error</c>, <c>api_error</c>…), or <c>api_connection_error</c>.</param>
/// <param name="Code">Stripe's error code (<c>parameter_invalid_empty</c>, <c>resource_missing</c>…), when it gave one.</param>
/// <param name="Param">The request parameter Stripe blames (<c>phases[0][items][0][price]</c>), when it named one.</param>
/// <param name="Message">Stripe's human-readable message.</param>
/// <param name="RequestId">Stripe's <c>Request-Id</c>, when a response arrived.</param>
/// <param name="IsTransient">
/// Whether running the plan again later may succeed unchanged (connection failures, rate limits, lock timeouts,
/// server errors Stripe did not mark <c>Stripe-Should-Retry: false</c>), as opposed to data that must be fixed first.
/// </param>
public sealed record StripeApplyFailure(
    string OperationId,
    StripeOperationKind Kind,
    string SourceRecordId,
    int? HttpStatus,
    string ErrorType,
    string? Code,
    string? Param,
    string Message,
    string? RequestId,
    bool IsTransient);
