namespace CpqSync.Storage;

/// <summary>
/// How far change detection has read one object of one connection: the highest <c>SystemModstamp</c> seen, and the ids
/// seen at exactly that instant, so the next poll (which overlaps by re-reading from that instant) skips them.
/// </summary>
public sealed record ChangeCursor(
    Guid ConnectionId,
    string ObjectName,
    DateTimeOffset HighWaterMark,
    IReadOnlyList<string> IdsAtHighWaterMark);
