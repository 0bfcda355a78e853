using CpqSync.Engine.Preview;
using CpqSync.Engine.Records;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.WriteBack;
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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderSnapshotReader>();
        services.TryAddSingleton<OrderPreviewer>();
        services.TryAddSingleton<RecordSnapshotReader>();
        // Manual record syncs also need the Stripe applier (AddStripeApplier) and the store (AddCpqSyncStorage).
        services.AddSalesforceWriteBack();
        services.TryAddSingleton<RecordSyncer>();
        return services;
    }
}
