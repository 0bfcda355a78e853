using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Core.Errors;

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
            ["Compound_ID__c"] = CompoundId(attempt.PrimaryId, SecondaryId),
            ["Primary_Record_ID__c"] = attempt.PrimaryId,
            ["Primary_Object_Type__c"] = attempt.PrimaryType,
            ["Secondary_Record_ID__c"] = SecondaryId,
            ["Secondary_Object_Type__c"] = SecondaryType,
            ["Resolution_Status__c"] = Status,
            ["Resolution_Message__c"] = Message,
            ["Resolution_Documentation_Link__c"] = isError ? ErrorReference.Link(preferences.DocumentationLink, ErrorCode) : null,
            ["Error_Code__c"] = ErrorCode,
            ["Retryable__c"] = Retryable,
            ["Attempt__c"] = attempt.Attempt,
            ["Stripe_Object_ID__c"] = StripeObjectId,
            ["Stripe_Dashboard_Link__c"] = StripeDashboardLink,
            ["Stripe_Request_Dashboard_Link__c"] = StripeRequestLink,
            ["Started_At__c"] = Timestamp(attempt.StartedAt),
            ["Completed_At__c"] = Timestamp(completedAt),
        };
        if (attempt.PrimaryType == "Order")
        {
            record["Order__c"] = attempt.PrimaryId;
        }

        if (attempt.AccountId is not null)
        {
            record["Account__c"] = attempt.AccountId;
        }

        return record;
    }

    /// <summary>A time as the rows' date-time fields carry it.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
