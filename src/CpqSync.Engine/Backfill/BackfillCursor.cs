using System.Globalization;
using CpqSync.Storage;

namespace CpqSync.Engine.Backfill;

/// <summary>
/// Where a backfill stopped reading, kept in the store's cursors: the last order queued, by (<c>ActivatedDate</c>, Id).
/// A finished backfill leaves the cursor at "not started", so the next one starts from the beginning.
/// </summary>
internal static class BackfillCursor
{
    private static readonly DateTimeOffset NotStarted = DateTimeOffset.UnixEpoch;

    /// <summary>One cursor per start date, so a backfill with another <c>--since</c> does not resume this one.</summary>
    public static string Name(DateOnly? since) =>
        since is { } day ? "backfill:Order:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "backfill:Order";

    /// <summary>The last order queued, or <see langword="null"/> when no backfill is under way.</summary>
    public static (DateTimeOffset ActivatedDate, string Id)? After(ChangeCursor? cursor) =>
        cursor is { IdsAtHighWaterMark: [var id, ..] } && cursor.HighWaterMark != NotStarted ? (cursor.HighWaterMark, id) : null;

    public static ChangeCursor At(Guid connectionId, string name, DateTimeOffset activatedDate, string orderId) =>
        new(connectionId, name, activatedDate, [orderId]);

    public static ChangeCursor Finished(Guid connectionId, string name) => new(connectionId, name, NotStarted, []);
}
