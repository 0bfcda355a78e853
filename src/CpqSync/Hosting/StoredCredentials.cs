using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>
/// The credentials stored encrypted with the connection (by the setup wizard or <c>cpqsync credentials set</c>), read
/// before the clients are configured so that they form a configuration layer below every settings source
/// (<see cref="StoredCredentialsLayer"/>). Settings given to a run override them for that run only and never
/// overwrite them (docs/cli.md, "The connection").
/// </summary>
public static class StoredCredentials
{
    public const string FlowKey = "Salesforce:Flow";

    public const string RefreshTokenKey = "Salesforce:RefreshToken";

    /// <summary>The stored entries that configure a client: where to sign in, the connected app, the credentials.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "Salesforce:LoginUrl", "Salesforce:ClientId", "Salesforce:ClientSecret", "Salesforce:Username", "Salesforce:Password",
        "Salesforce:SecurityToken", RefreshTokenKey, "Salesforce:PrivateKeyPem", "Stripe:ApiKey", "Stripe:ApiBase",
    ];

    /// <summary>
    /// The connection's stored secrets (empty when the connection does not exist yet). With <paramref name="createStore"/>,
    /// applies the store's migrations first when <c>Storage:MigrateOnStart</c> is on, as the bootstrap would; without,
    /// reads only a store that exists and is migrated, and finds nothing otherwise.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        IConfiguration settings, TimeProvider time, bool createStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var provider = StorageOnly(settings, time);
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (createStore && options.MigrateOnStart)
        {
            await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        }
        else if (!createStore && !SqliteFileExists(options))
        {
            return none;
        }

        try
        {
            var store = provider.GetRequiredService<ISyncStore>();
            var connection = await store.FindConnectionAsync(ConnectionBootstrap.ConnectionName(settings), cancellationToken);
            return connection is null ? none : await store.GetSecretsAsync(connection.Id, cancellationToken);
        }
        catch (Exception e) when (!createStore && e is not OperationCanceledException)
        {
            // A store that is not there (or not migrated) holds no credentials, and a read-only command must not create it.
            return none;
        }
    }

    /// <summary>Whether the SQLite database file exists; true for PostgreSQL (its database is not created by reading it).</summary>
    private static bool SqliteFileExists(StorageOptions options)
    {
        if (!string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            options.ConnectionString ?? $"Data Source={StorageOptions.DefaultSqliteFile}").DataSource;
        return source.Length > 0 && File.Exists(Path.GetFullPath(source));
    }

    /// <summary>
    /// The configuration entries the stored <paramref name="secrets"/> stand for, under their setting names, with the
    /// flow they imply when neither <paramref name="given"/> settings nor the store name one: the refresh-token flow
    /// (the wizard's), unless a username is given for the username-password flow without a stored refresh token.
    /// </summary>
    public static Dictionary<string, string?> Layer(IReadOnlyDictionary<string, string> secrets, IConfiguration given)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(given);
        var layer = Keys
            .Where(k => secrets.TryGetValue(k, out var value) && value.Length > 0)
            .ToDictionary(k => k, k => (string?)secrets[k], StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(given[FlowKey]))
        {
            var username = !string.IsNullOrWhiteSpace(given["Salesforce:Username"]) || layer.ContainsKey("Salesforce:Username");
            if (layer.ContainsKey(RefreshTokenKey) || !username)
            {
                layer[FlowKey] = nameof(SalesforceAuthFlow.RefreshToken);
            }
        }

        return layer;
    }

    /// <summary>Replaces the connection's stored credentials named in <paramref name="values"/> (empty removes one); keeps the others.</summary>
    /// <returns>The connection's secrets after the change.</returns>
    public static async Task<ConnectionSecrets> ChangeAsync(
        ISyncStore store, Guid connectionId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(values);
        var current = await store.GetSecretsAsync(connectionId, cancellationToken);
        var merged = current.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        var secrets = new ConnectionSecrets(merged);
        await store.SetSecretsAsync(connectionId, secrets, cancellationToken);
        return secrets;
    }

    private static ServiceProvider StorageOnly(IConfiguration settings, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddCpqSyncStorage(settings).AddSqlite().AddPostgreSql();
        return services.BuildServiceProvider();
    }
}

/// <summary>
/// The stored credentials as the lowest configuration layer of a host. <see cref="Apply"/> replaces its entries and
/// reloads the configuration, so the options built from it change and the Salesforce and Stripe clients sign in with
/// the new credentials at their next call: what the wizard stores applies without a restart.
/// </summary>
public sealed class StoredCredentialsLayer(IConfiguration given) : ConfigurationProvider, IConfigurationSource
{
    private int _version;

    /// <summary>Counts the changes applied since the host started.</summary>
    public int Version => Volatile.Read(ref _version);

    IConfigurationProvider IConfigurationSource.Build(IConfigurationBuilder builder) => this;

    /// <summary>Takes the connection's stored secrets as the layer's entries (see <see cref="StoredCredentials.Layer"/>).</summary>
    public void Apply(IReadOnlyDictionary<string, string> secrets)
    {
        Data = StoredCredentials.Layer(secrets, given);
        Interlocked.Increment(ref _version);
        OnReload();
    }
}
