using Microsoft.Extensions.Logging;

namespace CpqSync.Engine;

/// <summary>Stable event ids of the engine's log messages.</summary>
public static class EngineEventIds
{
    public const int SnapshotRead = 6100;
    public const int SnapshotSchemaMissing = 6101;
    public const int SnapshotPageRead = 6102;
    public const int OrgFactsDetected = 6110;
    public const int OrgFactsNotRead = 6111;
    public const int ChangeEventsQueued = 6120;
    public const int ChangeEventGap = 6121;
    public const int ChangeEventReplayRejected = 6122;
    public const int ChangeEventsCatchingUp = 6123;
}

/// <summary>The engine's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EngineEventIds.SnapshotRead, LogLevel.Debug,
        "Read the snapshot of order {OrderId}: {RecordCount} records in {SalesforceCalls} Salesforce calls")]
    public static partial void SnapshotRead(this ILogger logger, string orderId, int recordCount, int salesforceCalls);

    [LoggerMessage(EngineEventIds.SnapshotPageRead, LogLevel.Debug,
        "Read the snapshots of a page of {OrderCount} orders in {SalesforceCalls} Salesforce calls")]
    public static partial void SnapshotPageRead(this ILogger logger, int orderCount, int salesforceCalls);

    [LoggerMessage(EngineEventIds.SnapshotSchemaMissing, LogLevel.Error,
        "The org lacks what a sync reads: {Missing}")]
    public static partial void SnapshotSchemaMissing(this ILogger logger, string missing);

    [LoggerMessage(EngineEventIds.OrgFactsDetected, LogLevel.Information,
        "Org {OrganizationId} detected: multi-currency {MultiCurrency}, corporate currency {CorporateCurrency}, time zone {TimeZone}, CPQ {CpqVersion}")]
    public static partial void OrgFactsDetected(
        this ILogger logger, string organizationId, bool multiCurrency, string? corporateCurrency, string timeZone, string? cpqVersion);

    [LoggerMessage(EngineEventIds.OrgFactsNotRead, LogLevel.Warning,
        "The org's facts could not be read ({Reason}); running with the stored settings until the next run")]
    public static partial void OrgFactsNotRead(this ILogger logger, string reason);
}
