using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine.WriteBack;

public static class WriteBackServiceCollectionExtensions
{
    /// <summary><see cref="SalesforceWriteBack"/> over the registered <c>SalesforceClient</c> (see <c>AddSalesforceClient</c>).</summary>
    public static IServiceCollection AddSalesforceWriteBack(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WriteBackEchoes>();
        services.TryAddSingleton<SalesforceWriteBack>();
        return services;
    }
}
