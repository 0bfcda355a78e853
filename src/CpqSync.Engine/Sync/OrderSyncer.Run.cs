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

        public SyncResult Finish(OrderSyncStatus status) => Finish(new SyncResult(OrderObject, OrderId, status));

        /// <summary>
        /// The pipeline's result with what this run counted around it (calls, duration, the account); what the write-back
        /// wrote counts in the content hash.
        /// </summary>
        public SyncResult Finish(SyncResult outcome)
        {
            WrittenBack = outcome.WrittenBack;
            return outcome with
            {
                SalesforceCalls = calls.Salesforce,
                StripeCalls = calls.Stripe,
                Duration = time.GetElapsedTime(_startTimestamp),
                StartedAt = _startedAt,
                AccountId = AccountId,
            };
        }
    }
}
