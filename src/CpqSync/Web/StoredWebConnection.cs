using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Hosting;
using CpqSync.Storage;

namespace CpqSync.Web;

/// <summary>
/// The connection named by <c>Sync:Connection</c> (as <see cref="ConnectionBootstrap"/> opens it), read from the store
/// on every call so the wizard's saves and <c>config import</c> show at once.
/// </summary>
internal sealed class StoredWebConnection(
    ISyncStore store, IConfiguration configuration, PublicAddress publicAddress, ConnectionPreparer preparer) : IWebConnection
{
    private const int SaveAttempts = 5;

    private readonly ConnectionDocumentStore _documents = new(store);

    public async Task<EngineConnection?> GetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } stored
            ? preparer.Build(stored, publicAddress.ErrorReference)
            : null;

    public async Task<bool> IsLiveSyncOnAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken))?.Document.LiveSync ?? false;

    public async Task SetLiveSyncAsync(bool on, CancellationToken cancellationToken)
    {
        // Optimistic versions: another save in between (the wizard, an import) wins, and the toggle applies on top of it.
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var stored = await LoadAsync(cancellationToken)
                ?? throw new InvalidOperationException("There is no connection to turn live sync on or off for.");
            if (stored.Document.LiveSync == on
                || await _documents.SaveAsync(stored.Id, stored.Document with { LiveSync = on }, stored.Version, cancellationToken) is not null)
            {
                return;
            }
        }

        throw new InvalidOperationException("The connection kept changing while live sync was being switched; try again.");
    }

    private async Task<StoredConnectionDocument?> LoadAsync(CancellationToken cancellationToken)
    {
        var name = ConnectionBootstrap.ConnectionName(configuration);
        var connection = await store.FindConnectionAsync(name, cancellationToken);
        return connection is null ? null : await _documents.LoadAsync(connection.Id, cancellationToken);
    }
}
