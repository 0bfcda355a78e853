using CpqSync.Engine.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine.Changes;

public static class ChangePollingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ChangePollingOptions"/> (validated when first read and at start-up) and the
    /// <see cref="ChangeSourceFactory"/>. Needs a <c>SalesforceClient</c> and an <c>ISyncStore</c>; the host binds the
    /// options, for example from <c>Sync:Polling</c>, through <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddChangePolling(this IServiceCollection services, Action<ChangePollingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<ChangePollingOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<WriteBackEchoes>();
        services.TryAddSingleton<ChangeSourceFactory>();
        return services;
    }
}
