using CpqSync.Salesforce;
using CpqSync.Salesforce.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Changes;

public static class ChangeEventServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Pub/Sub client for change events: endpoint <c>Salesforce:PubSubEndpoint</c>
    /// (<see cref="SalesforceOptions.PubSubEndpoint"/>), the REST client's session. The change-source factory then
    /// offers the <see cref="LiveSyncMode.ChangeEvents"/> mode.
    /// </summary>
    public static IServiceCollection AddChangeEvents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPubSubCredentialSource>(sp => new SalesforcePubSubCredentials(sp.GetRequiredService<SalesforceClient>()));
        services.TryAddSingleton(sp => new PubSubClient(
            new PubSubClientOptions { Endpoint = sp.GetRequiredService<IOptions<SalesforceOptions>>().Value.PubSubEndpoint },
            sp.GetRequiredService<IPubSubCredentialSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<PubSubClient>(),
            new PubSubMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>())));
        return services;
    }
}
