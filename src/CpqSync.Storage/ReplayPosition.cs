namespace CpqSync.Storage;

/// <summary>
/// Where a connection's change-event subscription to one topic has read up to: the replay id of the last event (or
/// keep-alive) whose work is queued, and when it was stored. Events after it are delivered again on resubscription
/// while the event bus retains them (72 hours); the time tells a catch-up query where to start once it no longer does.
/// </summary>
/// <param name="ReplayId">Opaque bytes from the Pub/Sub API (<c>replay_id</c>).</param>
/// <param name="ReadUpTo">When it was stored: every change committed before then was handled.</param>
public sealed record ReplayPosition(Guid ConnectionId, string Topic, ReadOnlyMemory<byte> ReplayId, DateTimeOffset ReadUpTo);
