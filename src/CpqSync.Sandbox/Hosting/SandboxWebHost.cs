using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CpqSync.Sandbox.Hosting;

/// <summary>
/// The web host of each sandbox server (the org's REST API and OAuth, its Pub/Sub endpoint, the Stripe API): a server
/// embedded in a process that owns it, started and disposed by its owner (a command, <c>serve --sandbox</c>, a test).
/// </summary>
/// <remarks>
/// The host takes no console lifetime: one hooks the process's exit and Ctrl+C. Its exit hook waits for the host to be
/// disposed, up to twice the shutdown timeout (a minute) for each host never disposed, so a test run that left a
/// server behind kept its test host from exiting after its tests had passed; and Ctrl+C stopped the servers behind the
/// owning command's back. The owner handles signals and stops the servers itself.
/// </remarks>
internal static class SandboxWebHost
{
    public static WebApplicationBuilder CreateBuilder()
    {
        // Content root = the binaries, so an appsettings.json in the user's working directory can't reconfigure Kestrel.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        return builder;
    }

    /// <summary>Stops the host and disposes it, disposed even when stopping fails.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private sealed class OwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
