using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Salesforce.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Salesforce.Tests.Sandbox;

/// <summary>The emulated org on a loopback port and a client configured against it, as an application would be.</summary>
internal sealed class SandboxSession : IAsyncDisposable
{
    private SandboxSession(SalesforceSandboxServer server, ServiceProvider services, ListLoggerProvider logs)
    {
        Server = server;
        Services = services;
        Logs = logs;
    }

    public SalesforceSandboxServer Server { get; }

    public ServiceProvider Services { get; }

    public ListLoggerProvider Logs { get; }

    public SalesforceClient Client => Services.GetRequiredService<SalesforceClient>();

    public static async Task<SandboxSession> StartAsync(
        Action<SalesforceOptions>? configure = null, string seed = "empty", SalesforceSandboxOptions? sandbox = null)
    {
        var server = await SalesforceSandboxServer.StartAsync(
            sandbox ?? new SalesforceSandboxOptions { Org = new SalesforceOrgOptions { Seed = seed } }, TimeProvider.System, TestCancellation.Token);
        var logs = new ListLoggerProvider();
        return new SandboxSession(server, Connect(server, logs, configure), logs);
    }

    /// <summary>Another application's client for the same org.</summary>
    public ServiceProvider Connect(Action<SalesforceOptions>? configure) => Connect(Server, new ListLoggerProvider(), configure);

    private static ServiceProvider Connect(SalesforceSandboxServer server, ListLoggerProvider logs, Action<SalesforceOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSalesforceClient(o =>
        {
            o.LoginUrl = server.BaseUrl;
            o.ClientId = server.Credentials.ClientId;
            o.ClientSecret = server.Credentials.ClientSecret;
            o.Username = server.Credentials.Username;
            o.Password = server.Credentials.Password;
            o.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
