using CpqSync.Hosting;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Web.Tests.Support;

/// <summary>
/// <c>cpqsync serve --sandbox</c> started in-process on a free loopback port, with live sync off and one admin
/// account (<see cref="SignIn.AdminName"/>), as a new user finds it after the first run.
/// </summary>
public sealed class ServeSandbox : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cpqsync-serve-web-").FullName;
    private ServeHost? _host;

    public ServeHost Host => _host ?? throw new InvalidOperationException("serve has not started.");

    public Uri BaseUrl => Host.BaseUrl;

    public EmbeddedSandbox Sandbox => Host.Sandbox!;

    public IServiceProvider Services => Host.Services;

    public async Task InitializeAsync()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["CPQSYNC_Serve__Urls"] = "http://127.0.0.1:0" };
        _host = await ServeHost.StartAsync(new HostRequest(new CliEnvironment(variables, _directory), null, UseSandbox: true), TimeProvider.System, CancellationToken.None);
        await Services.GetRequiredService<IWebConnection>().SetLiveSyncAsync(false, CancellationToken.None);
        await Services.GetRequiredService<Security.WebAccounts>().CreateFirstAdminAsync(SignIn.AdminName, SignIn.AdminPassword, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // serve's throwaway store lives in the system's temp folder; a late handle only delays its cleanup.
        }
    }
}
