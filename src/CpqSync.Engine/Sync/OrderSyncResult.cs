using CpqSync.Core.Errors;
using CpqSync.Stripe;

namespace CpqSync.Engine.Sync;

/// <summary>How one order's sync ended.</summary>
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
    /// refused, <see cref="OrderSyncResult.ErrorCode"/> repeats its code and the order still counts as failed.
    /// </summary>
    Unchanged,
}

/// <summary>The outcome of syncing one order, as the worker, the CLI and the web app report it.</summary>
/// <param name="StripeIds">The Stripe objects written or confirmed, the order's own (schedule, subscription, invoice) first.</param>
/// <param name="SalesforceCalls">Salesforce API requests this sync made (each composite request counts once).</param>
/// <param name="StripeCalls">Stripe API requests this sync made, retries included.</param>
public sealed record OrderSyncResult(
    string OrderId,
    OrderSyncStatus Status,
    IReadOnlyList<string> StripeIds,
    int SalesforceCalls,
    int StripeCalls,
    TimeSpan Duration)
{
    /// <summary>Why the planner refused the order (<see cref="OrderSyncStatus.PlanRefused"/>).</summary>
    public IReadOnlyList<SyncError> PlanErrors { get; init; } = [];

    /// <summary>What Stripe refused (<see cref="OrderSyncStatus.StripeFailed"/>).</summary>
    public StripeApplyFailure? StripeFailure { get; init; }

    /// <summary>
    /// Stripe gave no answer or refused the API key (<see cref="OrderSyncStatus.StripeFailed"/>): the connection is at
    /// fault, not the order.
    /// </summary>
    public bool StripeUnavailable { get; init; }

    /// <summary>A catalogue code (<c>STRIPE_API_ERROR</c>, <c>SALESFORCE_API_ERROR</c>…), or <see langword="null"/> on success.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What a user reads about the failure (the Sync Record's message), or <see langword="null"/> on success.</summary>
    public string? Message { get; init; }

    /// <summary>Whether trying the same sync again later may succeed unchanged (rate limits, outages, lock timeouts).</summary>
    public bool IsTransient { get; init; }

    /// <summary>When the sync began.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The order's account, when the snapshot was read.</summary>
    public string? AccountId { get; init; }

    /// <summary>
    /// The failure no Sync Record shows yet (Salesforce failed too): written when the order is parked. <see langword="null"/>
    /// when Salesforce shows the outcome.
    /// </summary>
    internal SyncError? Unshown { get; init; }

    /// <summary>Synced, nothing to do, or unchanged since a sync that was (an order still refused is not).</summary>
    public bool Succeeded => Status is OrderSyncStatus.Succeeded or OrderSyncStatus.Skipped || (Status == OrderSyncStatus.Unchanged && ErrorCode is null);
}
