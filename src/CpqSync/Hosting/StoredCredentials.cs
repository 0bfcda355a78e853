using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>
/// The credentials stored encrypted with the connection (by the setup wizard, or from an earlier start's settings),
/// read before the clients are configured so that they form a configuration layer below every settings source.
/// </summary>
public static class StoredCredentials
{
    /// <summary>The stored entries that configure a client: the credentials, and the login URL the wizard signed in at.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. ConnectionBootstrap.SecretSettings, "Salesforce:LoginUrl"];

    /// <summary>
    /// The connection's stored credentials under their setting names, with <c>Salesforce:Flow</c> set to the refresh-token
    /// flow when a refresh token is stored and <paramref name="settings"/> name no flow. Empty when the connection does
    /// not exist yet. Applies the store's migrations first when <c>Storage:MigrateOnStart</c> is on, as the bootstrap would.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>> ReadAsync(
        IConfiguration settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddCpqSyncStorage(settings).AddSqlite().AddPostgreSql();
        await using var provider = services.BuildServiceProvider();
        if (provider.GetRequiredService<IOptions<StorageOptions>>().Value.MigrateOnStart)
        {
            await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        }

        var store = provider.GetRequiredService<ISyncStore>();
        var name = ConnectionBootstrap.ConnectionName(settings);
        var connection = await store.FindConnectionAsync(name, cancellationToken);
        if (connection is null)
        {
            return new Dictionary<string, string?>(StringComparer.Ordinal);
        }

        var secrets = await store.GetSecretsAsync(connection.Id, cancellationToken);
        var layer = Keys
            .Where(k => secrets.TryGetValue(k, out var value) && value.Length > 0)
            .ToDictionary(k => k, k => (string?)secrets[k], StringComparer.Ordinal);
        if (layer.ContainsKey("Salesforce:RefreshToken") && string.IsNullOrWhiteSpace(settings["Salesforce:Flow"]))
        {
            layer["Salesforce:Flow"] = nameof(SalesforceAuthFlow.RefreshToken);
        }

        return layer;
    }
}
