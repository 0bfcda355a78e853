using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Salesforce.Tests.Support;

/// <summary>Builds the client the way an application does (DI, options, the real HTTP pipeline) over a given handler.</summary>
internal static class ClientFactory
{
    public static ServiceProvider Build(
        HttpMessageHandler handler, Action<SalesforceOptions>? configure = null, TimeProvider? timeProvider = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddSalesforceClient(o =>
            {
                o.LoginUrl = new Uri("https://login.example.test");
                o.ClientId = "3MVG9-test-client";
                o.ClientSecret = "client-secret-value";
                o.Username = "integration@acme.example";
                o.Password = "pass-word-value";
                o.RetryBaseDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
