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

        public IReadOnlyList<string> StripeIds { get; set; } = [];

        /// <summary>What the sync read, once read: the order's content hash is computed from it.</summary>
        public (OrderSnapshot Snapshot, SyncConfiguration Configuration)? Read { get; set; }

        /// <summary>What the write-back wrote after Stripe's calls (its <c>Stripe_ID__c</c> values count in the content hash).</summary>
        public IReadOnlyList<ResolvedSalesforceWrite> WrittenBack { get; set; } = [];

        public SyncAttempt Attempt() => new(OrderObject, OrderId, attempt, _startedAt) { AccountId = AccountId };

        public OrderSyncResult Finish(OrderSyncStatus status) =>
            new(OrderId, status, StripeIds, calls.Salesforce, calls.Stripe, time.GetElapsedTime(_startTimestamp))
            {
                StartedAt = _startedAt,
                AccountId = AccountId,
            };

        public OrderSyncResult SalesforceFailed(string message, bool isTransient) =>
            Finish(OrderSyncStatus.SalesforceFailed) with
            {
                ErrorCode = ErrorCatalogue.CodeName(SyncErrorCode.SalesforceApiError),
                Message = ErrorCatalogue.Message(SyncErrorCode.SalesforceApiError, message),
                IsTransient = isTransient,
            };

        /// <summary>Stripe could not be read before planning: nothing was written.</summary>
        public OrderSyncResult StripeUnreadable(StripeStateReadException unreadable) =>
            Finish(OrderSyncStatus.StripeFailed) with
            {
                ErrorCode = ErrorCatalogue.CodeName(SyncFailures.StripeCode(unreadable.HttpStatus)),
                Message = unreadable.RequestId is null ? unreadable.Message : $"{unreadable.Message} (request {unreadable.RequestId})",
                IsTransient = unreadable.IsTransient,
                StripeUnavailable = SyncFailures.StripeUnavailable(unreadable.HttpStatus),
            };

        public OrderSyncResult StripeFailed(StripeApplyFailure failure)
        {
            return Finish(OrderSyncStatus.StripeFailed) with
            {
                StripeFailure = failure,
                StripeUnavailable = SyncFailures.StripeUnavailable(failure.HttpStatus),
                ErrorCode = ErrorCatalogue.CodeName(SyncFailures.StripeCode(failure.HttpStatus)),
                Message = failure.RequestId is null ? failure.Message : $"{failure.Message} (request {failure.RequestId})",
                IsTransient = failure.IsTransient,
            };
        }
    }
}
