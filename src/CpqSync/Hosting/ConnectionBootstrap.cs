using CpqSync.Engine.Changes;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>The connection a command runs: as stored, as the engine runs it, and its live sync toggle.</summary>
/// <param name="Engine">
/// The stored document as the engine runs it (<see cref="ConnectionPreparer.Build"/>), filter values as the document holds
/// them (text): to sync, take <see cref="ConnectionBootstrap.LoadEngineConnectionAsync"/>, which reloads and prepares it.
/// </param>
/// <param name="LiveSync">Backed by the stored document, so turning live sync off anywhere applies at the next poll.</param>
public sealed record BootstrappedConnection(StoredConnectionDocument Stored, EngineConnection Engine, ILiveSyncSwitch LiveSync)
{
    public Guid Id => Stored.Id;

    public string Name => Stored.Connection.Name;
}

/// <summary>
/// Opens the one connection the host runs, named by <c>Sync:Connection</c> (<c>default</c> unless set): applies the
/// store's migrations and creates the connection on first run with the document it is given. It never stores the
/// settings' credentials: they apply to the run that was given them; only the wizard and <c>cpqsync credentials</c>
/// change the stored ones (<see cref="StoredCredentials"/>). Used by <c>serve</c>, <c>status</c>, <c>config</c> and the manual sync commands.
/// </summary>
public static class ConnectionBootstrap
{
    public const string NameKey = "Sync:Connection";

    public const string DefaultName = "default";

    public static string ConnectionName(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[NameKey] is { Length: > 0 } name ? name.Trim() : DefaultName;
    }

    /// <param name="firstRunDocument">The document a new connection starts with (from <c>Sync:ConfigurationFile</c> or the defaults).</param>
    /// <exception cref="ConnectionDocumentException">The stored document can't be read.</exception>
    public static async Task<BootstrappedConnection> OpenAsync(
        IServiceProvider services, ConnectionDocument firstRunDocument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(firstRunDocument);
        var configuration = services.GetRequiredService<IConfiguration>();
        var store = services.GetRequiredService<ISyncStore>();
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        }

        var connection = await store.FindOrCreateConnectionAsync(ConnectionName(configuration), ConnectionDocumentJson.Save(firstRunDocument), cancellationToken);
        var documents = new ConnectionDocumentStore(store);
        var stored = await documents.LoadAsync(connection.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Connection '{connection.Name}' was deleted while starting.");
        return new BootstrappedConnection(
            stored, services.GetRequiredService<ConnectionPreparer>().Build(stored, DocumentationLink(services)),
            new StoredLiveSyncSwitch(documents, stored.Id));
    }

    /// <summary>
    /// The connection as the engine runs it now, reloaded from the store and prepared by the engine
    /// (<see cref="ConnectionPreparer.LoadAsync"/>: org detected if never, filter values typed, instance URL, Stripe test
    /// mode): what a worker pass, a backfill or a manual sync should run with.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was deleted.</exception>
    public static Task<EngineConnection> LoadEngineConnectionAsync(IServiceProvider services, Guid connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<ConnectionPreparer>().LoadAsync(connectionId, DocumentationLink(services), cancellationToken);
    }

    /// <summary>Where Sync Records link for an error's fix: the error reference at the web app's public address.</summary>
    public static string DocumentationLink(IServiceProvider services) =>
        services.GetRequiredService<PublicAddress>().ErrorReference;
}
