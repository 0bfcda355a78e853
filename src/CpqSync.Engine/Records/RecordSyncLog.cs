using CpqSync.Core.Planning;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Records;

/// <summary>The record sync's log messages (event ids 6200–6209).</summary>
internal static partial class RecordSyncLog
{
    [LoggerMessage(6200, LogLevel.Information,
        "Manual {Kind} sync: {Synced} of {Total} records synced, {FilteredOut} excluded by the connection's filters")]
    public static partial void RecordsSynced(this ILogger logger, RecordSyncKind kind, int synced, int total, int filteredOut);

    [LoggerMessage(6201, LogLevel.Warning, "Manual {Kind} sync: no such records: {Missing}")]
    public static partial void RecordsNotFound(this ILogger logger, RecordSyncKind kind, string missing);

    [LoggerMessage(6202, LogLevel.Error, "Manual {Kind} sync could not read Salesforce: {Reason}")]
    public static partial void RecordsUnreadable(this ILogger logger, RecordSyncKind kind, string reason);
}
