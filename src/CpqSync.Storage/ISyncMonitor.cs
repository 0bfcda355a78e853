namespace CpqSync.Storage;

/// <summary>The dashboard's read model of the store: the outcome log and the queue. It never writes.</summary>
public interface ISyncMonitor
{
    /// <summary>Outcomes matching the filters, newest first (oldest first with <see cref="OutcomeQuery.AfterId"/>).</summary>
    Task<IReadOnlyList<SyncOutcomeEntry>> GetRecentOutcomesAsync(OutcomeQuery query, CancellationToken cancellationToken);

    /// <summary>Outcome counts per status in buckets of <paramref name="bucketSize"/> over [from, to); empty buckets are left out.</summary>
    Task<IReadOnlyList<OutcomeBucket>> GetOutcomeCountsAsync(
        Guid? connectionId, DateTimeOffset from, DateTimeOffset to, TimeSpan bucketSize, CancellationToken cancellationToken);

    /// <summary>Errors over [from, to) by error code, most frequent first; resolved errors count too.</summary>
    Task<IReadOnlyList<ErrorCodeCount>> GetErrorCountsAsync(
        Guid? connectionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<QueueSummary> GetQueueSummaryAsync(Guid? connectionId, CancellationToken cancellationToken);

    /// <summary>The latest outcome of each of these records that has one (a list page joins them to its rows).</summary>
    Task<IReadOnlyList<SyncOutcomeEntry>> GetLastOutcomesAsync(
        Guid connectionId, string objectType, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken);

    /// <summary>
    /// The queue items of these records (waiting, leased or parked), each with the parked item of its ordering key it
    /// waits behind, if any.
    /// </summary>
    Task<IReadOnlyList<QueuedRecord>> GetQueuedRecordsAsync(
        Guid connectionId, string objectName, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken);

    /// <summary>The records mapped to a Stripe id, whatever the Stripe object (a search by Stripe id).</summary>
    Task<IReadOnlyList<IdMapping>> FindMappingsByStripeIdAsync(Guid connectionId, string stripeId, CancellationToken cancellationToken);

    /// <summary>Parked items, most recently parked first.</summary>
    Task<IReadOnlyList<ParkedWorkItem>> GetParkedItemsAsync(Guid? connectionId, int limit, CancellationToken cancellationToken);
}
