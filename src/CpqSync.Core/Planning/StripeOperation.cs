namespace CpqSync.Core.Planning;

/// <summary>
/// One Stripe API call of a plan.
/// </summary>
/// <param name="Id">Symbolic id, unique in the plan (<c>price:01u…</c>); later steps and write-backs refer to it.</param>
/// <param name="Kind">What the call does.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">API path; <c>{id}</c> stands for <paramref name="Target"/>.</param>
/// <param name="Target">The Stripe object acted on, for calls on an existing object.</param>
/// <param name="Params">Form-encoded parameters in request order.</param>
/// <param name="IdempotencyKey">Deterministic: Salesforce record id, operation and a hash of the parameters.</param>
/// <param name="SourceRecordId">The Salesforce record the call comes from.</param>
public sealed record StripeOperation(
    string Id,
    StripeOperationKind Kind,
    string Method,
    string Path,
    ParamValue? Target,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Params,
    string IdempotencyKey,
    string SourceRecordId);
