using CpqSync.Engine.Backfill;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine.Sync;

public static class SyncWorkerServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="SyncWorker"/>, <see cref="BackfillRunner"/> and <see cref="FailedOrderRetry"/> with its <see cref="SyncWorkerOptions"/> bound from <c>Sync:Worker</c> and validated at
    /// start-up, over the order sync of <c>AddSyncEngine</c>.
    /// </summary>
    public static IServiceCollection AddSyncWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SyncWorkerOptions>().Bind(configuration.GetSection(SyncWorkerOptions.SectionName));
        return services.AddSyncWorkerCore();
    }

    /// <summary>Like <see cref="AddSyncWorker(IServiceCollection, IConfiguration)"/>, with options set in code.</summary>
    public static IServiceCollection AddSyncWorker(this IServiceCollection services, Action<SyncWorkerOptions>? configure = null)
    {
        var options = services.AddOptions<SyncWorkerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services.AddSyncWorkerCore();
    }

    private static IServiceCollection AddSyncWorkerCore(this IServiceCollection services)
    {
        services.AddOptions<SyncWorkerOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSyncEngine();
        services.TryAddSingleton<WorkQueuedSignal>();
        services.TryAddSingleton<SyncWorker>();
        services.TryAddSingleton<BackfillRunner>();
        services.TryAddSingleton<FailedOrderRetry>();
        return services;
    }
}
