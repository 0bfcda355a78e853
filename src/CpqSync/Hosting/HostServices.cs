using CpqSync.Engine;
using CpqSync.Engine.Changes;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;
using CpqSync.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>The services every command and <c>serve</c> share: Salesforce client, Stripe applier, store, engine.</summary>
public static class HostServices
{
    public const string PollingSection = "Sync:Polling";

    public static IServiceCollection AddCpqSyncHostServices(this IServiceCollection services, IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(time);
        services.AddSingleton(configuration);
        services.AddSalesforceClient(configuration);
        services.AddStripeApplier(configuration);
        // The clients read their options' current value: stored credentials that change (the wizard) apply at their next call.
        services.AddSingleton<IOptions<SalesforceOptions>, CurrentOptions<SalesforceOptions>>();
        services.AddSingleton<IOptions<StripeOptions>, CurrentOptions<StripeOptions>>();
        services.AddSingleton<ConnectionCredentials>();
        services.AddCpqSyncStorage(configuration).AddSqlite().AddPostgreSql();
        services.AddSyncEngine();
        services.AddSyncWorker(configuration);
        services.AddChangePolling(options => configuration.GetSection(PollingSection).Bind(options));
        services.AddChangeEvents();
        services.AddSingleton(sp => new ConnectionDocumentStore(sp.GetRequiredService<ISyncStore>()));
        services.AddHttpClient(ServiceReachability.HttpClientName, client => client.Timeout = ServiceReachability.Timeout);
        services.AddSingleton<ServiceReachability>();
        services.AddSingleton<PublicAddress>();
        return services;
    }
}
