namespace CpqSync.Storage;

/// <summary>The content hash of a record's last completed sync (its own table, <c>synced_content</c>).</summary>
/// <param name="Hash">The hash of what the sync read, as the engine computes it.</param>
/// <param name="RefusedWith">The planner's error code when that sync was refused; <see langword="null"/> when it synced.</param>
public sealed record SyncedContentHash(string Hash, string? RefusedWith);
