using CpqSync.Engine.Records;
using CpqSync.Engine.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine;

public static class RecordSyncServiceCollectionExtensions
{
    /// <summary>
    /// The manual sync of products, a price book or an account (<see cref="RecordSyncer"/>), with its reader and the
    /// write-back. It also needs the Stripe applier (<c>AddStripeApplier</c>) and the store (<c>AddCpqSyncStorage</c>).
    /// <see cref="EngineServiceCollectionExtensions.AddSyncEngine"/> includes it.
    /// </summary>
    public static IServiceCollection AddRecordSync(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecordSnapshotReader>();
        services.AddSalesforceWriteBack();
        services.TryAddSingleton<RecordSyncer>();
        return services;
    }
}
