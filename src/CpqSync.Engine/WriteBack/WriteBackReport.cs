using CpqSync.Core.Salesforce;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>What the write-back did in Salesforce for one sync.</summary>
/// <param name="Failures">Every record Salesforce refused (write-backs and Sync Records alike), with its errors.</param>
/// <param name="SyncRecords">The Sync Records written by this sync: compound id and Salesforce id.</param>
/// <param name="Resolved">How many earlier Error rows this sync flipped to Resolved.</param>
/// <param name="Deleted">How many old Sync Records retention deleted.</param>
public sealed record WriteBackReport(
    IReadOnlyList<WriteBackFailure> Failures,
    IReadOnlyList<WrittenSyncRecord> SyncRecords,
    int Resolved,
    int Deleted)
{
    public bool Succeeded => Failures.Count == 0;

    /// <summary>
    /// Salesforce refused this sync's Sync Records (sent with the write-back, so a refusal comes back here rather than
    /// as an exception): no row shows the outcome yet.
    /// </summary>
    public bool SyncRecordsRefused =>
        SyncRecords.Count == 0 && Failures.Any(static f => f is { SObjectType: PackageFields.SyncRecordObject, Operation: "upsert" });
}

/// <summary>A Sync Record as written: its upsert key, its id and status.</summary>
public sealed record WrittenSyncRecord(string CompoundId, string? Id, string Status, bool Created);

/// <summary>A record Salesforce did not save, and Salesforce's own reasons.</summary>
/// <param name="SObjectType">The record's type.</param>
/// <param name="RecordId">The record's id, or <see langword="null"/> for a create.</param>
/// <param name="Operation"><c>update</c>, <c>create</c>, <c>upsert</c>, <c>delete</c> or <c>query</c>.</param>
/// <param name="Errors">Salesforce's error array for the record.</param>
public sealed record WriteBackFailure(string SObjectType, string? RecordId, string Operation, IReadOnlyList<SalesforceError> Errors)
{
    /// <summary>Salesforce's codes and messages verbatim, as a user reads them in a Sync Record.</summary>
    public string Describe() => string.Join("; ", Errors.Select(e => $"{e.ErrorCode}: {e.Message}"));
}
