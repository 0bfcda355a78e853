namespace CpqSync.Storage;

/// <summary>Connections by name: the command line, <c>serve</c> and the web app each run the one their settings name.</summary>
public static class SyncStoreConnections
{
    /// <returns>The connection named <paramref name="name"/> (ordinal match), or <see langword="null"/>.</returns>
    public static async Task<SyncConnection?> FindConnectionAsync(this ISyncStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var connections = await store.ListConnectionsAsync(cancellationToken).ConfigureAwait(false);
        return connections.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// The connection named <paramref name="name"/>, created with <paramref name="configurationJson"/> when there is none;
    /// when another process creates it first, that one is returned.
    /// </summary>
    public static async Task<SyncConnection> FindOrCreateConnectionAsync(
        this ISyncStore store, string name, string configurationJson, CancellationToken cancellationToken)
    {
        var existing = await store.FindConnectionAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await store.CreateConnectionAsync(new NewSyncConnection(name, null, null, configurationJson), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DuplicateConnectionException)
        {
            return await store.FindConnectionAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Connection '{name}' vanished.");
        }
    }
}
