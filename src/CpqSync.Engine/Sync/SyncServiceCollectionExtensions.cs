using CpqSync.Engine.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Engine.Sync;

public static class SyncServiceCollectionExtensions
{
    // The HTTP clients' names in AddSalesforceClient and AddStripeApplier (internal to those projects).
    private const string SalesforceHttpClient = "CpqSync.Salesforce";
    private const string StripeHttpClient = "CpqSync.Stripe";

    /// <summary>
    /// <see cref="OrderSyncer"/> and <see cref="ManualSync"/>, with the write-back they use, and call counting on the
    /// Salesforce and Stripe HTTP clients. Needs a <c>SalesforceClient</c> (<c>AddSalesforceClient</c>), the Stripe applier
    /// (<c>AddStripeApplier</c>) and an <c>ISyncStore</c> (<c>AddSyncStorage</c>) when resolved.
    /// </summary>
    public static IServiceCollection AddOrderSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSalesforceWriteBack();
        // Stage 0 of every sync: the connection prepared once per pass (filters typed, instance URL, Stripe test mode).
        services.TryAddSingleton<Connections.OrgFactsReader>();
        services.TryAddSingleton<ConnectionPreparer>();
        services.TryAddSingleton<SyncPipeline>();
        services.TryAddSingleton<OrderSyncer>();
        services.TryAddSingleton<ManualSync>();
        services.TryAddSingleton<CpqSync.Stripe.IStripeRateBudget, StoreRateBudget>();
        if (!services.Any(static d => d.ServiceType == typeof(CallCountingMarker)))
        {
            services.AddSingleton<CallCountingMarker>();
            services.AddHttpClient(SalesforceHttpClient).AddHttpMessageHandler(static () => new ApiCallCountingHandler(ApiService.Salesforce));
            services.AddHttpClient(StripeHttpClient).AddHttpMessageHandler(static () => new ApiCallCountingHandler(ApiService.Stripe));
        }

        return services;
    }

    /// <summary>Registered once the counting handlers are, so registering twice does not count every call twice.</summary>
    private sealed class CallCountingMarker;
}
