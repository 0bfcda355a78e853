using CpqSync.Engine.Preview;
using CpqSync.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The snapshot reader and previewer over the registered <c>SalesforceClient</c> (see <c>AddSalesforceClient</c>).
    /// Singletons: the reader keeps the org's describe between orders.
    /// </summary>
    public static IServiceCollection AddSyncEngine(this IServiceCollection services)
    {
        services.AddRecordSync();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderSnapshotReader>();
        services.TryAddSingleton<OrderPreviewer>();
        return services;
    }
}
