using System.Net;
using Microsoft.Extensions.Logging;

namespace CpqSync.Salesforce;

/// <summary>Stable event ids of the Salesforce client's log messages.</summary>
public static class SalesforceEventIds
{
    public const int SessionIssued = 4100;
    public const int SessionRenewing = 4101;
    public const int OAuthFailed = 4102;
    public const int SessionRevoked = 4103;
    public const int RequestFailed = 4110;
    public const int RetryingRequest = 4111;
    public const int QueryPageRead = 4120;
    public const int CollectionBatchSent = 4130;
    public const int CollectionBatchSkipped = 4131;
    public const int ApiUsageHigh = 4140;
}

/// <summary>The client's log messages. None of them carries a token, secret, password or key.</summary>
internal static partial class Log
{
    [LoggerMessage(SalesforceEventIds.SessionIssued, LogLevel.Information,
        "Salesforce session issued by the {Flow} flow for {InstanceUrl}")]
    public static partial void SessionIssued(this ILogger logger, SalesforceAuthFlow flow, Uri instanceUrl);

    [LoggerMessage(SalesforceEventIds.SessionRenewing, LogLevel.Information,
        "Salesforce rejected the session ({ErrorCode}); renewing it through the {Flow} flow and replaying the request")]
    public static partial void SessionRenewing(this ILogger logger, string errorCode, SalesforceAuthFlow flow);

    [LoggerMessage(SalesforceEventIds.OAuthFailed, LogLevel.Error,
        "Salesforce refused the {Flow} grant: {Error} ({ErrorDescription})")]
    public static partial void OAuthFailed(this ILogger logger, SalesforceAuthFlow flow, string error, string? errorDescription);

    [LoggerMessage(SalesforceEventIds.SessionRevoked, LogLevel.Information, "Salesforce session revoked")]
    public static partial void SessionRevoked(this ILogger logger);

    [LoggerMessage(SalesforceEventIds.RequestFailed, LogLevel.Warning,
        "Salesforce {Method} {Path} failed with {StatusCode} {ErrorCode}: {ErrorMessage}")]
    public static partial void RequestFailed(
        this ILogger logger, HttpMethod method, string path, HttpStatusCode statusCode, string errorCode, string errorMessage);

    [LoggerMessage(SalesforceEventIds.RetryingRequest, LogLevel.Warning,
        "Retrying Salesforce {Method} {Path} in {Delay} (attempt {Attempt}) after {Outcome}")]
    public static partial void RetryingRequest(this ILogger logger, HttpMethod? method, string? path, TimeSpan delay, int attempt, string outcome);

    [LoggerMessage(SalesforceEventIds.QueryPageRead, LogLevel.Debug,
        "Read a page of {RecordCount} records ({TotalSize} in all, done: {Done})")]
    public static partial void QueryPageRead(this ILogger logger, int recordCount, int totalSize, bool done);

    [LoggerMessage(SalesforceEventIds.CollectionBatchSent, LogLevel.Debug,
        "Sent a {Operation} batch of {RecordCount} records: {SucceededCount} succeeded")]
    public static partial void CollectionBatchSent(this ILogger logger, string operation, int recordCount, int succeededCount);

    [LoggerMessage(SalesforceEventIds.CollectionBatchSkipped, LogLevel.Warning,
        "Did not send {RecordCount} {Operation} records: an earlier batch failed and allOrNone was requested")]
    public static partial void CollectionBatchSkipped(this ILogger logger, string operation, int recordCount);

    [LoggerMessage(SalesforceEventIds.ApiUsageHigh, LogLevel.Warning,
        "Salesforce API usage is at {Used} of {Max} daily requests")]
    public static partial void ApiUsageHigh(this ILogger logger, long used, long max);
}
