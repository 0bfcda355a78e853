using CpqSync.Engine.Changes;

namespace CpqSync.Engine.Connections;

/// <summary>
/// The live sync toggle as the connection's stored document holds it, read at every poll: turning it off in the web
/// app or with <c>cpqsync config import</c> stops polling at the next tick. A deleted connection reads as off.
/// </summary>
public sealed class StoredLiveSyncSwitch(ConnectionDocumentStore documents, Guid connectionId) : ILiveSyncSwitch
{
    public async ValueTask<bool> IsOnAsync(CancellationToken cancellationToken)
    {
        var stored = await documents.LoadAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return stored?.Document.LiveSync ?? false;
    }
}
