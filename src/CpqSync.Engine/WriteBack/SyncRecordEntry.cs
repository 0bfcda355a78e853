using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Core.Errors;
using CpqSync.Core.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>The content of one Sync Record row before it is upserted.</summary>
internal sealed record SyncRecordEntry(
    string Status,
    string? SecondaryType,
    string SecondaryId,
    string? ErrorCode,
    string? Message,
    bool Retryable)
{
    public string? StripeObjectId { get; init; }

    public string? StripeDashboardLink { get; init; }

    public string? StripeRequestLink { get; init; }

    public static string CompoundId(string primaryId, string secondaryId) => primaryId + "-" + secondaryId;

    public JsonObject ToRecord(SyncAttempt attempt, SyncRecordPreferences preferences, DateTimeOffset completedAt)
    {
        var isError = Status == SyncRecordStatus.Error;
        var record = new JsonObject
        {
            [PackageFields.SyncRecord.CompoundId] = CompoundId(attempt.PrimaryId, SecondaryId),
            [PackageFields.SyncRecord.PrimaryRecordId] = attempt.PrimaryId,
            [PackageFields.SyncRecord.PrimaryObjectType] = attempt.PrimaryType,
            [PackageFields.SyncRecord.SecondaryRecordId] = SecondaryId,
            [PackageFields.SyncRecord.SecondaryObjectType] = SecondaryType,
            [PackageFields.SyncRecord.ResolutionStatus] = Status,
            [PackageFields.SyncRecord.ResolutionMessage] = Message,
            [PackageFields.SyncRecord.ResolutionDocumentationLink] = isError ? ErrorReference.Link(preferences.DocumentationLink, ErrorCode) : null,
            [PackageFields.SyncRecord.ErrorCode] = ErrorCode,
            [PackageFields.SyncRecord.Retryable] = Retryable,
            [PackageFields.SyncRecord.Attempt] = attempt.Attempt,
            [PackageFields.SyncRecord.StripeObjectId] = StripeObjectId,
            [PackageFields.SyncRecord.StripeDashboardLink] = StripeDashboardLink,
            [PackageFields.SyncRecord.StripeRequestDashboardLink] = StripeRequestLink,
            [PackageFields.SyncRecord.StartedAt] = Timestamp(attempt.StartedAt),
            [PackageFields.SyncRecord.CompletedAt] = Timestamp(completedAt),
        };
        if (attempt.PrimaryType == "Order")
        {
            record[PackageFields.SyncRecord.Order] = attempt.PrimaryId;
        }

        if (attempt.AccountId is not null)
        {
            record[PackageFields.SyncRecord.Account] = attempt.AccountId;
        }

        return record;
    }

    /// <summary>A time as the rows' date-time fields carry it.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
