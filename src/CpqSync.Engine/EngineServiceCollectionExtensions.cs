using CpqSync.Engine.Connections;
using CpqSync.Engine.Preview;
using CpqSync.Engine.Records;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.StripeResolution;
using CpqSync.Engine.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The snapshot reader, the Stripe state resolver, the previewer and the order sync (see
    /// <see cref="SyncServiceCollectionExtensions.AddOrderSync"/>) over the registered <c>SalesforceClient</c>
    /// (see <c>AddSalesforceClient</c>) and Stripe reader and applier (see <c>AddStripeApplier</c>).
    /// Singletons: the reader keeps the org's describe between orders.
    /// </summary>
    public static IServiceCollection AddSyncEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderSnapshotReader>();
        services.TryAddSingleton<StripeStateResolver>();
        // The one pipeline every sync and the preview run through; without a store, previews plan without the id map.
        services.TryAddSingleton<OrgFactsReader>();
        services.TryAddSingleton<ConnectionPreparer>();
        services.TryAddSingleton<SyncPipeline>();
        services.TryAddSingleton<OrderPreviewer>();
        services.AddOrderSync();
        services.TryAddSingleton<RecordSnapshotReader>();
        // Manual record syncs also need the Stripe applier (AddStripeApplier) and the store (AddCpqSyncStorage);
        // AddOrderSync registers the Salesforce write-back they share with order syncs.
        services.TryAddSingleton<RecordSyncer>();
        services.TryAddSingleton<OrgFactsReader>();
        // Detection stores what it reads: it also needs the store (AddCpqSyncStorage).
        services.TryAddSingleton<OrgFactsDetection>();
        return services;
    }
}
