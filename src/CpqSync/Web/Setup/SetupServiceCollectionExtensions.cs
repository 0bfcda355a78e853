using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CpqSync.Web.Setup;

public static class SetupServiceCollectionExtensions
{
    /// <summary>
    /// The setup wizard's services. Needs the store (<c>AddCpqSyncStorage</c>), the Salesforce client
    /// (<c>AddSalesforceClient</c>) and the engine's previewer (<c>AddSyncEngine</c>) registered by the host.
    /// </summary>
    public static IServiceCollection AddSetupWizard(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SetupConnection>();
        services.TryAddSingleton<SalesforceConnector>();
        services.TryAddSingleton<StripeKeyCheck>();
        services.TryAddSingleton<SourceFieldPicker>();
        services.TryAddSingleton<MappingPreview>();
        services.TryAddSingleton<OrgFactsRefresh>();
        return services;
    }
}
