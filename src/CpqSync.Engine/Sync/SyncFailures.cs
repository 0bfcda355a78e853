using CpqSync.Core.Errors;

namespace CpqSync.Engine.Sync;

/// <summary>
/// The one mapping from a sync's failures to catalogue codes, shared by order and record syncs, their results and their
/// Sync Records. Whether a failure is transient is each source's verdict (<c>SalesforceTransience</c>, the Stripe
/// applier's and reader's <c>IsTransient</c>), never decided here again.
/// </summary>
public static class SyncFailures
{
    /// <summary>A Stripe refusal's code: <c>RATE_LIMITED</c> for a <c>429</c>, <c>STRIPE_API_ERROR</c> otherwise.</summary>
    /// <param name="httpStatus">Stripe's HTTP status, or <see langword="null"/> when no answer arrived.</param>
    public static SyncErrorCode StripeCode(int? httpStatus) => httpStatus == 429 ? SyncErrorCode.RateLimited : SyncErrorCode.StripeApiError;

    /// <summary>Stripe gave no answer, or refused the API key or its permissions: the connection is at fault, not the order.</summary>
    public static bool StripeUnavailable(int? httpStatus) => httpStatus is null or 401 or 403;

    /// <summary>Stripe's own message, verbatim, with the request id so support can find it (docs/behaviour.md §12.1).</summary>
    public static string StripeMessage(string message, string? requestId) => requestId is null ? message : $"{message} (request {requestId})";
}
