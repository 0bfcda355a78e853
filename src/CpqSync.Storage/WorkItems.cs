namespace CpqSync.Storage;

/// <summary>A record to sync (or another unit of work), as the engine enqueues it.</summary>
/// <param name="Kind">What to do, such as <c>sync</c>; part of the de-duplication key.</param>
/// <param name="OrderingKey">
/// Items with the same key (a contract id) are leased strictly one at a time, in enqueue order. The default value is
/// <see langword="null"/>: the record itself, so one record is never worked on twice at once.
/// </param>
/// <param name="Payload">Optional data for the worker (JSON); the record's current state is read when the item runs.</param>
public sealed record NewWorkItem(
    Guid ConnectionId,
    string Kind,
    string ObjectName,
    string RecordId,
    string? OrderingKey = null,
    string? Payload = null)
{
    internal string EffectiveOrderingKey => OrderingKey ?? $"{ObjectName}:{RecordId}";
}

/// <summary>The outcome of an enqueue.</summary>
/// <param name="Enqueued"><see langword="false"/> when the same record was already waiting: nothing was added.</param>
public sealed record EnqueueResult(long ItemId, bool Enqueued);

/// <summary>What a worker asks of the queue.</summary>
/// <param name="VisibilityTimeout">How long the items stay leased; past it a crashed worker's items come back.</param>
/// <param name="ConnectionId">Only this connection's items; <see langword="null"/> for every connection.</param>
/// <param name="ParkAfterAttempts">
/// Parks (error code <c>lease_expired</c>) an item whose lease expired after this many attempts, instead of handing it
/// out again: it is probably what crashes its workers. <see langword="null"/> never parks on expiry.
/// </param>
public sealed record LeaseRequest(
    string WorkerId, int MaxItems, TimeSpan VisibilityTimeout, Guid? ConnectionId = null, int? ParkAfterAttempts = null);

/// <summary>An item a worker holds until <see cref="LeasedUntil"/>.</summary>
/// <param name="LeaseToken">Proves the lease on complete and fail; a lease that expired and was re-leased is lost.</param>
/// <param name="Attempt">1 on the first lease, counting leases that expired.</param>
/// <param name="LastError">The previous attempt's error message, if it failed.</param>
public sealed record WorkLease(
    long ItemId,
    Guid ConnectionId,
    string Kind,
    string ObjectName,
    string RecordId,
    string OrderingKey,
    string? Payload,
    int Attempt,
    Guid LeaseToken,
    DateTimeOffset LeasedUntil,
    DateTimeOffset EnqueuedAt,
    string? LastError);

/// <summary>Why an attempt failed and when to try again.</summary>
/// <param name="RetryAt">When the item comes back (the caller computes the backoff); <see langword="null"/> parks it now.</param>
/// <param name="MaxAttempts">The item is parked instead of retried once it has been attempted this many times.</param>
public sealed record WorkFailure(string ErrorCode, string Message, DateTimeOffset? RetryAt, int MaxAttempts);

/// <summary>What became of a failed item.</summary>
public enum WorkFailureResult
{
    /// <summary>The item comes back at its retry time.</summary>
    RetryScheduled,

    /// <summary>The item is parked with its error until someone retries the failed items.</summary>
    Parked,

    /// <summary>The lease had expired and the item went to another worker; nothing was changed.</summary>
    LeaseLost,
}

/// <summary>An item that failed too often or for good, waiting for "retry all failed".</summary>
public sealed record ParkedWorkItem(
    long ItemId,
    Guid ConnectionId,
    string Kind,
    string ObjectName,
    string RecordId,
    int Attempts,
    string? ErrorCode,
    string? Error,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset ParkedAt);

/// <summary>The queue at a glance.</summary>
/// <param name="Retrying">Pending items that failed at least once.</param>
public sealed record QueueSummary(long Pending, long Leased, long Parked, long Retrying, DateTimeOffset? OldestPendingSince);

/// <summary>A record in the queue, as a list shows it.</summary>
/// <param name="State"><c>pending</c>, <c>leased</c> or <c>parked</c>.</param>
/// <param name="ParkedAhead">
/// The record of an earlier parked item with the same ordering key (an order of the same contract): the queue leases
/// this item only once that one is done.
/// </param>
public sealed record QueuedRecord(string RecordId, string State, string? ErrorCode, string? ParkedAhead);
