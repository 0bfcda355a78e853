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
/// The stored document as the engine runs it, filter values as the document holds them (text): to sync, take
/// <see cref="ConnectionBootstrap.LoadEngineConnectionAsync"/>, which reloads it and types them against the org.
/// </param>
/// <param name="LiveSync">Backed by the stored document, so turning live sync off anywhere applies at the next poll.</param>
public sealed record BootstrappedConnection(StoredConnectionDocument Stored, EngineConnection Engine, ILiveSyncSwitch LiveSync)
{
    public Guid Id => Stored.Id;

    public string Name => Stored.Connection.Name;
}

/// <summary>
/// The settings a host was given (settings files, environment variables; with <c>serve --sandbox</c> the sandbox's),
/// without the stored credentials below them: what <see cref="ConnectionBootstrap"/> stores as credentials.
/// </summary>
public sealed record GivenSettings(IConfiguration Configuration);

/// <summary>
/// Opens the one connection the host runs, named by <c>Sync:Connection</c> (<c>default</c> unless set): applies the
/// store's migrations, creates the connection on first run with the document it is given, and stores the credentials
/// the settings give (<see cref="GivenSettings"/>) encrypted with it. Used by <c>serve</c>, <c>status</c>, <c>config</c> and the manual sync commands.
/// </summary>
public static class ConnectionBootstrap
{
    public const string NameKey = "Sync:Connection";

    public const string DefaultName = "default";

    /// <summary>The settings stored as the connection's credentials, under their setting names.</summary>
    public static IReadOnlyList<string> SecretSettings { get; } =
    [
        "Salesforce:ClientSecret", "Salesforce:Password", "Salesforce:SecurityToken", "Salesforce:RefreshToken",
        "Salesforce:PrivateKeyPem", "Stripe:ApiKey",
    ];

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
        var given = services.GetService<GivenSettings>()?.Configuration ?? configuration;
        await ApplySecretsAsync(store, connection.Id, given, cancellationToken);
        var documents = new ConnectionDocumentStore(store);
        var stored = await documents.LoadAsync(connection.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Connection '{connection.Name}' was deleted while starting.");
        return new BootstrappedConnection(
            stored, stored.Document.ToEngineConnection(stored.Id, IsStripeTestMode(configuration)), new StoredLiveSyncSwitch(documents, stored.Id));
    }

    /// <summary>
    /// The connection as the engine runs it now, reloaded from the store, with its filter values typed against the org's
    /// describe (a date field's <c>"2025-01-01"</c> becomes a date): what a worker pass, a backfill or a manual sync
    /// should run with. Costs one describe per filtered object, cached by the client. A connection whose org was never
    /// detected is detected first (<see cref="OrgFactsDetection.EnsureDetectedAsync"/>, three calls), so its settings
    /// hold what the org implies (multi-currency, default currency, time zone).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was deleted.</exception>
    public static async Task<EngineConnection> LoadEngineConnectionAsync(IServiceProvider services, Guid connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<OrgFactsDetection>().EnsureDetectedAsync(connectionId, cancellationToken);
        var stored = await services.GetRequiredService<ConnectionDocumentStore>().LoadAsync(connectionId, cancellationToken)
            ?? throw new InvalidOperationException($"Connection {connectionId} no longer exists in the store.");
        var preferences = await FilterValueTyping.TypeAsync(
            stored.Document.Preferences, services.GetRequiredService<SalesforceClient>(), cancellationToken);
        var testMode = IsStripeTestMode(services.GetRequiredService<IConfiguration>());
        return (stored.Document with { Preferences = preferences }).ToEngineConnection(connectionId, testMode);
    }

    /// <summary>Test-mode keys (<c>sk_test_</c>, <c>rk_test_</c>) send Dashboard links to <c>/test/</c>.</summary>
    public static bool IsStripeTestMode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["Stripe:ApiKey"]?.Contains("_test_", StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// Adds the credentials the settings give to the stored ones; a setting left out never removes or blanks a stored
    /// credential (such as the wizard's). Writes only on change.
    /// </summary>
    private static async Task ApplySecretsAsync(ISyncStore store, Guid connectionId, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var current = await store.GetSecretsAsync(connectionId, cancellationToken);
        var merged = current.ToDictionary(StringComparer.Ordinal);
        var changed = false;
        foreach (var key in SecretSettings)
        {
            if (configuration[key] is { Length: > 0 } value && (!merged.TryGetValue(key, out var old) || old != value))
            {
                merged[key] = value;
                changed = true;
            }
        }

        if (changed)
        {
            await store.SetSecretsAsync(connectionId, new ConnectionSecrets(merged), cancellationToken);
        }
    }
}
