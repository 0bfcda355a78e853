using CpqSync.Core.Errors;

namespace CpqSync.Core.Planning;

/// <summary>How the order is represented in Stripe.</summary>
public enum PlanShape
{
    /// <summary>Nothing to do: the order is already in Stripe, or it is not eligible.</summary>
    None,
    SubscriptionSchedule,
    Subscription,
    Invoice,
    Amendment,

    /// <summary>Products, a price book's prices or an account synced on their own, without an order.</summary>
    Records,
}

/// <summary>A non-fatal condition worth a warning Sync Record (docs/behaviour.md §12.1, soft conditions).</summary>
public sealed record PlanWarning(string Code, string Message, string? RecordId);

/// <summary>
/// Everything Stripe and Salesforce must receive to bring one order in sync, in execution order. A plan of records
/// synced on their own (<see cref="PlanShape.Records"/>) carries the first record synced in <see cref="OrderId"/>.
/// </summary>
/// <remarks>
/// Plans are deterministic: the same input produces the same plan, byte for byte, so a re-run can compare or
/// replay it and every Stripe call carries a stable idempotency key.
/// </remarks>
public sealed record SyncPlan(
    string OrderId,
    PlanShape Shape,
    IReadOnlyList<StripeOperation> Operations,
    IReadOnlyList<SalesforceWrite> WriteBacks,
    IReadOnlyList<PlanWarning> Warnings);

/// <summary>The planner's answer: a plan, or the reasons there cannot be one.</summary>
public sealed record PlanResult(SyncPlan? Plan, IReadOnlyList<SyncError> Errors)
{
    public bool Succeeded => Plan is not null;

    public static PlanResult Success(SyncPlan plan) => new(plan, []);

    public static PlanResult Failure(IReadOnlyList<SyncError> errors) => new(null, errors);
}
