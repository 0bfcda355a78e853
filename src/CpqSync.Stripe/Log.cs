using Microsoft.Extensions.Logging;

namespace CpqSync.Stripe;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug,
        Message = "Stripe {Method} {Path} for {OperationId} gave {StripeId} (replayed: {Replayed}, request {RequestId})")]
    public static partial void OperationApplied(this ILogger logger, string method, string path, string operationId, string stripeId,
        bool replayed, string? requestId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Stripe refused {OperationId} from Salesforce record {SourceRecordId}: {ErrorType}/{Code} on {Param}: {StripeMessage} " +
                  "(HTTP {Status}, request {RequestId}, transient: {IsTransient})")]
    public static partial void OperationFailed(this ILogger logger, string operationId, string sourceRecordId, string errorType, string? code,
        string? param, string stripeMessage, int? status, string? requestId, bool isTransient);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Retrying Stripe {Method} {Path} in {Delay} (attempt {Attempt}) after {Outcome}")]
    public static partial void RetryingRequest(this ILogger logger, HttpMethod? method, string? path, TimeSpan delay, int attempt, string outcome);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Applied {Count} Stripe operations for Salesforce order {OrderId} ({Replayed} replayed from an earlier run)")]
    public static partial void PlanApplied(this ILogger logger, int count, string orderId, int replayed);
}
