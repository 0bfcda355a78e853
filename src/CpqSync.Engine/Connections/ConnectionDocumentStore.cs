using CpqSync.Storage;

namespace CpqSync.Engine.Connections;

/// <summary>A connection's document as last stored, with the version a save must match.</summary>
public sealed record StoredConnectionDocument(SyncConnection Connection, ConnectionDocument Document)
{
    public Guid Id => Connection.Id;

    public long Version => Connection.Version;
}

/// <summary>Reads and writes connections' configuration documents in the store, with optimistic versions.</summary>
public sealed class ConnectionDocumentStore(ISyncStore store)
{
    /// <returns><see langword="null"/> when there is no such connection.</returns>
    /// <exception cref="ConnectionDocumentException">The stored document can't be read (edited outside CpqSync).</exception>
    public async Task<StoredConnectionDocument?> LoadAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await store.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return connection is null ? null : new StoredConnectionDocument(connection, ConnectionDocumentJson.Load(connection.ConfigurationJson));
    }

    /// <returns>The saved document, or <see langword="null"/> when someone saved in between (reload, then retry).</returns>
    public async Task<StoredConnectionDocument?> SaveAsync(
        Guid connectionId, ConnectionDocument document, long expectedVersion, CancellationToken cancellationToken)
    {
        var updated = await store.UpdateConfigurationAsync(connectionId, ConnectionDocumentJson.Save(document), expectedVersion, cancellationToken)
            .ConfigureAwait(false);
        return updated is null ? null : new StoredConnectionDocument(updated, document);
    }
}
