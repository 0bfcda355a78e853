namespace CpqSync.Storage;

/// <summary>
/// The engine's side of the store: every method is one atomic write (or the read that precedes one).
/// The dashboard reads through <see cref="ISyncMonitor"/> instead.
/// </summary>
/// <remarks>
/// Crash safety: completing or failing a work item records its outcome in the same transaction, and id mappings are
/// kept unique by constraints, so a worker killed at any instant leaves either the whole step or none of it.
/// </remarks>
public interface ISyncStore
{
    StoreCapabilities Capabilities { get; }

    /// <exception cref="DuplicateConnectionException">A connection with this name exists.</exception>
    Task<SyncConnection> CreateConnectionAsync(NewSyncConnection connection, CancellationToken cancellationToken);

    Task<SyncConnection?> GetConnectionAsync(Guid connectionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncConnection>> ListConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the configuration document if the connection is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>The updated connection, or <see langword="null"/> when another writer changed it first (reload and retry).</returns>
    Task<SyncConnection?> UpdateConfigurationAsync(
        Guid connectionId, string configurationJson, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a connection with its credentials, id map, cursors, queue and outcome log.</summary>
    /// <returns><see langword="false"/> when there was no such connection.</returns>
    Task<bool> DeleteConnectionAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>Encrypts and stores the connection's credentials, replacing the previous ones.</summary>
    Task SetSecretsAsync(Guid connectionId, ConnectionSecrets secrets, CancellationToken cancellationToken);

    /// <summary>Decrypts the connection's credentials (<see cref="ConnectionSecrets.Empty"/> when none are stored).</summary>
    /// <exception cref="StorageKeyMismatchException">The configured key is not the one they were encrypted with.</exception>
    Task<ConnectionSecrets> GetSecretsAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>Records a mapping unless the record (or the Stripe object) is already mapped; never overwrites.</summary>
    Task<IdMapResult> MapAsync(IdMapping mapping, CancellationToken cancellationToken);

    Task<IdMapping?> FindMappingAsync(
        Guid connectionId, string salesforceObject, string salesforceId, string stripeObject, CancellationToken cancellationToken);

    Task<IdMapping?> FindMappingByStripeIdAsync(
        Guid connectionId, string stripeObject, string stripeId, CancellationToken cancellationToken);

    /// <summary>Stores the content hash last synced for a mapping; <see langword="false"/> when there is no such mapping.</summary>
    Task<bool> RecordSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, string stripeObject, string contentHash,
        CancellationToken cancellationToken);

    /// <summary>The content hash of a record's last completed sync, or <see langword="null"/> when none is kept.</summary>
    Task<SyncedContentHash?> FindSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the content hash of a record's completed sync (replacing the last one), or forgets it
    /// (<paramref name="content"/> <see langword="null"/>) while a sync runs.
    /// </summary>
    Task SaveSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, SyncedContentHash? content, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a sync is about to write to Stripe for <see cref="StripeWriteAttempt.RecordId"/>; a row already there (an
    /// interrupted attempt) keeps its records and gains the new ones.
    /// </summary>
    Task StartAttemptAsync(StripeWriteAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The record's sync recorded its Stripe ids in the id map: no Stripe object of it is unknown any more.</summary>
    Task FinishAttemptAsync(Guid connectionId, string recordId, CancellationToken cancellationToken);

    /// <summary>Attempts started and not finished (in flight, or interrupted), oldest first.</summary>
    Task<IReadOnlyList<StripeWriteAttempt>> GetUnfinishedAttemptsAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// The Sync Records the store knows <paramref name="primaryId"/> has in Salesforce; <see langword="null"/> when it
    /// does not know (the record was synced before the store kept them: its rows must be read from Salesforce once).
    /// </summary>
    Task<IReadOnlyList<SyncRecordRow>?> GetSyncRecordRowsAsync(Guid connectionId, string primaryId, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers what a write-back did to <paramref name="primaryId"/>'s Sync Records (rows written or found, rows
    /// deleted); from then on the store knows them.
    /// </summary>
    Task SaveSyncRecordRowsAsync(
        Guid connectionId, string primaryId, IReadOnlyList<SyncRecordRow> rows, IReadOnlyList<string> removedCompoundIds,
        CancellationToken cancellationToken);

    Task<KnownStripeObject?> FindStripeObjectAsync(Guid connectionId, string stripeId, CancellationToken cancellationToken);

    /// <summary>Stores what is known of a Stripe object; a <see langword="null"/> field keeps the value stored before.</summary>
    Task RecordStripeObjectAsync(KnownStripeObject known, CancellationToken cancellationToken);

    Task<ChangeCursor?> GetCursorAsync(Guid connectionId, string objectName, CancellationToken cancellationToken);

    Task SaveCursorAsync(ChangeCursor cursor, CancellationToken cancellationToken);

    Task<ReplayPosition?> GetReplayPositionAsync(Guid connectionId, string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Queues what change events revealed and stores the subscription's replay position past them, in one transaction:
    /// the position never gets ahead of the queue, so a crash between the two loses no event (it is delivered again).
    /// </summary>
    Task<IReadOnlyList<EnqueueResult>> EnqueueEventsAsync(
        IReadOnlyList<NewWorkItem> items, ReplayPosition advanceTo, CancellationToken cancellationToken);

    /// <summary>Queues a record, unless the same record (same kind) is already waiting.</summary>
    Task<EnqueueResult> EnqueueAsync(NewWorkItem item, CancellationToken cancellationToken);

    /// <summary>
    /// Queues what one poll found and moves the cursor past it, in one transaction: the cursor never gets ahead of the
    /// queue, so a crash between the two loses no record (the next poll re-reads and de-duplicates).
    /// </summary>
    Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(
        IReadOnlyList<NewWorkItem> items, ChangeCursor? advanceTo, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <see cref="LeaseRequest.MaxItems"/> due items, oldest first, at most one per ordering key; an item
    /// behind an unfinished (leased, waiting or parked) item of its ordering key waits for it.
    /// </summary>
    Task<IReadOnlyList<WorkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Extends a lease for long work; <see langword="false"/> when the lease was lost.</summary>
    Task<bool> RenewLeaseAsync(WorkLease lease, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Removes a finished item and logs its outcome atomically; <see langword="false"/> (and nothing logged) when the lease was lost.</summary>
    Task<bool> CompleteAsync(WorkLease lease, SyncOutcome? outcome, CancellationToken cancellationToken);

    /// <summary>Schedules a retry or parks the item, and logs its outcome, atomically.</summary>
    Task<WorkFailureResult> FailAsync(WorkLease lease, WorkFailure failure, SyncOutcome? outcome, CancellationToken cancellationToken);

    /// <summary>"Retry all failed": every parked item of the connection is due now, with its attempts reset.</summary>
    /// <returns>How many items came back.</returns>
    Task<int> RetryParkedAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// Records of one object whose last logged outcome is an <see cref="SyncStatus.Error"/> and that are not in the
    /// queue (waiting, leased or parked): the failures nothing will sync again unless they are queued. Oldest failure first.
    /// </summary>
    Task<IReadOnlyList<string>> GetFailedRecordsAsync(Guid connectionId, string objectName, CancellationToken cancellationToken);

    /// <summary>
    /// Logs an outcome outside the queue (a manual sync). A <see cref="SyncStatus.Success"/> turns the record's earlier
    /// errors into <see cref="SyncStatus.Resolved"/>.
    /// </summary>
    Task<long> RecordOutcomeAsync(SyncOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Outcomes created or resolved since they were last written back to Salesforce, oldest first.</summary>
    Task<IReadOnlyList<SyncOutcomeEntry>> GetPendingWriteBacksAsync(Guid connectionId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Retention of the local log: deletes outcomes that finished before <paramref name="before"/>, except those still
    /// awaiting write-back.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    Task<int> DeleteOutcomesBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Marks outcomes as written back, keeping the Sync Record ids for later updates.</summary>
    Task MarkWrittenBackAsync(IReadOnlyList<WrittenBack> writtenBack, CancellationToken cancellationToken);
}
