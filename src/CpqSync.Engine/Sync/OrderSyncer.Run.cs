using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.WriteBack;
using CpqSync.Stripe;
using CpqSync.Stripe.State;

namespace CpqSync.Engine.Sync;

public sealed partial class OrderSyncer
{
    /// <summary>One sync in progress: what it was asked, what it learnt so far, and how it ends.</summary>
    private sealed class Run(
        EngineConnection connection, string orderId, SyncTrigger trigger, int attempt, TimeProvider time, ApiCallTally calls)
    {
        private readonly DateTimeOffset _startedAt = time.GetUtcNow();
        private readonly long _startTimestamp = time.GetTimestamp();

        public EngineConnection Connection { get; } = connection;

        public string OrderId { get; } = orderId;

        public SyncTrigger Trigger { get; } = trigger;

        public string? AccountId { get; set; }

        /// <summary>What the sync read, once read: the order's content hash is computed from it.</summary>
        public (OrderSnapshot Snapshot, SyncConfiguration Configuration)? Read { get; set; }

        /// <summary>What the write-back wrote after Stripe's calls (its <c>Stripe_ID__c</c> values count in the content hash).</summary>
        public IReadOnlyList<ResolvedSalesforceWrite> WrittenBack { get; set; } = [];

        public SyncAttempt Attempt() => new(OrderObject, OrderId, attempt, _startedAt) { AccountId = AccountId };

        public OrderSyncResult Finish(OrderSyncStatus status) =>
            new(OrderId, status, [], calls.Salesforce, calls.Stripe, time.GetElapsedTime(_startTimestamp))
            {
                StartedAt = _startedAt,
                AccountId = AccountId,
            };

        /// <summary>The order's result from the pipeline's outcome; what the write-back wrote counts in the content hash.</summary>
        public OrderSyncResult From(PipelineOutcome outcome)
        {
            WrittenBack = outcome.WrittenBack;
            return Finish(outcome.Status) with
            {
                StripeIds = outcome.StripeIds,
                PlanErrors = outcome.PlanErrors,
                StripeFailure = outcome.StripeFailure,
                StripeUnavailable = outcome.StripeUnavailable,
                ErrorCode = outcome.ErrorCode,
                Message = outcome.Message,
                IsTransient = outcome.IsTransient,
                Unshown = outcome.Unshown,
            };
        }
    }
}
