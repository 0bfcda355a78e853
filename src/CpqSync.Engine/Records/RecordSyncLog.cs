using CpqSync.Core.Planning;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Records;

/// <summary>Stable event ids of the record sync's log messages (6300–6309; the order sync has 6200–6299).</summary>
public static class RecordSyncEventIds
{
    public const int RecordsSynced = 6300;
    public const int RecordsNotFound = 6301;
    public const int RecordsUnreadable = 6302;
}

/// <summary>The record sync's log messages.</summary>
internal static partial class RecordSyncLog
{
    [LoggerMessage(RecordSyncEventIds.RecordsSynced, LogLevel.Information,
        "Manual {Kind} sync: {Synced} of {Total} records synced, {FilteredOut} excluded by the connection's filters")]
    public static partial void RecordsSynced(this ILogger logger, RecordSyncKind kind, int synced, int total, int filteredOut);

    [LoggerMessage(RecordSyncEventIds.RecordsNotFound, LogLevel.Warning, "Manual {Kind} sync: no such records: {Missing}")]
    public static partial void RecordsNotFound(this ILogger logger, RecordSyncKind kind, string missing);

    [LoggerMessage(RecordSyncEventIds.RecordsUnreadable, LogLevel.Error, "Manual {Kind} sync could not read Salesforce: {Reason}")]
    public static partial void RecordsUnreadable(this ILogger logger, RecordSyncKind kind, string reason);
}
