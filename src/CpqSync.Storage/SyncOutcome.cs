namespace CpqSync.Storage;

/// <summary>How one sync attempt of a record ended (the statuses of <c>Stripe_Sync_Record__c</c>, plus skipped).</summary>
public enum SyncStatus
{
    /// <summary>Synced.</summary>
    Success,

    /// <summary>Failed; the message comes from the error catalogue.</summary>
    Error,

    /// <summary>An error that a later successful sync of the same record resolved.</summary>
    Resolved,

    /// <summary>Nothing to do (unchanged, filtered out).</summary>
    Skipped,
}

/// <summary>One sync attempt's outcome, as the engine records it.</summary>
/// <param name="StripeIds">The Stripe objects written, the primary one first.</param>
public sealed record SyncOutcome(
    Guid ConnectionId,
    string ObjectType,
    string RecordId,
    SyncStatus Status,
    string? ErrorCode,
    string? Message,
    IReadOnlyList<string> StripeIds,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    long? WorkItemId = null,
    int Attempt = 1);

/// <summary>A logged outcome, as the dashboard and write-back read it.</summary>
/// <param name="SalesforceSyncRecordId">The <c>Stripe_Sync_Record__c</c> written for it, once written back.</param>
/// <param name="AwaitingWriteBack">Created or changed (resolved) since it was last written back to Salesforce.</param>
public sealed record SyncOutcomeEntry(
    long Id,
    Guid ConnectionId,
    string ObjectType,
    string RecordId,
    SyncStatus Status,
    string? ErrorCode,
    string? Message,
    IReadOnlyList<string> StripeIds,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    long? WorkItemId,
    int Attempt,
    string? SalesforceSyncRecordId,
    bool AwaitingWriteBack)
{
    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>Filters for the recent outcomes, newest first; every filter is optional.</summary>
/// <param name="RecordId">One record's history.</param>
/// <param name="BeforeId">Paging: only outcomes older than this id.</param>
/// <param name="AfterId">Paging back: only outcomes newer than this id, read oldest first (the caller turns the page round).</param>
public sealed record OutcomeQuery(
    Guid? ConnectionId = null,
    string? ObjectType = null,
    SyncStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50,
    long? BeforeId = null,
    string? RecordId = null,
    long? AfterId = null);

/// <summary>Outcome counts in one time bucket (by when the attempt finished).</summary>
public sealed record OutcomeBucket(DateTimeOffset Start, long Success, long Error, long Resolved, long Skipped);

/// <summary>How often an error code occurred in a period.</summary>
public sealed record ErrorCodeCount(string ErrorCode, long Count, DateTimeOffset LastSeenAt);

/// <summary>A Sync Record written to Salesforce for an outcome.</summary>
public sealed record WrittenBack(long OutcomeId, string SalesforceSyncRecordId);
