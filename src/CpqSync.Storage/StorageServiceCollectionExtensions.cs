using CpqSync.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CpqSync.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store from the <c>Storage</c> section: <see cref="ISyncStore"/>, <see cref="ISyncMonitor"/>, <see cref="IWebUserStore"/>,
    /// <see cref="IStoreMigrator"/>, and a hosted service applying migrations at start-up. Chain the backends the host
    /// ships: <c>services.AddCpqSyncStorage(configuration).AddSqlite().AddPostgreSql()</c>.
    /// </summary>
    public static CpqSyncStorageBuilder AddCpqSyncStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var builder = new CpqSyncStorageBuilder(services);
        services.TryAddSingleton(builder);
        services.TryAddSingleton(sp => sp.GetRequiredService<CpqSyncStorageBuilder>().Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().Store);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().Monitor);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().Users);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().Migrator);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().RateBudgets);
        services.AddHostedService<StorageMigrationService>();
        return builder;
    }
}

/// <summary>Collects the backends a host ships, so each backend assembly brings only its own driver.</summary>
public sealed class CpqSyncStorageBuilder
{
    private readonly Dictionary<string, Func<StorageOptions, SqlDialect>> _backends = new(StringComparer.OrdinalIgnoreCase);

    internal CpqSyncStorageBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    internal CpqSyncStorageBuilder AddBackend(string provider, Func<StorageOptions, SqlDialect> create)
    {
        _backends[provider] = create;
        return this;
    }

    internal StorageBackend Open(StorageOptions options, TimeProvider time)
    {
        if (_backends.Count == 0)
        {
            throw new InvalidOperationException(
                "No storage backend is registered: chain AddSqlite() and/or AddPostgreSql() after AddCpqSyncStorage(configuration).");
        }

        return _backends.TryGetValue(options.Provider, out var create)
            ? new StorageBackend(create(options), options, time)
            : throw new InvalidOperationException(
                $"Storage:Provider '{options.Provider}' is not available in this build (available: {string.Join(", ", _backends.Keys)}).");
    }
}

/// <summary>Applies pending migrations before the engine starts, when <see cref="StorageOptions.MigrateOnStart"/> is set.</summary>
internal sealed class StorageMigrationService(IStoreMigrator migrator, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
