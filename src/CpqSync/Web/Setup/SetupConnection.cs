using CpqSync.Storage;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Web.Setup;

/// <summary>The connection as the wizard last read it: its document and the version a save must match.</summary>
public sealed record SetupSnapshot(Guid ConnectionId, long Version, SetupDocument Document);

/// <summary>
/// The connection the wizard configures (named by <c>Sync:Connection</c>, <c>default</c> unless set), created on
/// first use: reads and saves its document with optimistic versions, and adds credentials to its encrypted secrets.
/// </summary>
public sealed class SetupConnection(ISyncStore store, IConfiguration configuration)
{
    public const string NameKey = "Sync:Connection";

    public const string DefaultName = "default";

    private string Name => configuration[NameKey] is { Length: > 0 } name ? name : DefaultName;

    public async Task<SetupSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        return new SetupSnapshot(connection.Id, connection.Version, SetupDocumentJson.Load(connection.ConfigurationJson));
    }

    /// <summary>Saves what one step changed on top of the document the page showed.</summary>
    /// <returns>The new snapshot, or <see langword="null"/> when someone saved in between (reload, then retry).</returns>
    public async Task<SetupSnapshot?> SaveAsync(
        Guid connectionId, long expectedVersion, SetupDocument document, CancellationToken cancellationToken)
    {
        var updated = await store.UpdateConfigurationAsync(connectionId, SetupDocumentJson.Save(document), expectedVersion, cancellationToken)
            .ConfigureAwait(false);
        return updated is null ? null : new SetupSnapshot(updated.Id, updated.Version, document);
    }

    /// <summary>Stored credentials by name; values never leave the server.</summary>
    public async Task<ConnectionSecrets> GetSecretsAsync(CancellationToken cancellationToken)
    {
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        return await store.GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the named credentials and keeps the others (the store replaces the whole set).</summary>
    public async Task SetSecretsAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        var current = await store.GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false);
        var merged = current.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        await store.SetSecretsAsync(connection.Id, new ConnectionSecrets(merged), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SyncConnection> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        var connections = await store.ListConnectionsAsync(cancellationToken).ConfigureAwait(false);
        var existing = connections.FirstOrDefault(c => string.Equals(c.Name, Name, StringComparison.Ordinal));
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await store.CreateConnectionAsync(new NewSyncConnection(Name, null, null), cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateConnectionException)
        {
            // Another request created it first.
            connections = await store.ListConnectionsAsync(cancellationToken).ConfigureAwait(false);
            return connections.First(c => string.Equals(c.Name, Name, StringComparison.Ordinal));
        }
    }
}
